// setParameter / getParameter, collMod index options and the features that stay refused, each
// answering as mongod 7.0 does (codes and reply fields).
import { Db } from 'mongodb';
import { AnyDoc, removeDir, startTestDb, TestDb, tmpDir } from './helpers';

let db: TestDb;
let admin: Db;
let d: Db;

beforeAll(async () => {
  db = await startTestDb();
  admin = db.client.db('admin');
  d = db.client.db('opts');
});
afterAll(async () => { await db.stop(); });

describe('setParameter / getParameter', () => {
  test('a known parameter is set and the reply carries `was`, the previous value', async () => {
    expect(await admin.command({ getParameter: 1, logLevel: 1 })).toMatchObject({ logLevel: 0, ok: 1 });
    expect(await admin.command({ setParameter: 1, logLevel: 2 })).toMatchObject({ was: 0, ok: 1 });
    expect(await admin.command({ getParameter: 1, logLevel: 1 })).toMatchObject({ logLevel: 2 });
    expect(await admin.command({ setParameter: 1, logLevel: 0, quiet: true })).toMatchObject({ was: 2 });
    await admin.command({ setParameter: 1, quiet: false });
  });

  test('transactionLifetimeLimitSeconds takes effect: a transaction older than the limit is aborted', async () => {
    const t = await startTestDb({ cursorTimeoutMs: 1000 }); // housekeeping every 250 ms
    try {
      const tAdmin = t.client.db('admin');
      expect(await tAdmin.command({ setParameter: 1, transactionLifetimeLimitSeconds: 1 })).toMatchObject({ was: 60 });
      expect(await tAdmin.command({ getParameter: 1, transactionLifetimeLimitSeconds: 1 })).toMatchObject({ transactionLifetimeLimitSeconds: 1 });
      const session = t.client.startSession();
      session.startTransaction();
      await t.client.db('x').collection('y').insertOne({ a: 1 }, { session });
      await new Promise((r) => setTimeout(r, 1600));
      await expect(t.client.db('x').collection('y').insertOne({ a: 2 }, { session })).rejects.toMatchObject({ code: 251 });
      await session.endSession();
    } finally {
      await t.stop();
    }
  });

  test('getParameter "*" and showDetails', async () => {
    const all = await admin.command({ getParameter: '*' });
    expect(all).toMatchObject({ featureCompatibilityVersion: { version: '7.0' }, notablescan: false, ok: 1 });
    const detailed = await admin.command({ getParameter: { showDetails: true }, notablescan: 1 });
    expect(detailed.notablescan).toEqual({ value: false, settableAtRuntime: true, settableAtStartup: true });
  });

  test("mongod's refusals: unknown 72, startup-only 20, wrong type 2, none 72, outside admin 13", async () => {
    await expect(admin.command({ setParameter: 1, frobnicate: 1 })).rejects.toMatchObject({ code: 72, message: 'attempted to set unrecognized parameter [frobnicate], use help:true to see options ' });
    await expect(admin.command({ setParameter: 1, enableTestCommands: 1 })).rejects.toMatchObject({ code: 20, message: 'not allowed to change [enableTestCommands] at runtime' });
    await expect(admin.command({ setParameter: 1, featureCompatibilityVersion: '6.0' })).rejects.toMatchObject({ code: 20 });
    await expect(admin.command({ setParameter: 1, logLevel: 'loud' })).rejects.toMatchObject({ code: 2 });
    await expect(admin.command({ setParameter: 1 })).rejects.toMatchObject({ code: 72, message: expect.stringMatching(/no option found to set/) });
    await expect(d.command({ setParameter: 1, logLevel: 1 })).rejects.toMatchObject({ code: 13 });
    await expect(admin.command({ getParameter: 1, frobnicate: 1 })).rejects.toMatchObject({ code: 72 });
    // Nothing changed by a refused batch.
    await expect(admin.command({ setParameter: 1, logLevel: 3, frobnicate: 1 })).rejects.toMatchObject({ code: 72 });
    expect(await admin.command({ getParameter: 1, logLevel: 1 })).toMatchObject({ logLevel: 0 });
  });

  test('names inherited from Object.prototype are unknown parameters, not found ones', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      await expect(admin.command(JSON.parse(`{"getParameter": 1, "${name}": 1}`))).rejects.toMatchObject({ code: 72, message: 'no option found to get' });
      await expect(admin.command(JSON.parse(`{"setParameter": 1, "${name}": 1}`))).rejects.toMatchObject({
        code: 72, message: `attempted to set unrecognized parameter [${name}], use help:true to see options `,
      });
    }
    const found = await admin.command({ getParameter: 1, constructor: 1, logLevel: 1 });
    expect(found).toMatchObject({ logLevel: 0, ok: 1 });
    expect(Object.hasOwn(found, 'constructor')).toBe(false);
  });
});

describe('collMod index options', () => {
  const c = () => d.collection<AnyDoc>('people');
  beforeAll(async () => {
    await c().insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, email: `u${i % 10}@x.id`, at: new Date(0) })));
    await c().createIndex({ email: 1 });
    await c().createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
  });
  const winning = async (filter: AnyDoc) => ((await c().find(filter).explain('queryPlanner')) as AnyDoc).queryPlanner.winningPlan;

  test('hidden: the planner stops using the index; the reply has hidden_old / hidden_new', async () => {
    expect(await winning({ email: 'u1@x.id' })).toMatchObject({ inputStage: { indexName: 'email_1' } });
    expect(await d.command({ collMod: 'people', index: { keyPattern: { email: 1 }, hidden: true } })).toMatchObject({ hidden_old: false, hidden_new: true, ok: 1 });
    expect(await winning({ email: 'u1@x.id' })).toMatchObject({ stage: 'COLLSCAN' });
    expect((await c().indexes()).find((i) => i.name === 'email_1')).toMatchObject({ hidden: true });
    expect(await d.command({ collMod: 'people', index: { name: 'email_1', hidden: false } })).toMatchObject({ hidden_old: true, hidden_new: false });
    expect(await winning({ email: 'u1@x.id' })).toMatchObject({ inputStage: { indexName: 'email_1' } });
  });

  test('expireAfterSeconds: changes the TTL (expireAfterSeconds_old / _new)', async () => {
    expect(await d.command({ collMod: 'people', index: { keyPattern: { at: 1 }, expireAfterSeconds: 60 } })).toMatchObject({ expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 });
    expect((await c().indexes()).find((i) => i.name === 'at_1')).toMatchObject({ expireAfterSeconds: 60 });
  });

  test('unique needs prepareUnique first; duplicates block it with 359 and their _ids; then new duplicates are refused', async () => {
    await expect(d.command({ collMod: 'people', index: { name: 'email_1', unique: true } })).rejects.toMatchObject({ code: 72, message: expect.stringMatching(/prepareUnique/) });
    expect(await d.command({ collMod: 'people', index: { name: 'email_1', prepareUnique: true } })).toMatchObject({ prepareUnique_new: true });
    // prepareUnique: existing duplicates stay, a new one is refused.
    await expect(c().insertOne({ _id: 100, email: 'u3@x.id' })).rejects.toMatchObject({ code: 11000 });
    const err = await d.command({ collMod: 'people', index: { name: 'email_1', unique: true } }).catch((e) => e);
    expect(err).toMatchObject({ code: 359 });
    expect(err.violations).toHaveLength(10);
    expect(err.violations[0].ids.sort()).toEqual([0, 10]);
    await c().deleteMany({ _id: { $gte: 10 } });
    expect(await d.command({ collMod: 'people', index: { name: 'email_1', unique: true } })).toMatchObject({ unique_new: true, ok: 1 });
    expect((await c().indexes()).find((i) => i.name === 'email_1')).toMatchObject({ unique: true });
  });

  test('errors: missing index 27, both or neither of name / keyPattern 72, nothing to change 72, the _id index 2', async () => {
    await expect(d.command({ collMod: 'people', index: { name: 'nope', hidden: true } })).rejects.toMatchObject({ code: 27 });
    await expect(d.command({ collMod: 'people', index: { name: 'email_1', keyPattern: { email: 1 }, hidden: true } })).rejects.toMatchObject({ code: 72 });
    await expect(d.command({ collMod: 'people', index: { name: 'email_1' } })).rejects.toMatchObject({ code: 72 });
    await expect(d.command({ collMod: 'people', index: { name: '_id_', hidden: true } })).rejects.toMatchObject({ code: 2 });
  });

  test('index changes are journaled: they survive a restart', async () => {
    const dir = tmpDir('collmod');
    try {
      let t = await startTestDb({ dataDir: dir });
      const x = t.client.db('m').collection<AnyDoc>('x');
      await x.createIndex({ k: 1 }, { expireAfterSeconds: 10 });
      await t.client.db('m').command({ collMod: 'x', index: { keyPattern: { k: 1 }, hidden: true, expireAfterSeconds: 20 } });
      await t.stop();
      t = await startTestDb({ dataDir: dir });
      expect((await t.client.db('m').collection('x').indexes()).find((i) => i.name === 'k_1')).toMatchObject({ hidden: true, expireAfterSeconds: 20 });
      await t.stop();
    } finally {
      removeDir(dir);
    }
  });
});

describe('features that stay refused, with the code MongoDB uses', () => {
  test('time-series and clustered collections: 115 CommandNotSupported, saying not supported', async () => {
    await expect(d.createCollection('ts', { timeseries: { timeField: 't' } })).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/time-series collections\) is not supported/) });
    await expect(d.createCollection('cl', { clusteredIndex: { key: { _id: 1 }, unique: true } } as AnyDoc)).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/clustered collections\) is not supported/) });
  });

  test('$out: 115 CommandNotSupported', async () => {
    await expect(d.collection('people').aggregate([{ $out: 'copy' }]).toArray()).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/\$out is not supported/) });
  });

  test('$where: 6108304 in queries (mongod without a script engine), 2 "not allowed in this context" in $match', async () => {
    const c = d.collection<AnyDoc>('people');
    for (const run of [
      () => c.find({ $where: 'true' }).toArray(),
      () => d.command({ count: 'people', query: { $where: 'true' } }),
      () => c.deleteMany({ $where: 'true' }),
    ]) {
      await expect(run()).rejects.toMatchObject({ code: 6108304, message: expect.stringMatching(/no globalScriptEngine in \$where parsing.*not supported/) });
    }
    await expect(c.aggregate([{ $match: { $where: 'true' } }]).toArray()).rejects.toMatchObject({ code: 2, message: '$where is not allowed in this context' });
    // countDocuments is an aggregate with $match, so it gets the $match answer, as on mongod.
    await expect(c.countDocuments({ $where: 'true' })).rejects.toMatchObject({ code: 2 });
  });
});
