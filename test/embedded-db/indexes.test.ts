/** Secondary indexes: unique / compound / sparse / partial / multikey / TTL, duplicate-key shape, DDL. */
import { Collection, MongoServerError } from 'mongodb';
import { Collection as StoredCollection } from '../../server/embedded-db/storage/collection';
import { planCandidates } from '../../server/embedded-db/query/planner';
import { UUID } from 'bson';
import { startTestDb, TestDb } from './helpers';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb({ ttlMonitorIntervalMs: 100 }); });
afterAll(async () => { await db.stop(); });
const fresh = (): Collection => db.client.db('idx').collection(`c${n++}`);

async function dupError(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(() => null, (e) => e);
  expect(err).toBeInstanceOf(MongoServerError);
  expect(err.code).toBe(11000);
  return err;
}

test('unique index: duplicate key error has code, keyPattern, keyValue and the server wording', async () => {
  const c = fresh();
  expect(await c.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
  await c.insertOne({ email: 'a@x.id' });
  const err = await dupError(c.insertOne({ email: 'a@x.id' }));
  expect(err.keyPattern).toEqual({ email: 1 });
  expect(err.keyValue).toEqual({ email: 'a@x.id' });
  expect(err.errmsg).toBe(`E11000 duplicate key error collection: idx.${c.collectionName} index: email_1 dup key: { email: "a@x.id" }`);
  await c.insertOne({ email: 'b@x.id' });
  await dupError(c.updateOne({ email: 'b@x.id' }, { $set: { email: 'a@x.id' } }));
  // Missing fields index as null: only one document may lack the field.
  await c.insertOne({ other: 1 });
  const nullDup = await dupError(c.insertOne({ other: 2 }));
  expect(nullDup.keyValue).toEqual({ email: null });
});

test('duplicate _id is reported on the _id_ index', async () => {
  const c = fresh();
  await c.insertOne({ _id: 'k' } as never);
  const err = await dupError(c.insertOne({ _id: 'k' } as never));
  expect(err.errmsg).toContain('index: _id_ dup key: { _id: "k" }');
  expect(err.keyPattern).toEqual({ _id: 1 });
});

test('compound unique, sparse and partial indexes', async () => {
  const c = fresh();
  await c.createIndex({ org: 1, year: -1 }, { unique: true });
  await c.insertMany([{ org: 'a', year: 2024 }, { org: 'a', year: 2025 }, { org: 'b', year: 2024 }]);
  const err = await dupError(c.insertOne({ org: 'a', year: 2024 }));
  expect(err.keyPattern).toEqual({ org: 1, year: -1 });
  expect(err.keyValue).toEqual({ org: 'a', year: 2024 });

  const s = fresh();
  await s.createIndex({ nik: 1 }, { unique: true, sparse: true });
  await s.insertMany([{ x: 1 }, { x: 2 }, { nik: '1' }]);
  await dupError(s.insertOne({ nik: '1' }));

  const p = fresh();
  await p.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
  await p.insertMany([{ code: 'A', active: false }, { code: 'A', active: false }, { code: 'A', active: true }]);
  await dupError(p.insertOne({ code: 'A', active: true }));
  expect(await p.countDocuments({ code: 'A' })).toBe(3);
});

test('multikey indexes index every array element', async () => {
  const c = fresh();
  await c.createIndex({ tags: 1 }, { unique: true });
  await c.insertOne({ tags: ['a', 'b'] });
  const err = await dupError(c.insertOne({ tags: ['c', 'b'] }));
  expect(err.keyValue).toEqual({ tags: 'b' });
  await c.insertOne({ tags: ['c'] });
  expect(await c.find({ tags: 'b' }).toArray()).toHaveLength(1);
  const m = fresh();
  await m.createIndex({ 'items.sku': 1 });
  await m.insertMany([{ items: [{ sku: 1 }, { sku: 2 }] }, { items: [{ sku: 3 }] }]);
  expect(await m.countDocuments({ 'items.sku': 2 })).toBe(1);
  expect(await m.countDocuments({ 'items.sku': { $in: [1, 3] } })).toBe(2);
});

test('creating a unique index over duplicates fails and leaves no index behind', async () => {
  const c = fresh();
  await c.insertMany([{ k: 1 }, { k: 1 }]);
  await dupError(c.createIndex({ k: 1 }, { unique: true }));
  const names = (await c.listIndexes().toArray()).map((i) => i.name);
  expect(names).toEqual(['_id_']);
});

test('createIndexes conflicts, listIndexes and dropIndexes behave like MongoDB', async () => {
  const c = fresh();
  await c.createIndex({ a: 1 }, { name: 'a_idx' });
  expect(await c.createIndex({ a: 1 }, { name: 'a_idx' })).toBe('a_idx');
  const keyConflict = await c.createIndex({ b: 1 }, { name: 'a_idx' }).catch((e) => e);
  expect(keyConflict.code).toBe(86);
  const optConflict = await c.createIndex({ a: 1 }, { name: 'a_idx', unique: true }).catch((e) => e);
  expect(optConflict.code).toBe(85);
  await c.createIndex({ when: 1 }, { expireAfterSeconds: 3600 });
  const specs = await c.listIndexes().toArray();
  expect(specs).toEqual([
    { v: 2, key: { _id: 1 }, name: '_id_' },
    { v: 2, key: { a: 1 }, name: 'a_idx' },
    { v: 2, key: { when: 1 }, name: 'when_1', expireAfterSeconds: 3600 },
  ]);
  await c.dropIndex('a_idx');
  expect((await c.dropIndex('a_idx').catch((e) => e)).code).toBe(27);
  expect((await c.dropIndex('_id_').catch((e) => e)).code).toBe(72);
  await c.dropIndexes();
  expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  const missing = await db.client.db('idx').collection('nope').listIndexes().toArray().catch((e) => e);
  expect(missing.code).toBe(26);
  const unsupported = await c.createIndex({ body: 'text' }).catch((e) => e);
  expect(unsupported.code).toBe(67);
});

test('TTL monitor deletes expired documents', async () => {
  const c = fresh();
  await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  await c.insertMany([
    { _id: 'old', expiresAt: new Date(Date.now() - 1000) },
    { _id: 'future', expiresAt: new Date(Date.now() + 3_600_000) },
    { _id: 'nodate', expiresAt: 'soon' },
  ] as never[]);
  const until = Date.now() + 3000;
  while ((await c.countDocuments({ _id: 'old' } as never)) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect((await c.find().toArray()).map((d) => d._id).sort()).toEqual(['future', 'nodate']);
});

test('the planner answers equality and $in on indexed fields without scanning', () => {
  const coll = new StoredCollection('t', 'p', new UUID(), {});
  coll.addIndex({ v: 2, key: { email: 1 }, name: 'email_1' });
  coll.addIndex({ v: 2, key: { org: 1, year: 1 }, name: 'org_1_year_1' });
  for (let i = 0; i < 1000; i++) {
    const doc = { _id: i, email: `u${i}@x.id`, org: `o${i % 10}`, year: 2000 + (i % 3) };
    coll.put(String(i), doc, i + 1, false);
  }
  expect(planCandidates(coll, { email: 'u5@x.id' })).toHaveLength(1);
  expect(planCandidates(coll, { _id: { $in: [1, 2, 3] } })).toHaveLength(3);
  expect(planCandidates(coll, { org: 'o3', year: 2001 })).toHaveLength(100);
  expect(planCandidates(coll, { $and: [{ email: { $eq: 'u7@x.id' } }, { org: 'o7' }] })).toHaveLength(1);
  expect(planCandidates(coll, { email: /u5/ })).toBeNull();
  expect(planCandidates(coll, { year: 2001 })).toBeNull();
});

test('counts answered from an index agree with counting documents', async () => {
  const c = fresh();
  await c.createIndex({ tags: 1 });
  await c.createIndex({ kab: 1, year: 1 });
  await c.insertMany([
    { tags: ['a', 'a', 'b'], kab: 'Serang', year: 2024 },
    { tags: ['a'], kab: 'Serang', year: 2025 },
    { tags: 'a', kab: 'Lebak' },
    { tags: [], kab: null },
    { other: true },
  ]);
  await c.deleteOne({ kab: 'Lebak' });
  expect(await c.countDocuments({ tags: 'a' })).toBe(2);
  expect(await c.countDocuments({ kab: 'Serang' })).toBe(2);
  expect(await c.countDocuments({ kab: { $eq: 'Serang' } })).toBe(2);
  expect(await c.countDocuments({ kab: null })).toBe(2);
  expect(await c.countDocuments({ kab: 'Serang', year: 2025 })).toBe(1);
  expect(await c.countDocuments({ tags: 'zzz' })).toBe(0);
});
