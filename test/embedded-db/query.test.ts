/** Query operators as the application uses them (results checked against MongoDB semantics). */
import { ObjectId } from 'mongodb';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
const ref = new ObjectId();
beforeAll(async () => {
  db = await startTestDb();
  await db.client.db('q').collection<AnyDoc>('docs').insertMany([
    { _id: 1, nama: 'LKS Harapan Bunda', kab: 'Serang', roles: ['admin', 'operator'], skor: 80, at: new Date('2025-01-10'), items: [{ k: 'a', v: 1 }, { k: 'b', v: 5 }], ref },
    { _id: 2, nama: 'lks harapan jaya', kab: 'Lebak', roles: ['operator'], skor: 65, at: new Date('2025-03-01'), items: [{ k: 'a', v: 7 }] },
    { _id: 3, nama: 'Karang Taruna Maju', kab: 'Serang', roles: [], skor: null, at: new Date('2024-12-31') },
    { _id: 4, nama: 'TKSK Cilegon', roles: ['viewer'], skor: 90, deleted: true },
  ]);
});
afterAll(async () => { await db.stop(); });

async function ids(filter: AnyDoc): Promise<number[]> {
  const docs = await db.client.db('q').collection<AnyDoc>('docs').find(filter).sort({ _id: 1 }).toArray();
  return docs.map((d) => d._id);
}

test('equality, arrays and embedded paths', async () => {
  expect(await ids({ kab: 'Serang' })).toEqual([1, 3]);
  expect(await ids({ roles: 'operator' })).toEqual([1, 2]);
  expect(await ids({ roles: [] })).toEqual([3]);
  expect(await ids({ roles: ['operator'] })).toEqual([2]);
  expect(await ids({ 'items.k': 'b' })).toEqual([1]);
  expect(await ids({ 'items.v': { $gt: 6 } })).toEqual([2]);
  expect(await ids({ ref })).toEqual([1]);
  expect(await ids({ kab: 'Serang', roles: 'admin' })).toEqual([1]);
});

test('comparison, $in/$nin, $ne on missing fields, $exists, $type', async () => {
  expect(await ids({ skor: { $gte: 65, $lt: 90 } })).toEqual([1, 2]);
  expect(await ids({ kab: { $in: ['Lebak', 'Cilegon'] } })).toEqual([2]);
  expect(await ids({ kab: { $nin: ['Serang'] } })).toEqual([2, 4]);
  expect(await ids({ kab: { $ne: 'Serang' } })).toEqual([2, 4]);
  expect(await ids({ deleted: { $ne: true } })).toEqual([1, 2, 3]);
  expect(await ids({ skor: null })).toEqual([3]);
  expect(await ids({ kab: { $exists: false } })).toEqual([4]);
  expect(await ids({ skor: { $type: 'number' } })).toEqual([1, 2, 4]);
  expect(await ids({ at: { $gte: new Date('2025-01-01') } })).toEqual([1, 2]);
});

test('regular expressions (case-insensitive search as the app builds it)', async () => {
  expect(await ids({ nama: { $regex: 'harapan', $options: 'i' } })).toEqual([1, 2]);
  expect(await ids({ nama: /^lks/ })).toEqual([2]);
  expect(await ids({ nama: { $in: [/maju$/i, /cilegon/i] } })).toEqual([3, 4]);
});

test('logical operators, $elemMatch, $all, $size, $expr', async () => {
  expect(await ids({ $or: [{ kab: 'Lebak' }, { skor: { $gt: 85 } }] })).toEqual([2, 4]);
  expect(await ids({ $and: [{ kab: 'Serang' }, { skor: { $ne: null } }] })).toEqual([1]);
  expect(await ids({ $nor: [{ kab: 'Serang' }, { deleted: true }] })).toEqual([2]);
  expect(await ids({ items: { $elemMatch: { k: 'a', v: { $gt: 3 } } } })).toEqual([2]);
  expect(await ids({ roles: { $all: ['operator', 'admin'] } })).toEqual([1]);
  expect(await ids({ roles: { $size: 0 } })).toEqual([3]);
  expect(await ids({ $expr: { $gt: ['$skor', 70] } })).toEqual([1, 4]);
  expect(await ids({ skor: { $not: { $gt: 70 } } })).toEqual([2, 3]);
});

test('bad filters answer with errors, not crashes', async () => {
  const coll = db.client.db('q').collection<AnyDoc>('docs');
  const bad = await coll.find({ skor: { $frob: 1 } }).toArray().catch((e) => e);
  expect(bad.code).toBe(2);
  const where = await coll.find({ $where: 'this.skor > 1' }).toArray().catch((e) => e);
  // MongoDB without a JavaScript engine: 6108304 "no globalScriptEngine in $where parsing".
  expect(where.code).toBe(6108304);
  expect(where.message).toMatch(/no globalScriptEngine in \$where parsing.*not supported/);
  expect(await db.client.db('q').command({ ping: 1 })).toMatchObject({ ok: 1 });
});
