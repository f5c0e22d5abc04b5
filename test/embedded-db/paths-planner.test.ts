/**
 * Two shortcuts of the read path: `collect` answers a path that meets no array without the
 * general walk, and the planner scans instead of fetching by id when an index would select most
 * of the collection. Both must give exactly what the general code gives.
 */
import fc from 'fast-check';
import { BSONSymbol, ObjectId } from 'bson';
import { collect } from '../../server/embedded-db/values/paths';
import { AnyDoc, startTestDb, TestDb } from './helpers';

/** The general walk, written out independently: every value reachable at `path`. */
function reference(v: unknown, parts: string[], expandTerminal: boolean): unknown[] {
  if (parts.length === 0) {
    if (Array.isArray(v) && expandTerminal) return v.length === 0 ? ['EMPTY'] : [...v];
    return [v];
  }
  if (Array.isArray(v)) {
    const [head] = parts;
    if (/^\d+$/.test(head) && head.length < 10 && Number(head) < v.length) return reference(v[Number(head)], parts.slice(1), expandTerminal);
    if (v.length === 0) return [undefined];
    const out = v.filter((e) => e !== null && typeof e === 'object' && !Array.isArray(e) && !(e instanceof ObjectId) && !(e instanceof Date))
      .flatMap((e) => reference(e, parts, expandTerminal));
    return out.length ? out : [undefined];
  }
  if (v !== null && typeof v === 'object' && !(v instanceof ObjectId) && !(v instanceof Date)) return reference((v as AnyDoc)[parts[0]], parts.slice(1), expandTerminal);
  return [undefined];
}

const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.constant(new ObjectId('64b7f0c2a1b2c3d4e5f60718')), fc.constant(new Date(0)));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', '0', '1'), tie('node'), { maxKeys: 3 })),
})).node;

test('collect gives what the general walk gives, with and without arrays on the way', () => {
  fc.assert(fc.property(
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tree, { maxKeys: 3 }),
    fc.array(fc.constantFrom('a', 'b', 'c', '0', '1'), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
    (doc, parts, expand) => {
      const got = collect(doc as AnyDoc, parts.join('.'), expand).map((v) => (typeof v === 'symbol' ? 'EMPTY' : v));
      expect(got).toEqual(reference(doc, parts, expand));
    },
  ), { numRuns: 3000 });
});

describe('planner: an index selecting most documents is not used', () => {
  let db: TestDb;
  beforeAll(async () => { db = await startTestDb(); });
  afterAll(async () => { await db.stop(); });

  test('finds, sorts, counts and transactions answer the same whether the index is used or not', async () => {
    const c = db.client.db('planner').collection<AnyDoc>('responses');
    await c.createIndex({ cycleId: 1, n: 1 });
    const big = new ObjectId();
    const small = new ObjectId();
    await c.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: i, cycleId: i < 280 ? big : small, n: i % 7, score: { total: (i * 37) % 101 } })));
    // 280 of 300 documents: scanned; 20 of 300: looked up in the index. Same answers either way.
    for (const [cycleId, expected] of [[big, 280], [small, 20]] as const) {
      expect(await c.countDocuments({ cycleId })).toBe(expected);
      const top = await c.find({ cycleId }).sort({ 'score.total': -1, _id: 1 }).limit(5).toArray();
      const all = (await c.find({}).toArray()).filter((d) => String(d.cycleId) === String(cycleId))
        .sort((a, b) => b.score.total - a.score.total || a._id - b._id).slice(0, 5);
      expect(top).toEqual(all);
    }
    const session = db.client.startSession();
    try {
      await session.withTransaction(async () => {
        await c.insertOne({ _id: 1000, cycleId: big, n: 1, score: { total: 200 } }, { session });
        const first = await c.find({ cycleId: big }, { session }).sort({ 'score.total': -1 }).limit(1).toArray();
        expect(first[0]._id).toBe(1000); // the transaction's own write is seen on the scan path too
        expect(await c.countDocuments({ cycleId: big }, { session })).toBe(281);
      });
    } finally {
      await session.endSession();
    }
  });
});

describe('simple equality shortcuts (ObjectId and string operands)', () => {
  let db: TestDb;
  beforeAll(async () => { db = await startTestDb(); });
  afterAll(async () => { await db.stop(); });

  test('an ObjectId matches only the same id (another instance too), never its hex string; strings match strings and symbols', async () => {
    const c = db.client.db('eq').collection<AnyDoc>('docs');
    const id = new ObjectId();
    await c.insertMany([
      { _id: 1, ref: id, state: 'submitted', nested: { ref: id, state: 'draft' } },
      { _id: 2, ref: id.toHexString(), state: new BSONSymbol('submitted'), nested: { ref: id.toHexString(), state: 'submitted' } },
      { _id: 3, ref: new ObjectId(), state: 5, nested: [{ ref: id }, { state: 'submitted' }] },
      { _id: 4, ref: [id], state: ['submitted'] },
    ]);
    const ids = async (filter: AnyDoc) => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ ref: new ObjectId(id.toHexString()) })).toEqual([1, 4]);
    expect(await ids({ ref: id.toHexString() })).toEqual([2]);
    expect(await ids({ state: 'submitted' })).toEqual([1, 2, 4]);
    expect(await ids({ 'nested.ref': id })).toEqual([1, 3]);
    expect(await ids({ 'nested.state': 'submitted' })).toEqual([2, 3]);
  });
});
