// Collations: MongoDB's documented results (ICU; strength 1 ignores case and accents, strength 2
// ignores case only), applied to queries, sorts, distinct, counts, unique indexes, collection
// defaults and index selection, with the server's errors for bad or unsupported specs.
import { Db } from 'mongodb';
import { AnyDoc, removeDir, startTestDb, TestDb, tmpDir } from './helpers';

let db: TestDb;
let d: Db;
const S1 = { locale: 'fr', strength: 1 };
const S2 = { locale: 'fr', strength: 2 };

beforeAll(async () => {
  db = await startTestDb();
  d = db.client.db('coll');
  await d.collection<AnyDoc>('words').insertMany([
    { _id: 1, w: 'café' }, { _id: 2, w: 'cafe' }, { _id: 3, w: 'Cafe' }, { _id: 4, w: 'CAFÉ' }, { _id: 5, w: 'cafés' }, { _id: 6, w: 'b' },
  ]);
});
afterAll(async () => { await db.stop(); });

const ids = async (filter: AnyDoc, collation?: AnyDoc, coll = 'words') =>
  (await d.collection<AnyDoc>(coll).find(filter, { collation, sort: { _id: 1 } }).toArray()).map((x) => x._id);

describe('queries (MongoDB docs: strength 1 = base letters, strength 2 = base + accents)', () => {
  test("strength 1: 'café' = 'cafe' = 'Cafe' = 'CAFÉ'", async () => {
    expect(await ids({ w: 'cafe' }, S1)).toEqual([1, 2, 3, 4]);
  });

  test("strength 2: 'café' != 'cafe' but 'café' = 'CAFÉ'", async () => {
    expect(await ids({ w: 'café' }, S2)).toEqual([1, 4]);
    expect(await ids({ w: 'cafe' }, S2)).toEqual([2, 3]);
  });

  test('without a collation the comparison stays binary', async () => {
    expect(await ids({ w: 'cafe' })).toEqual([2]);
    expect(await ids({ w: 'cafe' }, { locale: 'simple' })).toEqual([2]);
  });

  test('$in, $ne, $nin and ranges use the collation', async () => {
    expect(await ids({ w: { $in: ['CAFE', 'B'] } }, S2)).toEqual([2, 3, 6]);
    expect(await ids({ w: { $nin: ['CAFE', 'B'] } }, S2)).toEqual([1, 4, 5]);
    expect(await ids({ w: { $ne: 'CAFE' } }, S1)).toEqual([5, 6]);
    // Under strength 1 every spelling of "cafe" is one value, below "cafés".
    expect(await ids({ w: { $gte: 'CAFE', $lt: 'cafés' } }, S1)).toEqual([1, 2, 3, 4]);
    expect(await ids({ w: { $gt: 'CAFE' } }, S1)).toEqual([5]);
  });

  test('strings inside sub-documents and arrays compare by the collation too', async () => {
    const c = d.collection<AnyDoc>('nested');
    await c.insertMany([{ _id: 1, a: { n: 'Ana' } }, { _id: 2, tags: ['X', 'ana'] }]);
    expect(await ids({ a: { n: 'ANA' } }, S2, 'nested')).toEqual([1]);
    expect(await ids({ tags: 'ANA' }, S2, 'nested')).toEqual([2]);
  });

  test('count, countDocuments, delete and update honour the collation', async () => {
    const c = d.collection<AnyDoc>('words');
    expect(await c.countDocuments({ w: 'CAFE' }, { collation: S1 })).toBe(4);
    expect(await d.command({ count: 'words', query: { w: 'CAFE' }, collation: S2 })).toMatchObject({ n: 2 });
    const tmp = d.collection<AnyDoc>('tmp');
    await tmp.insertMany([{ _id: 1, x: 'ping' }, { _id: 2, x: 'PING' }, { _id: 3, x: 'pong' }]);
    expect((await tmp.updateMany({ x: 'Ping' }, { $set: { hit: true } }, { collation: S2 })).modifiedCount).toBe(2);
    expect((await tmp.deleteMany({ x: 'PONG' }, { collation: S2 })).deletedCount).toBe(1);
    expect(await tmp.findOneAndUpdate({ x: 'PING' }, { $set: { y: 1 } }, { collation: S2, sort: { _id: -1 }, returnDocument: 'after' })).toMatchObject({ _id: 2, y: 1 });
  });

  test('numericOrdering compares digit runs as numbers', async () => {
    const c = d.collection<AnyDoc>('nums');
    await c.insertMany([{ _id: 1, v: '10' }, { _id: 2, v: '9' }, { _id: 3, v: '100' }]);
    const sorted = await c.find({}, { sort: { v: 1 }, collation: { locale: 'en', numericOrdering: true } }).toArray();
    expect(sorted.map((x) => x.v)).toEqual(['9', '10', '100']);
    expect(await ids({ v: { $gt: '9' } }, { locale: 'en', numericOrdering: true }, 'nums')).toEqual([1, 3]);
  });

  test('caseLevel with strength 1 distinguishes case but not accents', async () => {
    expect(await ids({ w: 'cafe' }, { locale: 'fr', strength: 1, caseLevel: true })).toEqual([1, 2]);
  });
});

describe('sorts and distinct', () => {
  test('sort orders by the collation (case-insensitive at strength 2, stable among equals)', async () => {
    const docs = await d.collection<AnyDoc>('words').find({}, { sort: { w: 1 }, collation: S2 }).toArray();
    expect(docs.map((x) => x.w)).toEqual(['b', 'cafe', 'Cafe', 'café', 'CAFÉ', 'cafés']);
    const binary = await d.collection<AnyDoc>('words').find({}, { sort: { w: 1 } }).toArray();
    expect(binary.map((x) => x.w)).toEqual(['CAFÉ', 'Cafe', 'b', 'cafe', 'café', 'cafés']);
  });

  test('caseFirst upper puts upper case first among otherwise equal strings', async () => {
    const c = d.collection<AnyDoc>('case');
    await c.insertMany([{ v: 'a' }, { v: 'B' }, { v: 'A' }, { v: 'b' }]);
    const docs = await c.find({}, { sort: { v: 1 }, collation: { locale: 'en', caseFirst: 'upper' } }).toArray();
    expect(docs.map((x) => x.v)).toEqual(['A', 'a', 'B', 'b']);
  });

  test('distinct counts values equal under the collation once', async () => {
    expect(await d.collection<AnyDoc>('words').distinct('w', {}, { collation: S1 })).toEqual(['café', 'cafés', 'b']);
    expect(await d.collection<AnyDoc>('words').distinct('w', {}, { collation: S2 })).toEqual(['café', 'cafe', 'cafés', 'b']);
  });

  test('aggregate: $match and $sort use the collation; stages it cannot honour are refused', async () => {
    const c = d.collection<AnyDoc>('words');
    const out = await c.aggregate([{ $match: { w: 'CAFE' } }, { $sort: { _id: -1 } }, { $count: 'n' }], { collation: S1 }).toArray();
    expect(out).toEqual([{ n: 4 }]);
    await expect(c.aggregate([{ $group: { _id: '$w', n: { $sum: 1 } } }], { collation: S1 }).toArray()).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/not supported/) });
  });

  test('operators only mingo evaluates are refused when they would compare strings under a collation', async () => {
    const c = d.collection<AnyDoc>('words');
    // $all is the server's own operator: {$all: [a]} is {$eq: a} under the collation, as in MongoDB.
    expect((await c.find({ w: { $all: ['cafe'] } }, { collation: S1 }).toArray()).map((x) => x._id)).toEqual([1, 2, 3, 4]);
    await expect(c.find({ $expr: { $eq: ['$w', 'cafe'] } }, { collation: S1 }).toArray()).rejects.toMatchObject({ code: 115 });
    // A regex ignores the collation in MongoDB, so it still runs.
    expect((await c.find({ w: /^caf/ }, { collation: S1 }).toArray()).length).toBe(3);
  });
});

describe('unique indexes and index selection', () => {
  test("a strength-2 unique index refuses 'Ana' next to 'ana' with E11000 (case-insensitive user names)", async () => {
    const users = d.collection<AnyDoc>('users');
    await users.createIndex({ name: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
    await users.insertOne({ _id: 1, name: 'Ana' });
    const err = await users.insertOne({ _id: 2, name: 'ana' }).catch((e) => e);
    expect(err).toMatchObject({ code: 11000, keyPattern: { name: 1 }, keyValue: { name: 'ana' } });
    expect(err.message).toMatch(/E11000 duplicate key error collection: coll.users index: name_1 dup key/);
    await users.insertOne({ _id: 3, name: 'Ána' }); // strength 2 keeps accents apart
    const spec = (await users.indexes()).find((i) => i.name === 'name_1')!;
    expect(spec.collation).toMatchObject({ locale: 'en', strength: 2, caseLevel: false, caseFirst: 'off', alternate: 'non-ignorable', version: '57.1' });
  });

  test('the same key with another collation is another index; the same collation again is a no-op', async () => {
    const c = d.collection<AnyDoc>('two');
    await c.createIndex({ k: 1 }, { collation: S2, name: 'k_s2' });
    expect(await c.createIndex({ k: 1 }, { collation: S2, name: 'k_s2' })).toBe('k_s2');
    await c.createIndex({ k: 1 }, { name: 'k_bin' });
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_', 'k_s2', 'k_bin']);
  });

  test('an index answers string predicates only under its own collation (explain shows the choice)', async () => {
    const c = d.collection<AnyDoc>('pick');
    await c.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: i, code: `K${i}`, n: i })));
    await c.createIndex({ code: 1 }, { collation: S2 });
    await c.createIndex({ n: 1 }, { collation: S2 });
    const planOf = async (filter: AnyDoc, collation?: AnyDoc) =>
      (await c.find(filter, { collation }).explain('queryPlanner')).queryPlanner.winningPlan;
    expect(await planOf({ code: 'k7' }, S2)).toMatchObject({ stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'code_1' } });
    expect(await planOf({ code: 'k7' })).toMatchObject({ stage: 'COLLSCAN' });
    // Numbers do not depend on the collation: the index serves the simple collation too.
    expect(await planOf({ n: 7 })).toMatchObject({ stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'n_1' } });
    expect(await ids({ code: 'k7' }, S2, 'pick')).toEqual([7]);
  });
});

describe('collection default collation', () => {
  test('queries, sorts and new indexes inherit it; {locale: "simple"} opts out', async () => {
    await d.createCollection('people', { collation: { locale: 'en', strength: 2 } });
    const c = d.collection<AnyDoc>('people');
    await c.insertMany([{ _id: 1, n: 'Budi' }, { _id: 2, n: 'BUDI' }, { _id: 3, n: 'ani' }]);
    expect(await ids({ n: 'budi' }, undefined, 'people')).toEqual([1, 2]);
    expect(await ids({ n: 'budi' }, { locale: 'simple' }, 'people')).toEqual([]);
    await c.createIndex({ n: 1 }, { name: 'n_default' });
    await c.createIndex({ n: -1 }, { name: 'n_simple', collation: { locale: 'simple' } });
    const specs = await c.indexes();
    expect(specs.find((i) => i.name === 'n_default')!.collation).toMatchObject({ locale: 'en', strength: 2 });
    expect(specs.find((i) => i.name === 'n_simple')!.collation).toBeUndefined();
    const [info] = await d.listCollections({ name: 'people' }).toArray();
    expect((info as AnyDoc).options.collation).toMatchObject({ locale: 'en', strength: 2, version: '57.1' });
  });
});

test('collated indexes and default collations survive a restart (journal replay)', async () => {
  const dir = tmpDir('collation');
  try {
    let t = await startTestDb({ dataDir: dir });
    await t.client.db('r').createCollection('names', { collation: { locale: 'id', strength: 1 } });
    const c = t.client.db('r').collection<AnyDoc>('names');
    await c.createIndex({ n: 1 }, { unique: true });
    await c.insertOne({ n: 'Élok' });
    await t.stop();
    t = await startTestDb({ dataDir: dir });
    const again = t.client.db('r').collection<AnyDoc>('names');
    await expect(again.insertOne({ n: 'elok' })).rejects.toMatchObject({ code: 11000 });
    expect(await again.countDocuments({ n: 'ELOK' })).toBe(1);
    await t.stop();
  } finally {
    removeDir(dir);
  }
});

describe('errors for bad or unsupported specs', () => {
  const find = (collation: AnyDoc) => d.collection<AnyDoc>('words').find({}, { collation }).toArray();

  test('an unknown locale is BadValue (2), unknown fields and bad values are FailedToParse (9)', async () => {
    await expect(find({ locale: 'xx_YY' })).rejects.toMatchObject({ code: 2, message: expect.stringMatching(/Field 'locale' is invalid/) });
    await expect(find({ locale: 'en', colour: 1 })).rejects.toMatchObject({ code: 9, message: expect.stringMatching(/unknown field/) });
    await expect(find({ locale: 'en', strength: 6 })).rejects.toMatchObject({ code: 9, message: expect.stringMatching(/must be an integer 1 through 5/) });
    await expect(find({ locale: 'en', caseFirst: 'sideways' })).rejects.toMatchObject({ code: 9 });
    await expect(find({ strength: 2 })).rejects.toMatchObject({ code: 40414 });
  });

  test('options ICU-through-Intl cannot express are refused as not supported', async () => {
    for (const spec of [{ locale: 'en', strength: 4 }, { locale: 'en', strength: 5 }, { locale: 'fr', backwards: true }, { locale: 'en', alternate: 'shifted', maxVariable: 'space' }, { locale: 'en', strength: 2, caseLevel: true }]) {
      await expect(find(spec)).rejects.toMatchObject({ code: 2, message: expect.stringMatching(/not supported/) });
    }
  });

  test("locales in MongoDB's form (underscores, @collation=) are accepted", async () => {
    for (const locale of ['en_US', 'zh_Hant', 'de@collation=phonebook', 'en_US_POSIX', 'id']) {
      await expect(find({ locale })).resolves.toBeDefined();
    }
  });
});
