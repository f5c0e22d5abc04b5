// Capped collections with MongoDB 7.0 semantics: `size` is required (raised to 4096 bytes at
// least, else to a multiple of 256), documents come back in insertion order, the oldest go
// once the size or `max` is exceeded, user deletes are allowed (since 5.0), writes inside
// transactions are refused (263), TTL indexes are refused, and the options show in
// listCollections (what mongosh's isCapped() reads) and collStats.
import { Db } from 'mongodb';
import { AnyDoc, removeDir, startTestDb, TestDb, tmpDir } from './helpers';

let db: TestDb;
let d: Db;

beforeAll(async () => {
  db = await startTestDb();
  d = db.client.db('cap');
});
afterAll(async () => { await db.stop(); });

const idsOf = async (name: string, sort?: AnyDoc) => (await d.collection<AnyDoc>(name).find({}, { sort }).toArray()).map((x) => x._id);

test('create needs size when capped (72 InvalidOptions); options show in listCollections and collStats', async () => {
  await expect(d.createCollection('nosize', { capped: true })).rejects.toMatchObject({ code: 72, message: expect.stringMatching(/'size' field is required/) });
  await d.createCollection('log', { capped: true, size: 1000, max: 3 });
  const [info] = await d.listCollections({ name: 'log' }).toArray();
  expect((info as AnyDoc).options).toEqual({ capped: true, size: 4096, max: 3 });
  await d.createCollection('big', { capped: true, size: 5000 });
  const [big] = await d.listCollections({ name: 'big' }).toArray();
  expect((big as AnyDoc).options.size).toBe(5120); // rounded up to a multiple of 256
  const stats = await d.command({ collStats: 'log' });
  expect(stats).toMatchObject({ ns: 'cap.log', capped: true, max: 3, maxSize: 4096, count: 0, ok: 1 });
  expect(await d.command({ collStats: 'big' })).toMatchObject({ capped: true, maxSize: 5120 });
});

test('max: the oldest documents go first, insertion order is kept', async () => {
  const log = d.collection<AnyDoc>('log');
  for (let i = 1; i <= 5; i++) await log.insertOne({ _id: i, line: `event ${i}` });
  expect(await idsOf('log')).toEqual([3, 4, 5]);
  await log.insertMany([{ _id: 6 }, { _id: 7 }]);
  expect(await idsOf('log')).toEqual([5, 6, 7]);
  // {$natural: -1} reads newest first.
  expect(await idsOf('log', { $natural: -1 })).toEqual([7, 6, 5]);
});

test('size: documents beyond the byte limit push the oldest out', async () => {
  await d.createCollection('bytes', { capped: true, size: 4096 });
  const c = d.collection<AnyDoc>('bytes');
  const pad = 'x'.repeat(1000);
  for (let i = 0; i < 10; i++) await c.insertOne({ _id: i, pad });
  const ids = await idsOf('bytes');
  expect(ids.length).toBeLessThan(5);
  expect(ids).toEqual(Array.from({ length: ids.length }, (_, k) => 10 - ids.length + k));
  const stats = await d.command({ collStats: 'bytes' });
  expect(stats.size).toBeLessThanOrEqual(4096);
});

test('deletes and updates are allowed (MongoDB 5.0+); natural order survives updates', async () => {
  await d.createCollection('edit', { capped: true, size: 4096 });
  const c = d.collection<AnyDoc>('edit');
  await c.insertMany([{ _id: 1, v: 'a' }, { _id: 2, v: 'b' }, { _id: 3, v: 'c' }]);
  expect((await c.deleteOne({ _id: 2 })).deletedCount).toBe(1);
  await c.updateOne({ _id: 1 }, { $set: { v: 'a much longer value than before' } });
  expect(await idsOf('edit')).toEqual([1, 3]);
});

test('writes inside a transaction are refused with 263; reads are fine', async () => {
  const c = d.collection<AnyDoc>('log');
  const session = db.client.startSession();
  try {
    session.startTransaction();
    expect((await c.find({}, { session }).toArray()).length).toBe(3);
    await expect(c.insertOne({ _id: 99 }, { session })).rejects.toMatchObject({ code: 263, message: expect.stringMatching(/capped collection/) });
  } finally {
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
  }
  expect(await c.findOne({ _id: 99 })).toBeNull();
});

test('a TTL index on a capped collection is refused (67 CannotCreateIndex)', async () => {
  await expect(d.collection('log').createIndex({ at: 1 }, { expireAfterSeconds: 60 })).rejects.toMatchObject({ code: 67 });
});

test('capped limits and order survive a restart (journal replay)', async () => {
  const dir = tmpDir('capped');
  try {
    let t = await startTestDb({ dataDir: dir });
    const c = t.client.db('cap').collection<AnyDoc>('ring');
    await t.client.db('cap').createCollection('ring', { capped: true, size: 4096, max: 2 });
    await c.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
    await t.stop();
    t = await startTestDb({ dataDir: dir });
    const again = t.client.db('cap').collection<AnyDoc>('ring');
    expect((await again.find().toArray()).map((x) => x._id)).toEqual(['b', 'c']);
    await again.insertOne({ _id: 'd' });
    expect((await again.find().toArray()).map((x) => x._id)).toEqual(['c', 'd']);
    await t.stop();
  } finally {
    removeDir(dir);
  }
});
