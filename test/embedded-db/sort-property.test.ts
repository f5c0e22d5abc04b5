/** Sorting: the one-pass top-k selection used for sort + limit gives the same result as a full sort. */
import fc from 'fast-check';
import { Long } from 'bson';
import { SortField, sortDocs } from '../../server/embedded-db/query/sort';

const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b', null), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }));
const docs = fc.array(fc.record({ a: value, b: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: ['b'], noNullPrototype: true }), { maxLength: 60 });
const spec = fc.constantFrom<SortField[][]>([{ path: 'a', dir: 1 }], [{ path: 'a', dir: -1 }], [{ path: 'b', dir: 1 }, { path: 'a', dir: -1 }]);

test('top-k selection equals the first k of a full stable sort', () => {
  fc.assert(fc.property(docs, spec, fc.integer({ min: 1, max: 6 }), (ds, fields, k) => {
    const full = sortDocs(ds.map((d, i) => ({ ...d, i })), fields, (d) => d).slice(0, k);
    const top = sortDocs(ds.map((d, i) => ({ ...d, i })), fields, (d) => d, k);
    expect(top.map((d) => d.i)).toEqual(full.map((d) => d.i));
  }), { numRuns: 500 });
});

test('BSON order across types, arrays by min (ascending) or max (descending), missing as null', () => {
  const items = [{ v: 'x' }, { v: 2 }, {}, { v: [5, 0] }, { v: Long.fromNumber(1) }, { v: null }, { v: new Date(0) }, { v: true }];
  const asc = sortDocs(items.slice(), [{ path: 'v', dir: 1 }], (d) => d as never);
  expect(asc).toEqual([{}, { v: null }, { v: [5, 0] }, { v: Long.fromNumber(1) }, { v: 2 }, { v: 'x' }, { v: true }, { v: new Date(0) }]);
  const desc = sortDocs(items.slice(), [{ path: 'v', dir: -1 }], (d) => d as never);
  expect(desc[0]).toEqual({ v: new Date(0) });
  expect(desc.indexOf(items[3])).toBeLessThan(desc.indexOf(items[1])); // max 5 > 2
});
