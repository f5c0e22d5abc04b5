/** Multi-document transactions: atomic commit, abort, snapshot reads, write conflicts and retries. */
import { ClientSession, MongoServerError } from 'mongodb';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
const coll = (name: string) => db.client.db('txn').collection<AnyDoc>(name);

async function inTxn<T>(fn: (s: ClientSession) => Promise<T>): Promise<T> {
  const s = db.client.startSession();
  try {
    return await s.withTransaction(() => fn(s));
  } finally {
    await s.endSession();
  }
}

test('commit makes all writes visible at once; nothing is visible before', async () => {
  const c = coll('commit');
  await c.insertOne({ _id: 'acct', balance: 100 });
  const s = db.client.startSession();
  s.startTransaction();
  await c.updateOne({ _id: 'acct' }, { $inc: { balance: -30 } }, { session: s });
  await c.insertOne({ _id: 'log1', amount: 30 }, { session: s });
  expect(await c.findOne({ _id: 'acct' })).toMatchObject({ balance: 100 });
  expect(await c.findOne({ _id: 'log1' })).toBeNull();
  expect(await c.findOne({ _id: 'acct' }, { session: s })).toMatchObject({ balance: 70 });
  expect(await c.countDocuments({}, { session: s })).toBe(2);
  await s.commitTransaction();
  await s.endSession();
  expect(await c.findOne({ _id: 'acct' })).toMatchObject({ balance: 70 });
  expect(await c.findOne({ _id: 'log1' })).toMatchObject({ amount: 30 });
});

test('abort rolls everything back', async () => {
  const c = coll('abort');
  await c.insertOne({ _id: 1, v: 1 });
  const s = db.client.startSession();
  s.startTransaction();
  await c.updateOne({ _id: 1 }, { $set: { v: 2 } }, { session: s });
  await c.deleteOne({ _id: 1 }, { session: s });
  await c.insertOne({ _id: 2 }, { session: s });
  await s.abortTransaction();
  await s.endSession();
  expect(await c.find().toArray()).toEqual([{ _id: 1, v: 1 }]);
});

test('reads inside a transaction see the snapshot taken at its start', async () => {
  const c = coll('snapshot');
  await c.createIndex({ k: 1 });
  await c.insertMany([{ _id: 1, k: 'a' }, { _id: 2, k: 'b' }]);
  const s = db.client.startSession();
  s.startTransaction();
  expect(await c.findOne({ k: 'a' }, { session: s })).not.toBeNull();
  await c.updateOne({ _id: 1 }, { $set: { k: 'z' } });
  await c.insertOne({ _id: 3, k: 'a' });
  await c.deleteOne({ _id: 2 });
  expect((await c.find({ k: 'a' }, { session: s }).toArray()).map((d) => d._id)).toEqual([1]);
  expect(await c.findOne({ _id: 2 }, { session: s })).toMatchObject({ k: 'b' });
  expect(await c.countDocuments({}, { session: s })).toBe(2);
  await s.commitTransaction();
  await s.endSession();
  expect((await c.find({ k: 'a' }).toArray()).map((d) => d._id)).toEqual([3]);
});

test('a write conflict gets WriteConflict with TransientTransactionError, and withTransaction retries', async () => {
  const c = coll('conflict');
  await c.insertOne({ _id: 'counter', n: 0 });
  const s = db.client.startSession();
  s.startTransaction();
  await c.updateOne({ _id: 'counter' }, { $inc: { n: 1 } }, { session: s });
  const other = db.client.startSession();
  other.startTransaction();
  const err = await c.updateOne({ _id: 'counter' }, { $inc: { n: 10 } }, { session: other }).catch((e) => e);
  expect(err).toBeInstanceOf(MongoServerError);
  expect(err.code).toBe(112);
  expect(err.hasErrorLabel('TransientTransactionError')).toBe(true);
  await other.abortTransaction().catch(() => undefined);
  await other.endSession();
  await s.commitTransaction();
  await s.endSession();

  let attempts = 0;
  await inTxn(async (session) => {
    attempts++;
    await c.updateOne({ _id: 'counter' }, { $inc: { n: 1 } }, { session });
    if (attempts === 1) await c.updateOne({ _id: 'counter' }, { $inc: { n: 100 } }); // a plain write wins
  });
  expect(attempts).toBe(2);
  expect(await c.findOne({ _id: 'counter' })).toMatchObject({ n: 102 });
});

test('concurrent withTransaction increments all land exactly once', async () => {
  const c = coll('concurrent');
  await c.insertOne({ _id: 'x', n: 0 });
  await Promise.all(Array.from({ length: 8 }, () => inTxn(async (session) => {
    const doc = await c.findOne({ _id: 'x' }, { session });
    await c.updateOne({ _id: 'x' }, { $set: { n: (doc!.n as number) + 1 } }, { session });
  })));
  expect(await c.findOne({ _id: 'x' })).toMatchObject({ n: 8 });
});

test('a duplicate key inside a transaction aborts it; later statements get NoSuchTransaction', async () => {
  const c = coll('dup');
  await c.insertOne({ _id: 1 });
  const s = db.client.startSession();
  s.startTransaction();
  await c.insertOne({ _id: 2 }, { session: s });
  const dup = await c.insertOne({ _id: 1 }, { session: s }).catch((e) => e);
  expect(dup.code).toBe(11000);
  const after = await c.insertOne({ _id: 3 }, { session: s }).catch((e) => e);
  expect(after.code).toBe(251);
  expect(after.hasErrorLabel('TransientTransactionError')).toBe(true);
  await s.abortTransaction().catch(() => undefined);
  await s.endSession();
  expect(await c.countDocuments()).toBe(1);
});

test('unique indexes are enforced across the transaction and the committed data', async () => {
  const c = coll('uniq');
  await c.createIndex({ email: 1 }, { unique: true });
  await c.insertOne({ email: 'a' });
  const err = await inTxn(async (session) => {
    await c.insertOne({ email: 'b' }, { session });
    await c.insertOne({ email: 'b' }, { session });
  }).catch((e) => e);
  expect(err.code).toBe(11000);
  await inTxn(async (session) => {
    await c.updateOne({ email: 'a' }, { $set: { email: 'c' } }, { session });
    await c.insertOne({ email: 'a' }, { session });
  });
  expect((await c.find().toArray()).map((d) => d.email).sort()).toEqual(['a', 'c']);
});

test('commands that cannot run in a transaction are refused', async () => {
  const s = db.client.startSession();
  s.startTransaction();
  await coll('refuse').insertOne({ a: 1 }, { session: s });
  const err = await coll('refuse').estimatedDocumentCount({ session: s } as never).catch((e) => e);
  expect(err.code).toBe(263);
  await s.abortTransaction().catch(() => undefined);
  await s.endSession();
});

test('a large transaction (bulk import) checks unique keys among its own writes', async () => {
  const c = coll('import');
  await c.createIndex({ nik: 1 }, { unique: true });
  const rows = Array.from({ length: 3000 }, (_, i) => ({ nik: `N${i}` }));
  const dup = await inTxn(async (session) => {
    await c.insertMany([...rows, { nik: 'N1234' }], { session });
  }).catch((e) => e);
  expect(dup.code).toBe(11000);
  expect(dup.message).toContain('dup key: { nik: "N1234" }');
  expect(await c.countDocuments()).toBe(0);
  await inTxn(async (session) => {
    await c.insertMany(rows, { session });
    await c.updateOne({ nik: 'N0' }, { $set: { nik: 'N-moved' } }, { session });
    await c.insertOne({ nik: 'N0' }, { session }); // free again after the move
  });
  expect(await c.countDocuments()).toBe(3001);
});
