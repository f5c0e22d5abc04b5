// explain: the shape MongoDB 7.0 answers (queryPlanner.winningPlan with stage / inputStage /
// indexName / keyPattern, executionStats with nReturned / totalDocsExamined /
// totalKeysExamined / executionTimeMillis, serverInfo, ok: 1), built from the planner's real
// decision, for find, aggregate, count, distinct, update, delete and findAndModify, and as
// mongoose's Query.explain() / Aggregate.explain() return it. Explained writes change nothing.
import mongoose, { Schema } from 'mongoose';
import { Collection, Db } from 'mongodb';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
let d: Db;
let c: Collection<AnyDoc>;

beforeAll(async () => {
  db = await startTestDb();
  d = db.client.db('ex');
  c = d.collection<AnyDoc>('items');
  await c.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, code: `C${i}`, region: `R${i % 10}`, n: i, tags: ['a', `t${i % 3}`] })));
  await c.createIndex({ code: 1 }, { unique: true });
  await c.createIndex({ region: 1, n: -1 });
  await c.createIndex({ tags: 1 });
});
afterAll(async () => { await db.stop(); });

const explainFind = (filter: AnyDoc, verbosity: 'queryPlanner' | 'executionStats' | 'allPlansExecution' = 'executionStats', opts: AnyDoc = {}) =>
  c.find(filter, opts).explain(verbosity) as Promise<AnyDoc>;

describe('find', () => {
  test('an equality on an indexed field: FETCH over IXSCAN with the index name, key pattern and point bounds', async () => {
    const ex = await explainFind({ code: 'C7' });
    expect(ex).toMatchObject({ explainVersion: '1', ok: 1, serverInfo: { version: '7.0.14' }, command: { find: 'items', filter: { code: 'C7' }, $db: 'ex' } });
    expect(ex.queryPlanner).toMatchObject({ namespace: 'ex.items', parsedQuery: { code: 'C7' }, rejectedPlans: [] });
    expect(ex.queryPlanner.winningPlan).toEqual({
      stage: 'FETCH',
      inputStage: {
        stage: 'IXSCAN', keyPattern: { code: 1 }, indexName: 'code_1', isMultiKey: false, multiKeyPaths: { code: [] },
        isUnique: true, isSparse: false, isPartial: false, indexVersion: 2, direction: 'forward', indexBounds: { code: ['["C7", "C7"]'] },
      },
    });
    expect(ex.executionStats).toMatchObject({ executionSuccess: true, nReturned: 1, totalKeysExamined: 1, totalDocsExamined: 1 });
    expect(typeof ex.executionStats.executionTimeMillis).toBe('number');
    expect(ex.executionStats.executionStages).toMatchObject({ stage: 'FETCH', nReturned: 1, docsExamined: 1, inputStage: { stage: 'IXSCAN', keysExamined: 1, indexName: 'code_1' } });
  });

  test('queryPlanner verbosity plans without executionStats', async () => {
    const ex = await explainFind({ code: 'C7' }, 'queryPlanner');
    expect(ex.queryPlanner.winningPlan.stage).toBe('FETCH');
    expect(ex.executionStats).toBeUndefined();
  });

  test('allPlansExecution answers like executionStats plus allPlansExecution', async () => {
    const ex = await explainFind({ code: 'C7' }, 'allPlansExecution');
    expect(ex.executionStats).toMatchObject({ nReturned: 1, allPlansExecution: [] });
  });

  test('_id equality is IDHACK; _id $in reads the _id index', async () => {
    expect((await explainFind({ _id: 5 })).queryPlanner.winningPlan).toEqual({ stage: 'IDHACK' });
    const inIds = await explainFind({ _id: { $in: [3, 1, 2] } });
    expect(inIds.queryPlanner.winningPlan).toMatchObject({ stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: '_id_', keyPattern: { _id: 1 }, indexBounds: { _id: ['[1, 1]', '[2, 2]', '[3, 3]'] } } });
    expect(inIds.executionStats).toMatchObject({ nReturned: 3, totalKeysExamined: 3, totalDocsExamined: 3 });
  });

  test('no usable index: COLLSCAN with the filter, every document examined', async () => {
    const ex = await explainFind({ n: { $gte: 90 } });
    expect(ex.queryPlanner.winningPlan).toEqual({ stage: 'COLLSCAN', filter: { n: { $gte: 90 } }, direction: 'forward' });
    expect(ex.executionStats).toMatchObject({ nReturned: 10, totalDocsExamined: 100, totalKeysExamined: 0 });
  });

  test('compound and multikey indexes: leading-field bounds, the rest MinKey..MaxKey; residual filter on FETCH', async () => {
    const ex = await explainFind({ region: 'R3', n: { $gt: 50 } });
    expect(ex.queryPlanner.winningPlan).toMatchObject({
      stage: 'FETCH', filter: { n: { $gt: 50 } },
      inputStage: { stage: 'IXSCAN', indexName: 'region_1_n_-1', keyPattern: { region: 1, n: -1 }, indexBounds: { region: ['["R3", "R3"]'], n: ['[MinKey, MaxKey]'] } },
    });
    expect(ex.executionStats).toMatchObject({ nReturned: 5, totalKeysExamined: 10, totalDocsExamined: 10 });
    const multi = await explainFind({ tags: 't1' });
    expect(multi.queryPlanner.winningPlan.inputStage).toMatchObject({ indexName: 'tags_1', isMultiKey: true, multiKeyPaths: { tags: ['tags'] } });
  });

  test('an index selecting most of the collection loses to a scan and shows as a rejected plan', async () => {
    const ex = await explainFind({ tags: 'a' }, 'queryPlanner');
    expect(ex.queryPlanner.winningPlan.stage).toBe('COLLSCAN');
    expect(ex.queryPlanner.rejectedPlans).toEqual([expect.objectContaining({ stage: 'FETCH', inputStage: expect.objectContaining({ indexName: 'tags_1' }) })]);
  });

  test('sort, skip, limit and projection stack as SORT / SKIP / LIMIT / PROJECTION_SIMPLE', async () => {
    const sorted = await explainFind({ n: { $lt: 30 } }, 'executionStats', { sort: { n: -1 }, skip: 2, limit: 5, projection: { n: 1 } });
    expect(sorted.queryPlanner.winningPlan).toMatchObject({
      stage: 'PROJECTION_SIMPLE', transformBy: { n: 1 },
      inputStage: { stage: 'SKIP', skipAmount: 2, inputStage: { stage: 'SORT', sortPattern: { n: -1 }, limitAmount: 7, inputStage: { stage: 'COLLSCAN' } } },
    });
    expect(sorted.executionStats.nReturned).toBe(5);
    const limited = await explainFind({}, 'executionStats', { limit: 3 });
    expect(limited.queryPlanner.winningPlan).toMatchObject({ stage: 'LIMIT', limitAmount: 3, inputStage: { stage: 'COLLSCAN' } });
    // Without a sort the scan stops once the limit is reached.
    expect(limited.executionStats).toMatchObject({ nReturned: 3, totalDocsExamined: 3 });
  });

  test('a missing collection explains as EOF', async () => {
    const ex = await d.collection('nothing').find({ a: 1 }).explain('executionStats') as AnyDoc;
    expect(ex.queryPlanner.winningPlan).toEqual({ stage: 'EOF' });
    expect(ex.executionStats.nReturned).toBe(0);
  });

  test('bad verbosity is BadValue (2); explain is refused inside a transaction (263)', async () => {
    await expect(d.command({ explain: { find: 'items' }, verbosity: 'everything' })).rejects.toMatchObject({ code: 2 });
    const session = db.client.startSession();
    try {
      session.startTransaction();
      await c.findOne({}, { session });
      await expect(d.command({ explain: { find: 'items' } }, { session })).rejects.toMatchObject({ code: 263 });
    } finally {
      await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
  });
});

describe('count, distinct, aggregate', () => {
  test('count: COUNT_SCAN when the index alone answers, COUNT over a scan otherwise, fast count without a filter', async () => {
    const byIndex = await d.command({ explain: { count: 'items', query: { region: 'R1' } }, verbosity: 'executionStats' });
    expect(byIndex.queryPlanner.winningPlan).toMatchObject({ stage: 'COUNT', inputStage: { stage: 'COUNT_SCAN', indexName: 'region_1_n_-1' } });
    expect(byIndex.executionStats.executionStages).toMatchObject({ stage: 'COUNT', nCounted: 10 });
    const scanned = await d.command({ explain: { count: 'items', query: { n: { $lt: 5 } } }, verbosity: 'executionStats' });
    expect(scanned.executionStats.executionStages).toMatchObject({ stage: 'COUNT', nCounted: 5, inputStage: { stage: 'COLLSCAN', docsExamined: 100 } });
    const all = await d.command({ explain: { count: 'items' }, verbosity: 'queryPlanner' });
    expect(all.queryPlanner.winningPlan).toEqual({ stage: 'RECORD_STORE_FAST_COUNT' });
  });

  test('distinct explains its scan', async () => {
    const ex = await d.command({ explain: { distinct: 'items', key: 'n', query: { code: 'C4' } }, verbosity: 'executionStats' });
    expect(ex.queryPlanner.winningPlan).toMatchObject({ stage: 'PROJECTION_DEFAULT', inputStage: { stage: 'FETCH', inputStage: { indexName: 'code_1' } } });
    expect(ex.executionStats.totalKeysExamined).toBe(1);
  });

  test('aggregate: a $cursor stage with the plan of the leading $match, then the other stages with their counts', async () => {
    const ex = await c.aggregate([{ $match: { region: 'R2' } }, { $group: { _id: null, total: { $sum: '$n' } } }]).explain('executionStats') as AnyDoc;
    expect(ex.ok).toBe(1);
    expect(ex.stages[0].$cursor.queryPlanner.winningPlan).toMatchObject({ stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'region_1_n_-1' } });
    expect(ex.stages[0].$cursor.executionStats).toMatchObject({ nReturned: 10, totalDocsExamined: 10 });
    expect(ex.stages[1]).toMatchObject({ $group: { _id: null }, nReturned: 1 });
    const onlyMatch = await c.aggregate([{ $match: { code: 'C1' } }]).explain('queryPlanner') as AnyDoc;
    expect(onlyMatch.queryPlanner.winningPlan.inputStage.indexName).toBe('code_1');
    // The pre-3.6 form tools still send: aggregate with explain: true.
    const legacy = await d.command({ aggregate: 'items', pipeline: [{ $match: { code: 'C1' } }], explain: true });
    expect(legacy.queryPlanner.winningPlan.stage).toBe('FETCH');
  });
});

describe('writes are explained, not applied', () => {
  test('update: UPDATE with nMatched / nWouldModify / nWouldUpsert; the documents stay as they were', async () => {
    const ex = await d.command({ explain: { update: 'items', updates: [{ q: { region: 'R5' }, u: { $inc: { n: 1000 } }, multi: true }] }, verbosity: 'executionStats' });
    expect(ex.queryPlanner.winningPlan).toMatchObject({ stage: 'UPDATE', inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN' } } });
    expect(ex.executionStats.executionStages).toMatchObject({ stage: 'UPDATE', nMatched: 10, nWouldModify: 10, nWouldUpsert: 0 });
    expect(await c.countDocuments({ n: { $gte: 1000 } })).toBe(0);
    const upsert = await d.command({ explain: { update: 'items', updates: [{ q: { code: 'none' }, u: { $set: { x: 1 } }, upsert: true }] }, verbosity: 'executionStats' });
    expect(upsert.executionStats.executionStages).toMatchObject({ nMatched: 0, nWouldUpsert: 1 });
  });

  test('delete and findAndModify remove nothing', async () => {
    const del = await d.command({ explain: { delete: 'items', deletes: [{ q: { n: { $lt: 10 } }, limit: 0 }] }, verbosity: 'executionStats' });
    expect(del.executionStats.executionStages).toMatchObject({ stage: 'DELETE', nWouldDelete: 10 });
    const fam = await d.command({ explain: { findAndModify: 'items', query: { region: 'R1' }, sort: { n: 1 }, remove: true }, verbosity: 'executionStats' });
    expect(fam.queryPlanner.winningPlan).toMatchObject({ stage: 'DELETE', inputStage: { stage: 'SORT', sortPattern: { n: 1 } } });
    expect(await c.countDocuments()).toBe(100);
  });
});

describe('notablescan (setParameter)', () => {
  test("a query that would scan fails with 291 \"No indexed plans available, and running with 'notablescan'\"; indexed queries still run", async () => {
    const admin = db.client.db('admin');
    await admin.command({ setParameter: 1, notablescan: true });
    try {
      await expect(c.find({ n: 3 }).toArray()).rejects.toMatchObject({ code: 291, message: expect.stringMatching(/notablescan/) });
      expect(await c.findOne({ code: 'C3' })).toMatchObject({ _id: 3 });
      // As on mongod: an empty filter still runs, and an unselective index is used rather than failing.
      expect(await c.countDocuments({})).toBe(100);
      expect((await c.find({}).toArray()).length).toBe(100);
      expect((await c.find({ tags: 'a' }).toArray()).length).toBe(100);
    } finally {
      await admin.command({ setParameter: 1, notablescan: false });
    }
    expect(await c.findOne({ n: 3 })).toMatchObject({ _id: 3 });
  });
});

describe('through mongoose', () => {
  test('Query.explain() and Aggregate.explain() return the server explain', async () => {
    const conn = await mongoose.createConnection(db.server.uri, { dbName: 'ex' }).asPromise();
    try {
      const Item = conn.model('Item', new Schema({ code: String, region: String, n: Number }), 'items');
      const q = await Item.find({ code: 'C9' }).explain('executionStats') as unknown as AnyDoc;
      const plan = Array.isArray(q) ? q[0] : q;
      expect(plan.queryPlanner.winningPlan.inputStage.indexName).toBe('code_1');
      expect(plan.executionStats.nReturned).toBe(1);
      const a = await Item.aggregate([{ $match: { region: 'R9' } }, { $count: 'n' }]).explain('queryPlanner') as unknown as AnyDoc;
      expect(a.stages[0].$cursor.queryPlanner.winningPlan.inputStage.indexName).toBe('region_1_n_-1');
    } finally {
      await conn.close();
    }
  });
});
