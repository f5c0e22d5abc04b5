/** Update operators, upserts, $setOnInsert, arrayFilters, pipeline updates and their errors. */
import { Collection, Decimal128, Double, Int32, Long } from 'mongodb';
import { AnyDoc, serverError, startTestDb, TestDb } from './helpers';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
const fresh = (): Collection<AnyDoc> => db.client.db('upd').collection<AnyDoc>(`c${n++}`);
const raw = { promoteValues: false, promoteLongs: false } as const;

test('field operators: $set (dotted, creates paths), $unset, $rename, $min/$max, $currentDate, $mul', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, a: { b: 1 }, old: 'x', lo: 5, hi: 5, m: 3 });
  const r = await c.updateOne({ _id: 1 }, {
    $set: { 'a.c': 2, 'x.y.z': true }, $unset: { old: '' }, $rename: { m: 'mm' }, $min: { lo: 2 }, $max: { hi: 9 },
    $currentDate: { at: true },
  });
  expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
  const d = (await c.findOne({ _id: 1 }))!;
  expect(d).toMatchObject({ a: { b: 1, c: 2 }, x: { y: { z: true } }, lo: 2, hi: 9, mm: 3 });
  expect(d.old).toBeUndefined();
  expect(d.at).toBeInstanceOf(Date);
  const same = await c.updateOne({ _id: 1 }, { $set: { 'a.b': 1 } });
  expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
});

test('$inc follows MongoDB numeric types: int32 overflow becomes int64, Long stays Long, Decimal128 stays exact', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, i: new Int32(2147483647), l: Long.fromNumber(5), d: Decimal128.fromString('0.1'), f: new Double(1.5), s: 'x' });
  await c.updateOne({ _id: 1 }, { $inc: { i: 1, l: 2, d: Decimal128.fromString('0.2'), f: 0.5, fresh: 3 } });
  const d = (await c.findOne({ _id: 1 }, raw))!;
  expect(d.i).toEqual(Long.fromString('2147483648'));
  expect(d.l).toEqual(Long.fromNumber(7));
  expect(d.d.toString()).toBe('0.3');
  expect(d.f).toEqual(new Double(2));
  expect(d.fresh).toEqual(new Int32(3));
  await c.updateOne({ _id: 1 }, { $mul: { l: 3, absent: Long.fromNumber(4) } });
  const m = (await c.findOne({ _id: 1 }, raw))!;
  expect(m.l).toEqual(Long.fromNumber(21));
  expect(m.absent).toEqual(Long.fromNumber(0));
});

test('invalid updates fail with MongoDB error codes', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, s: 'text', a: 5, arr: [1] });
  expect((await serverError(c.updateOne({ _id: 1 }, { $inc: { s: 1 } }))).code).toBe(14);
  expect((await serverError(c.updateOne({ _id: 1 }, { $inc: { a: 'x' } as never }))).code).toBe(14);
  expect((await serverError(c.updateOne({ _id: 1 }, { $set: { a: 1 }, $inc: { a: 1 } }))).code).toBe(40);
  expect((await serverError(c.updateOne({ _id: 1 }, { $set: { 'a.b': 1, a: 2 } }))).code).toBe(40);
  expect((await serverError(c.updateOne({ _id: 1 }, { $set: { _id: 2 } }))).code).toBe(66);
  expect((await serverError(c.replaceOne({ _id: 1 }, { _id: 3, z: 1 }))).code).toBe(66);
  expect((await serverError(c.updateOne({ _id: 1 }, { $foo: { a: 1 } } as never))).code).toBe(9);
  expect((await serverError(c.updateOne({ _id: 1 }, { $set: { 'a.b': 1 } }))).code).toBe(28);
  expect((await serverError(c.updateOne({ _id: 1 }, { $push: { s: 1 } } as never))).code).toBe(2);
  // Setting _id to its current value is not a change.
  await expect(c.updateOne({ _id: 1 }, { $set: { _id: 1, a: 6 } })).resolves.toMatchObject({ modifiedCount: 1 });
});

test('array operators: $push modifiers, $addToSet, $pop, $pull with conditions, $pullAll', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, a: [3, 1], tags: ['x'], items: [{ k: 1, q: 5 }, { k: 2, q: 1 }], p: [1, 2, 3] });
  await c.updateOne({ _id: 1 }, {
    $push: { a: { $each: [5, 2], $sort: 1, $slice: 3 } },
    $addToSet: { tags: { $each: ['x', 'y'] } },
    $pull: { items: { q: { $lt: 3 } } },
    $pop: { p: -1 },
  } as never);
  expect(await c.findOne({ _id: 1 })).toMatchObject({ a: [1, 2, 3], tags: ['x', 'y'], items: [{ k: 1, q: 5 }], p: [2, 3] });
  await c.updateOne({ _id: 1 }, { $pullAll: { a: [1, 3] }, $push: { tags: { $each: ['first'], $position: 0 } } } as never);
  expect(await c.findOne({ _id: 1 })).toMatchObject({ a: [2], tags: ['first', 'x', 'y'] });
});

test('positional $, $[] and $[id] with arrayFilters', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, grades: [80, 95, 70], rows: [{ s: 'a', v: 1 }, { s: 'b', v: 2 }, { s: 'b', v: 3 }] });
  await c.updateOne({ _id: 1, grades: 95 }, { $set: { 'grades.$': 96 } });
  await c.updateOne({ _id: 1 }, { $inc: { 'rows.$[].v': 10 } });
  await c.updateOne({ _id: 1 }, { $set: { 'rows.$[r].flag': true } }, { arrayFilters: [{ 'r.s': 'b' }] });
  expect(await c.findOne({ _id: 1 })).toMatchObject({
    grades: [80, 96, 70],
    rows: [{ s: 'a', v: 11 }, { s: 'b', v: 12, flag: true }, { s: 'b', v: 13, flag: true }],
  });
  expect((await serverError(c.updateOne({ _id: 1 }, { $set: { 'rows.$[r].x': 1 } }, { arrayFilters: [{ 'r.s': 'a' }, { 'q.s': 1 }] }))).code).toBe(9);
  expect((await serverError(c.updateOne({ _id: 1 }, { $set: { 'grades.$': 1 } }))).code).toBe(2);
});

test('upsert builds the document from query equalities; $setOnInsert only applies on insert', async () => {
  const c = fresh();
  const first = await c.updateOne({ email: 'a@x.id', role: { $eq: 'admin' }, age: { $gt: 3 } }, { $set: { name: 'A' }, $setOnInsert: { createdAt: 1 } }, { upsert: true });
  expect(first.upsertedCount).toBe(1);
  const doc = (await c.findOne({ _id: first.upsertedId! }))!;
  expect(doc).toMatchObject({ email: 'a@x.id', role: 'admin', name: 'A', createdAt: 1 });
  expect(doc.age).toBeUndefined();
  const second = await c.updateOne({ email: 'a@x.id' }, { $set: { name: 'B' }, $setOnInsert: { createdAt: 2 } }, { upsert: true });
  expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
  expect(await c.findOne({ email: 'a@x.id' })).toMatchObject({ name: 'B', createdAt: 1 });
  const rep = await c.replaceOne({ _id: 'fixed' }, { v: 1 }, { upsert: true });
  expect(rep.upsertedId).toBe('fixed');
  // A non-upsert update with $setOnInsert (mongoose timestamps) does not touch the field.
  await c.updateOne({ _id: 'fixed' }, { $set: { v: 2 }, $setOnInsert: { createdAt: 9 } });
  expect(await c.findOne({ _id: 'fixed' })).toEqual({ _id: 'fixed', v: 2 });
});

test('updateMany, replaceOne and pipeline updates', async () => {
  const c = fresh();
  await c.insertMany([{ _id: 1, a: 1, b: 2 }, { _id: 2, a: 1, b: 5 }, { _id: 3, a: 0, b: 1 }]);
  expect(await c.updateMany({ a: 1 }, { $inc: { b: 1 } })).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
  await c.updateMany({}, [{ $set: { total: { $add: ['$a', '$b'] } } }, { $unset: 'a' }]);
  expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([
    { _id: 1, b: 3, total: 4 }, { _id: 2, b: 6, total: 7 }, { _id: 3, b: 1, total: 1 },
  ]);
  await c.replaceOne({ _id: 3 }, { only: true });
  expect(await c.findOne({ _id: 3 })).toEqual({ _id: 3, only: true });
});

test('ordered and unordered batches report write errors with their index', async () => {
  const c = fresh();
  await c.insertOne({ _id: 2 });
  const ordered = await c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }], { ordered: true }).catch((e) => e);
  expect(ordered.code).toBe(11000);
  expect(ordered.writeErrors[0].index).toBe(1);
  expect(ordered.result.insertedCount).toBe(1);
  expect(await c.countDocuments({ _id: 3 })).toBe(0);
  const unordered = await c.insertMany([{ _id: 4 }, { _id: 2 }, { _id: 5 }, { _id: 1 }], { ordered: false }).catch((e) => e);
  expect(unordered.writeErrors.map((w: { index: number }) => w.index)).toEqual([1, 3]);
  expect(await c.countDocuments()).toBe(4);
  const bulk = await c.bulkWrite([
    { updateOne: { filter: { _id: 4 }, update: { $set: { x: 1 } } } },
    { deleteOne: { filter: { _id: 5 } } },
    { updateOne: { filter: { _id: 9 }, update: { $set: { x: 2 } }, upsert: true } },
  ]);
  expect(bulk).toMatchObject({ matchedCount: 1, modifiedCount: 1, deletedCount: 1, upsertedCount: 1 });
});

test('findAndModify: returns before/after, upserts, removes, honours sort and projection', async () => {
  const c = fresh();
  await c.insertMany([{ _id: 1, q: 1, v: 'a' }, { _id: 2, q: 1, v: 'b' }]);
  const before = await c.findOneAndUpdate({ q: 1 }, { $set: { v: 'z' } }, { sort: { _id: -1 }, projection: { v: 1, _id: 0 } });
  expect(before).toEqual({ v: 'b' });
  const after = await c.findOneAndUpdate({ _id: 3 }, { $set: { v: 'new' } }, { upsert: true, returnDocument: 'after', includeResultMetadata: true });
  expect(after.value).toEqual({ _id: 3, v: 'new' });
  expect(after.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 3 });
  expect(await c.findOneAndDelete({ _id: 1 })).toEqual({ _id: 1, q: 1, v: 'a' });
  expect(await c.findOneAndDelete({ _id: 1 })).toBeNull();
  expect(await c.findOneAndReplace({ _id: 2 }, { r: 1 }, { returnDocument: 'after' })).toEqual({ _id: 2, r: 1 });
});

test('deleteOne / deleteMany', async () => {
  const c = fresh();
  await c.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
  expect((await c.deleteOne({ k: 1 })).deletedCount).toBe(1);
  expect((await c.deleteMany({})).deletedCount).toBe(2);
  expect((await db.client.db('upd').collection<AnyDoc>('never').deleteMany({})).deletedCount).toBe(0);
});
