/** BSON types survive every round trip through the server, and numbers compare by value. */
import { Binary, BSONRegExp, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, UUID } from 'mongodb';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });

const raw = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

function sample() {
  return {
    _id: new ObjectId('65a000000000000000000001'),
    int: new Int32(7),
    intZero: new Int32(0),
    double: new Double(1),
    doubleFrac: new Double(2.5),
    negZero: new Double(-0),
    long: Long.fromNumber(3),
    bigLong: Long.fromString('9007199254740993'),
    dec: Decimal128.fromString('1.10'),
    date: new Date('2024-05-06T07:08:09.010Z'),
    bin: new Binary(Buffer.from([1, 2, 3]), 0),
    uuid: new UUID('0a6f3c1e-7d2b-4f7e-9a0c-123456789abc'),
    nul: null,
    bool: false,
    str: 'Désa Bañten ✓',
    re: new BSONRegExp('^ab', 'i'),
    ts: new Timestamp({ t: 1700000000, i: 3 }),
    min: new MinKey(),
    max: new MaxKey(),
    nested: { arr: [new Int32(1), new Double(2), Long.fromNumber(3), { deep: Decimal128.fromString('4') }] },
  };
}

function typesOf(doc: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc)) {
    out[k] = v === null ? 'null' : (v as { _bsontype?: string })?._bsontype ?? (v instanceof Date ? 'Date' : typeof v);
  }
  return out;
}

test('insert then find returns every BSON type unchanged', async () => {
  const coll = db.client.db('fid').collection<AnyDoc>('types');
  const doc = sample();
  await coll.insertOne(doc);
  const back = (await coll.findOne({ _id: doc._id }, raw))!;
  expect(typesOf(back)).toEqual(typesOf(doc));
  expect(back).toEqual(doc);
  expect(Object.is((back.negZero as Double).value, -0)).toBe(true);
  expect('missing' in back).toBe(false);
  expect(back.nul).toBeNull();
});

test('types are preserved by updates of other fields, findAndModify and aggregate', async () => {
  const coll = db.client.db('fid').collection<AnyDoc>('types2');
  const doc = sample();
  await coll.insertOne(doc);
  await coll.updateOne({ _id: doc._id }, { $set: { extra: 1 }, $push: { 'nested.arr': new Double(5) } } as never);
  const back = (await coll.findOne({ _id: doc._id }, raw))!;
  const { extra, ...rest } = back;
  expect(extra).toEqual(new Int32(1));
  expect(typesOf(rest)).toEqual(typesOf(doc));
  expect((back.nested as { arr: unknown[] }).arr[4]).toEqual(new Double(5));
  const fam = await coll.findOneAndUpdate({ _id: doc._id }, { $set: { y: true } }, { returnDocument: 'after', ...raw });
  expect(typesOf(fam!)).toMatchObject(typesOf(doc));
  const [agg] = await coll.aggregate([{ $match: { _id: doc._id } }, { $project: { double: 1, long: 1, dec: 1 } }], raw).toArray();
  expect(agg).toEqual({ _id: doc._id, double: new Double(1), long: Long.fromNumber(3), dec: Decimal128.fromString('1.10') });
});

test('numbers of different BSON types compare by value in queries, indexes and sorts', async () => {
  const coll = db.client.db('fid').collection<AnyDoc>('nums');
  await coll.createIndex({ v: 1 });
  await coll.insertMany([
    { _id: 1, v: new Int32(1) }, { _id: 2, v: new Double(1) }, { _id: 3, v: Long.fromNumber(1) },
    { _id: 4, v: Decimal128.fromString('1.0') }, { _id: 5, v: new Double(0.5) }, { _id: 6, v: Long.fromNumber(10) },
  ]);
  const eq = await coll.find({ v: 1 }).toArray();
  expect(eq.map((d) => d._id).sort()).toEqual([1, 2, 3, 4]);
  const gt = await coll.find({ v: { $gt: Long.fromNumber(1) } }).toArray();
  expect(gt.map((d) => d._id)).toEqual([6]);
  const sorted = await coll.find({}).sort({ v: -1, _id: 1 }).toArray();
  expect(sorted.map((d) => d._id)).toEqual([6, 1, 2, 3, 4, 5]);
  const inList = await coll.find({ v: { $in: [new Double(0.5), Decimal128.fromString('10')] } }).toArray();
  expect(inList.map((d) => d._id).sort()).toEqual([5, 6]);
});

test('null and missing: {f: null} matches both, $exists tells them apart', async () => {
  const coll = db.client.db('fid').collection<AnyDoc>('nulls');
  await coll.insertMany([{ _id: 1, f: null }, { _id: 2 }, { _id: 3, f: 0 }]);
  expect((await coll.find({ f: null }).toArray()).map((d) => d._id)).toEqual([1, 2]);
  expect((await coll.find({ f: { $exists: true } }).toArray()).map((d) => d._id)).toEqual([1, 3]);
  expect((await coll.find({ f: { $type: 'null' } }).toArray()).map((d) => d._id)).toEqual([1]);
});

test('ObjectId, UUID and Date values work as equality keys', async () => {
  const coll = db.client.db('fid').collection<AnyDoc>('keys');
  const u = new UUID();
  const when = new Date('2025-01-01T00:00:00Z');
  const oid = new ObjectId();
  await coll.insertOne({ _id: u, ref: oid, at: when });
  expect(await coll.findOne({ _id: new UUID(u.toHexString()) })).not.toBeNull();
  expect(await coll.findOne({ ref: new ObjectId(oid.toHexString()) })).not.toBeNull();
  expect(await coll.findOne({ at: new Date(when.getTime()) })).not.toBeNull();
  expect(await coll.findOne({ at: when.toISOString() })).toBeNull();
});
