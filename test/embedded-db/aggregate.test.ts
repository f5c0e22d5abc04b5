/** Aggregation through mingo with MongoDB numeric semantics, $lookup across collections, count, distinct. */
import { Decimal128, Double, Int32, Long } from 'mongodb';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
beforeAll(async () => {
  db = await startTestDb();
  const d = db.client.db('agg');
  await d.collection<AnyDoc>('orgs').insertMany([
    { _id: 'o1', nama: 'LKS A', kab: 'Serang' },
    { _id: 'o2', nama: 'LKS B', kab: 'Lebak' },
  ]);
  await d.collection<AnyDoc>('scores').insertMany([
    { org: 'o1', year: 2024, score: 80, tags: ['a', 'b'] },
    { org: 'o1', year: 2025, score: 90, tags: ['b'] },
    { org: 'o2', year: 2025, score: 70, tags: [] },
    { org: 'o3', year: 2025, score: 60 },
  ]);
});
afterAll(async () => { await db.stop(); });
const scores = () => db.client.db('agg').collection<AnyDoc>('scores');
const raw = { promoteValues: false, promoteLongs: false } as const;

test('$match + $group + $sort with $sum/$avg/$min/$max/$push', async () => {
  const out = await scores().aggregate([
    { $match: { year: 2025 } },
    { $group: { _id: '$org', n: { $sum: 1 }, total: { $sum: '$score' }, avg: { $avg: '$score' }, hi: { $max: '$score' }, lo: { $min: '$score' }, years: { $push: '$year' } } },
    { $sort: { total: -1 } },
  ]).toArray();
  expect(out).toEqual([
    { _id: 'o1', n: 1, total: 90, avg: 90, hi: 90, lo: 90, years: [2025] },
    { _id: 'o2', n: 1, total: 70, avg: 70, hi: 70, lo: 70, years: [2025] },
    { _id: 'o3', n: 1, total: 60, avg: 60, hi: 60, lo: 60, years: [2025] },
  ]);
});

test('$sum keeps MongoDB numeric types: int32 overflow → int64, decimals stay Decimal128', async () => {
  const c = db.client.db('agg').collection<AnyDoc>('nums');
  await c.insertMany([
    { g: 1, v: new Int32(2147483647) }, { g: 1, v: new Int32(1) },
    { g: 2, v: Decimal128.fromString('0.1') }, { g: 2, v: Decimal128.fromString('0.2') },
    { g: 3, v: Long.fromNumber(5) }, { g: 3, v: new Double(0.5) },
    { g: 4, v: 'not a number' },
  ]);
  const out = await c.aggregate([{ $group: { _id: '$g', s: { $sum: '$v' } } }, { $sort: { _id: 1 } }], raw).toArray();
  expect(out[0].s).toEqual(Long.fromString('2147483648'));
  expect(out[1].s.toString()).toBe('0.3');
  expect(out[2].s).toEqual(new Double(5.5));
  expect(out[3].s).toEqual(new Int32(0));
  const added = await c.aggregate([{ $match: { g: 2 } }, { $project: { _id: 0, x: { $add: ['$v', Decimal128.fromString('1')] } } }], raw).toArray();
  expect(added.map((d) => d.x.toString())).toEqual(['1.1', '1.2']);
});

test('$lookup joins another collection; $unwind, $project, $addFields, $facet, $count', async () => {
  const out = await scores().aggregate([
    { $match: { year: 2025 } },
    { $lookup: { from: 'orgs', localField: 'org', foreignField: '_id', as: 'o' } },
    { $unwind: { path: '$o', preserveNullAndEmptyArrays: true } },
    { $project: { _id: 0, org: 1, nama: '$o.nama', score: 1 } },
    { $addFields: { pass: { $gte: ['$score', 75] } } },
    { $sort: { org: 1 } },
  ]).toArray();
  expect(out).toEqual([
    { org: 'o1', score: 90, nama: 'LKS A', pass: true },
    { org: 'o2', score: 70, nama: 'LKS B', pass: false },
    { org: 'o3', score: 60, pass: false },
  ]);
  const [facet] = await scores().aggregate([
    { $facet: { byYear: [{ $group: { _id: '$year', n: { $sum: 1 } } }, { $sort: { _id: 1 } }], total: [{ $count: 'n' }] } },
  ]).toArray();
  expect(facet).toEqual({ byYear: [{ _id: 2024, n: 1 }, { _id: 2025, n: 3 }], total: [{ n: 4 }] });
  // The source documents were not modified by $unwind / $addFields.
  expect(await scores().findOne({ org: 'o1', year: 2025 }, { projection: { _id: 0 } })).toEqual({ org: 'o1', year: 2025, score: 90, tags: ['b'] });
});

test('countDocuments pipelines, count and distinct', async () => {
  expect(await scores().countDocuments({ year: 2025 })).toBe(3);
  expect(await scores().countDocuments({ year: 2025 }, { skip: 1, limit: 1 })).toBe(1);
  expect(await scores().countDocuments({ year: 1999 })).toBe(0);
  expect(await scores().estimatedDocumentCount()).toBe(4);
  expect((await scores().distinct('tags')).sort()).toEqual(['a', 'b']);
  expect((await scores().distinct('org', { score: { $gte: 70 } })).sort()).toEqual(['o1', 'o2']);
  expect(await db.client.db('agg').collection('missing').countDocuments()).toBe(0);
});

test('unsupported stages and bad pipelines are refused with errors', async () => {
  const out = await scores().aggregate([{ $out: 'copy' }]).toArray().catch((e) => e);
  expect(out.code).toBe(115);
  const unknown = await scores().aggregate([{ $frobnicate: {} }]).toArray().catch((e) => e);
  expect(unknown.code).toBe(40324);
  const text = await scores().find({ $text: { $search: 'x' } }).toArray().catch((e) => e);
  expect(text.code).toBe(27);
});

test('large aggregation results come back in batches through getMore', async () => {
  const c = db.client.db('agg').collection<AnyDoc>('big');
  await c.insertMany(Array.from({ length: 300 }, (_, i) => ({ i, k: i % 3 })));
  const all = await c.aggregate([{ $match: { k: { $in: [0, 1] } } }, { $sort: { i: -1 } }], { batchSize: 50 }).toArray();
  expect(all).toHaveLength(200);
  expect(all[0].i).toBe(298); // 299 % 3 === 2 is filtered out
});

test('$group groups numbers by value and supports the common accumulators', async () => {
  const c = db.client.db('agg').collection<AnyDoc>('grp');
  await c.insertMany([
    { k: new Int32(1), kab: 'A', v: 3, t: 'x' },
    { k: new Double(1), kab: 'A', v: 5 },
    { k: Long.fromNumber(2), kab: 'B', v: 7, t: 'y' },
    { k: 2, kab: 'B', t: 'y' },
  ]);
  const out = await c.aggregate([
    { $group: { _id: '$k', n: { $count: {} }, first: { $first: '$v' }, last: { $last: '$v' }, tags: { $addToSet: '$t' }, vs: { $push: '$v' } } },
    { $sort: { _id: 1 } },
  ]).toArray();
  expect(out).toEqual([
    { _id: 1, n: 2, first: 3, last: 5, tags: ['x'], vs: [3, 5] },
    { _id: 2, n: 2, first: 7, last: null, tags: ['y'], vs: [7] },
  ]);
  const byKab = await c.aggregate([{ $group: { _id: { kab: '$kab' }, total: { $sum: '$v' } } }, { $sort: { '_id.kab': 1 } }]).toArray();
  expect(byKab).toEqual([{ _id: { kab: 'A' }, total: 8 }, { _id: { kab: 'B' }, total: 7 }]);
  const expr = await c.aggregate([{ $group: { _id: null, doubled: { $sum: { $multiply: ['$v', 2] } } } }]).toArray();
  expect(expr).toEqual([{ _id: null, doubled: 30 }]);
});
