/**
 * The direct `$group` (query/group.ts, group-top.ts) against definitions written out here:
 * `$sum`/`$avg` give exactly what adding value by value with MongoDB's type promotion gives
 * (int32 → int64 on overflow, doubles, Decimal128), and `$topN`/`$bottomN`/`$top`/`$bottom` give
 * the first or last n of a stable sort of each group. Then through the server: `n` computed
 * from the group key, outputs, and MongoDB's errors for a bad `n`.
 */
import fc from 'fast-check';
import { BSON, Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { fastGroup } from '../../server/embedded-db/query/group';
import { getterFor, operandReader } from '../../server/embedded-db/query/group-operands';
import type { KeyEvaluator } from '../../server/embedded-db/query/group-top';
import { parseSort, sortDocs } from '../../server/embedded-db/query/sort';
import { addNumbers, isNumeric, type NumValue } from '../../server/embedded-db/values/numeric';
import { AnyDoc, startTestDb, TestDb } from './helpers';

const noKeyExpressions: KeyEvaluator = () => { throw new Error('no n expression in these specs'); };
const bytes = (v: unknown) => Buffer.from(BSON.serialize({ v }));

const numberArb = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(2 ** 31 - 1, -(2 ** 31), 2 ** 30, 2 ** 53, 0.1, 1.5, -2.25),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  fc.integer({ min: -3, max: 3 }).map((n) => new Double(n)),
  fc.integer({ min: -3, max: 3 }).map((n) => new Int32(n)),
  fc.constantFrom(Long.fromNumber(7), Long.fromString('9007199254740993')),
  fc.constantFrom(Decimal128.fromString('0.1'), Decimal128.fromString('2')),
  fc.constantFrom(null, 'x', undefined),
);

test('$sum and $avg add value by value with MongoDB type promotion, whatever the mix', () => {
  fc.assert(fc.property(fc.array(numberArb, { maxLength: 30 }), (values) => {
    const docs = values.map((v) => (v === undefined ? {} : { v }));
    const [row] = fastGroup(docs, { _id: null, s: { $sum: '$v' }, a: { $avg: '$v' } }, noKeyExpressions) ?? [{}];
    const numeric = values.filter(isNumeric) as NumValue[];
    const sum = numeric.reduce<NumValue>((acc, v) => addNumbers(acc, v), 0);
    if (docs.length === 0) return;
    expect(bytes(row.s).equals(bytes(sum))).toBe(true);
    if (numeric.length === 0) expect(row.a).toBeNull();
  }), { numRuns: 3000 });
});

test('operands read together along shared path prefixes equal each path read alone (arrays, BSON values, missing)', () => {
  const leaf = fc.constantFrom<unknown>(1, 'x', null, new Double(2), new ObjectId('65a000000000000000000001'), new Date(0), [], [1, 2]);
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leaf, fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3, noNullPrototype: true }), fc.array(tie('v'), { maxLength: 3 })),
  })).v;
  const doc = fc.dictionary(fc.constantFrom('a', 'b', 'c'), value, { maxKeys: 3, noNullPrototype: true });
  const paths = ['$a', '$a.b', '$a.b.c', '$a.c', '$b.a.a', '$b.a', '$c.c.c.c', '$$ROOT'];
  fc.assert(fc.property(doc, fc.subarray(paths, { minLength: 1 }), (d, chosen) => {
    const operands = chosen.map((p) => ({ get: getterFor(p)!, path: p.startsWith('$$') ? null : p.slice(1).split('.') }));
    const values: unknown[] = new Array(operands.length);
    operandReader(operands)(d, values);
    operands.forEach((op, i) => expect(values[i]).toEqual(op.get(d)));
  }), { numRuns: 3000 });
});

test('group keys: 1, 1.0 and Long(1) are one group, "1" another, null and missing one more; tuples never mix', () => {
  const docs = [{ k: 1 }, { k: new Double(1) }, { k: Long.fromNumber(1) }, { k: '1' }, { k: null }, {}, { k: 's', j: 'x' }, { k: 'sx' }];
  const one = fastGroup(docs, { _id: '$k', n: { $sum: 1 } }, noKeyExpressions)!;
  expect(one.map((r) => r.n)).toEqual([3, 1, 2, 1, 1]);
  const two = fastGroup(docs, { _id: { k: '$k', j: '$j' }, n: { $sum: 1 } }, noKeyExpressions)!;
  expect(two.map((r) => [(r._id as AnyDoc).k ?? null, (r._id as AnyDoc).j, r.n])).toEqual([[1, null, 3], ['1', null, 1], [null, null, 2], ['s', 'x', 1], ['sx', null, 1]]);
});

const sortKey = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(null, undefined, 'b', 2.5, new Double(3), [1, 4], { x: 1 }));

test('$topN / $bottomN / $top / $bottom are the first / last n of a stable sort of each group', () => {
  fc.assert(fc.property(
    fc.array(fc.record({ g: fc.integer({ min: 0, max: 2 }), k: sortKey, j: sortKey }), { maxLength: 40 }),
    fc.record({ k: fc.constantFrom(1, -1), j: fc.constantFrom(1, -1) }),
    fc.integer({ min: 1, max: 6 }),
    fc.boolean(),
    (gens, dirs, n, withSecond) => {
      const docs: AnyDoc[] = gens.map((d, i) => {
        const doc: AnyDoc = { _id: i, g: d.g };
        if (d.k !== undefined) doc.k = d.k;
        if (d.j !== undefined) doc.j = d.j;
        return doc;
      });
      const sortBy = withSecond ? { k: dirs.k, j: dirs.j } : { k: dirs.k };
      const rows = fastGroup(docs, {
        _id: '$g',
        top: { $topN: { n, sortBy, output: { id: '$_id', k: '$k' } } },
        bottom: { $bottomN: { n, sortBy, output: '$_id' } },
        first: { $top: { sortBy, output: ['$_id', '$missing'] } },
        last: { $bottom: { sortBy, output: '$_id' } },
      }, noKeyExpressions)!;
      for (const row of rows) {
        const sorted = sortDocs(docs.filter((d) => d.g === row._id), parseSort(sortBy), (d) => d);
        const ids = sorted.map((d) => d._id);
        expect(row.top).toEqual(sorted.slice(0, n).map((d) => (d.k === undefined ? { id: d._id } : { id: d._id, k: d.k })));
        expect(row.bottom).toEqual(ids.slice(Math.max(0, ids.length - n)));
        expect(row.first).toEqual([ids[0], null]);
        expect(row.last).toEqual(ids[ids.length - 1]);
      }
    },
  ), { numRuns: 1500 });
});

describe('through the server', () => {
  let db: TestDb;
  beforeAll(async () => { db = await startTestDb(); });
  afterAll(async () => { await db.stop(); });

  test('n may depend on the group key; outputs are field paths in objects and arrays', async () => {
    const coll = db.client.db('top').collection<AnyDoc>('scores');
    const ids = Array.from({ length: 12 }, (_, i) => new ObjectId(i.toString(16).padStart(24, '0')));
    await coll.insertMany(ids.map((_id, i) => ({ _id, grade: i % 2 === 0 ? 'D' : 'A', s: { total: i % 5, label: `r${i}` } })));
    const out = await coll.aggregate([
      {
        $group: {
          _id: { grade: '$grade' },
          worst: { $topN: { n: { $cond: [{ $eq: ['$grade', 'D'] }, 4, 1] }, sortBy: { 's.total': 1, _id: 1 }, output: { _id: '$_id', s: { total: '$s.total' } } } },
          best: { $top: { sortBy: { 's.total': -1, _id: 1 }, output: ['$s.label', '$nothing'] } },
        },
      },
      { $sort: { '_id.grade': 1 } },
    ]).toArray();
    // Odd rows (A): totals 1,3,0,2,4,1 → lowest 0 (row 5); even rows (D): 0,2,4,1,3,0 → 0,0,1,2.
    expect(out).toEqual([
      { _id: { grade: 'A' }, worst: [{ _id: ids[5], s: { total: 0 } }], best: ['r9', null] },
      { _id: { grade: 'D' }, worst: [0, 10, 6, 2].map((i) => ({ _id: ids[i], s: { total: i % 5 } })), best: ['r4', null] },
    ]);
  });

  test('n from a group key field that is null or missing (mingo\'s own $topN gets this wrong)', async () => {
    const coll = db.client.db('top').collection<AnyDoc>('nulls');
    await coll.insertMany([{ _id: 1, t: 3 }, { _id: 2, t: 2 }, { _id: 3, t: 1 }, { _id: 4, g: null, t: 5 }, { _id: 5, g: null, t: 4 }]);
    const out = await coll.aggregate([
      { $match: { g: { $exists: false } } },
      { $group: { _id: { g: '$g' }, top: { $topN: { n: { $cond: [{ $eq: [{ $ifNull: ['$g', null] }, null] }, 2, 1] }, sortBy: { t: -1 }, output: '$_id' } } } },
    ]).toArray();
    expect(out.map((r) => r.top)).toEqual([[1, 2]]); // (whether _id shows g: null or omits g is not the point here)
    const withNull = await coll.aggregate([
      { $match: { g: null } },
      { $group: { _id: null, top: { $topN: { n: { $cond: [{ $eq: [{ $ifNull: ['$g', null] }, null] }, 3, 1] }, sortBy: { t: -1 }, output: '$_id' } } } },
    ]).toArray();
    expect(withNull).toEqual([{ _id: null, top: [4, 5, 1] }]);
  });

  test('an n that is not a positive integer is refused as MongoDB refuses it', async () => {
    const coll = db.client.db('top').collection<AnyDoc>('bad');
    await coll.insertMany([{ a: 1 }, { a: 2 }]);
    const run = (n: unknown) => coll.aggregate([{ $group: { _id: null, t: { $topN: { n, sortBy: { a: 1 }, output: '$a' } } } }]).toArray();
    await expect(run(0)).rejects.toMatchObject({ code: 5787908 });
    await expect(run(1.5)).rejects.toMatchObject({ code: 5787902 });
    await expect(run('$a')).rejects.toMatchObject({ code: 5787902 });
    expect(await run(Long.fromNumber(1))).toEqual([{ _id: null, t: [1] }]);
  });
});
