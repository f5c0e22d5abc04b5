/** Cursors: batch sizes, getMore, killCursors, int64 ids, idle timeout, projections and sorting. */
import { Long } from 'mongodb';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
  await db.client.db('cur').collection<AnyDoc>('items').insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, v: i % 7, s: `s${i}` })));
});
afterAll(async () => { await db.stop(); });

const items = () => db.client.db('cur').collection<AnyDoc>('items');

test('first batch defaults to 101 documents; getMore returns the rest with an int64 cursor id', async () => {
  const first = await db.client.db('cur').command({ find: 'items', filter: {}, sort: { _id: 1 } }, { promoteLongs: false });
  expect(first.cursor.firstBatch).toHaveLength(101);
  expect(first.cursor.id).toBeInstanceOf(Long);
  expect(first.cursor.id.isZero()).toBe(false);
  const more = await db.client.db('cur').command({ getMore: first.cursor.id, collection: 'items', batchSize: 100 }, { promoteLongs: false });
  expect(more.cursor.nextBatch[0]._id).toBe(101);
  expect(more.cursor.nextBatch).toHaveLength(100);
  const last = await db.client.db('cur').command({ getMore: first.cursor.id, collection: 'items' }, { promoteLongs: false });
  expect(last.cursor.nextBatch).toHaveLength(49);
  expect(last.cursor.id.isZero()).toBe(true);
  const gone = await db.client.db('cur').command({ getMore: first.cursor.id, collection: 'items' }).catch((e) => e);
  expect(gone.code).toBe(43);
});

test('driver iteration with a small batchSize, skip, limit, sort and projection', async () => {
  const docs = await items().find({ v: 3 }, { batchSize: 5, projection: { s: 1, _id: 0 } }).sort({ _id: -1 }).skip(2).limit(20).toArray();
  expect(docs).toHaveLength(20);
  expect(docs[0]).toEqual({ s: 's234' });
  const all = await items().find({}, { batchSize: 7 }).toArray();
  expect(all).toHaveLength(250);
});

test('killCursors closes an open cursor', async () => {
  const first = await db.client.db('cur').command({ find: 'items', batchSize: 2 }, { promoteLongs: false });
  const killed = await db.client.db('cur').command({ killCursors: 'items', cursors: [first.cursor.id] }, { promoteLongs: false });
  expect(killed.cursorsKilled).toEqual([first.cursor.id]);
  const err = await db.client.db('cur').command({ getMore: first.cursor.id, collection: 'items' }).catch((e) => e);
  expect(err.code).toBe(43);
  const cursor = items().find({}, { batchSize: 3 });
  await cursor.next();
  await cursor.close();
});

test('idle cursors time out', async () => {
  const short = await startTestDb({ cursorTimeoutMs: 200 });
  try {
    await short.client.db('cur').collection<AnyDoc>('few').insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const first = await short.client.db('cur').command({ find: 'few', batchSize: 1 }, { promoteLongs: false });
    await new Promise((r) => setTimeout(r, 900));
    const err = await short.client.db('cur').command({ getMore: first.cursor.id, collection: 'few' }).catch((e) => e);
    expect(err.code).toBe(43);
  } finally {
    await short.stop();
  }
});

test('a cursor reads a stable snapshot while the collection changes', async () => {
  const coll = db.client.db('cur').collection<AnyDoc>('stable');
  await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i })));
  const cursor = coll.find({}, { batchSize: 2 });
  const seen = [await cursor.next(), await cursor.next()];
  await coll.deleteMany({});
  for await (const d of cursor) seen.push(d);
  expect(seen).toHaveLength(10);
});

test('singleBatch / negative limit return one batch and no cursor', async () => {
  const r = await db.client.db('cur').command({ find: 'items', limit: -3 }, { promoteLongs: false });
  expect(r.cursor.firstBatch).toHaveLength(3);
  expect(r.cursor.id.isZero()).toBe(true);
  expect(await items().findOne({ v: 6 }, { sort: { _id: -1 } })).toMatchObject({ _id: 244 });
});
