// The conformance runner's matcher must itself follow the unified format's rules, or the
// conformance figures mean nothing. These cases come from the spec's "Evaluating Matches" text.
import { Binary, Double, Int32, Long, ObjectId } from 'bson';
import { match, matchExact, MatchContext } from '../../conformance/runner/match';

const lsid = { id: new Binary(Buffer.alloc(16, 1), 4) };
const ctx: MatchContext = {
  entity: (name) => ({ oid0: new ObjectId('000000000000000000000001') } as Record<string, unknown>)[name],
  sessionLsid: (name) => (name === 'session0' ? lsid : undefined),
};
const ok = (e: unknown, a: unknown, root = true) => expect(() => match(e, a, ctx, root)).not.toThrow();
const bad = (e: unknown, a: unknown, root = true) => expect(() => match(e, a, ctx, root)).toThrow();

describe('unified-format matcher', () => {
  test('root documents may have extra fields, nested ones may not', () => {
    ok({ x: 1 }, { x: 1, y: 1 });
    bad({ x: 1, y: 1 }, { x: 1 });
    bad({ x: { y: 1 } }, { x: { y: 1, z: 1 } });
    bad({ x: 1 }, { x: 1, y: 1 }, false);
  });

  test('arrays must have the same length; elements are not root documents', () => {
    ok([1, 2, 3], [1, 2, 3]);
    bad([1, 2, 3], [1, 2, 3, 4]);
    bad([{ x: 1 }], [{ x: 1, y: 2 }]);
  });

  test('numbers compare by value across int, long and double', () => {
    ok({ n: 1 }, { n: new Double(1) });
    ok({ n: new Long(5) }, { n: 5 });
    ok({ n: new Int32(7) }, { n: new Long(7) });
    bad({ n: 1 }, { n: 1.5 });
    bad({ n: 1 }, { n: '1' });
  });

  test('$$exists and $$unsetOrMatches', () => {
    ok({ a: { $$exists: false } }, { b: 1 });
    bad({ a: { $$exists: false } }, { a: null });
    ok({ a: { $$exists: true } }, { a: null });
    ok({ a: { $$unsetOrMatches: 2 } }, {});
    ok({ a: { $$unsetOrMatches: 2 } }, { a: 2 });
    bad({ a: { $$unsetOrMatches: 2 } }, { a: 3 });
    // At the root, $$unsetOrMatches keeps the document a root document (extra fields allowed).
    ok({ $$unsetOrMatches: { insertedId: { $$unsetOrMatches: 1 } } }, { acknowledged: true, insertedId: 1 });
    ok({ $$unsetOrMatches: { insertedId: 1 } }, undefined);
  });

  test('$$type, $$matchesEntity, $$matchesHexBytes, $$sessionLsid, $$lte', () => {
    ok({ id: { $$type: 'objectId' } }, { id: new ObjectId() });
    ok({ n: { $$type: ['int', 'long'] } }, { n: new Long(3) });
    bad({ n: { $$type: 'string' } }, { n: 3 });
    bad({ n: { $$type: 'date' } }, {});
    ok({ _id: { $$matchesEntity: 'oid0' } }, { _id: new ObjectId('000000000000000000000001') });
    ok({ $$matchesHexBytes: '1122' }, Buffer.from([0x11, 0x22]));
    bad({ $$matchesHexBytes: '1122' }, Buffer.from([0x11]));
    ok({ lsid: { $$sessionLsid: 'session0' } }, { lsid: { id: new Binary(Buffer.alloc(16, 1), 4) } });
    bad({ lsid: { $$sessionLsid: 'session0' } }, { lsid: { id: new Binary(Buffer.alloc(16, 2), 4) } });
    ok({ t: { $$lte: 5 } }, { t: 5 });
    bad({ t: { $$lte: 5 } }, { t: 6 });
  });

  test('outcome data must match exactly, ignoring key order', () => {
    expect(() => matchExact([{ _id: 1, x: 2 }], [{ x: 2, _id: 1 }], 'o')).not.toThrow();
    expect(() => matchExact([{ _id: 1 }], [{ _id: 1, x: 2 }], 'o')).toThrow();
    expect(() => matchExact([], [{ _id: 1 }], 'o')).toThrow();
  });
});
