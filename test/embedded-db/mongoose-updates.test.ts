/**
 * Update shapes mongoose 9 sends that the issue found answered differently from MongoDB, each as
 * the corresponding test of mongoose's own suite states it (the gh numbers), checked through
 * mongoose and, where it matters what was stored, through the driver.
 */
import mongoose, { Connection, Schema } from 'mongoose';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
let conn: Connection;
beforeAll(async () => {
  db = await startTestDb();
  conn = await mongoose.createConnection(db.server.uri).asPromise();
});
afterAll(async () => {
  await conn.close();
  await db.stop();
});
let n = 0;
const model = (schema: Schema) => conn.model(`M${n++}`, schema);
/** The document as stored, read with the driver. */
const stored = async (M: ReturnType<typeof model>, id: unknown): Promise<AnyDoc> => M.collection.findOne({ _id: id as never });

test('setting a nested path to {} stores an empty object (gh-4218)', async () => {
  const M = model(new Schema({ object: { nested: { field1: { type: Number, default: 1 } } } }, { minimize: false }));
  const doc = await M.create({});
  (doc as AnyDoc).object.nested = {};
  await doc.save();
  expect((await stored(M, doc._id)).object).toEqual({ nested: {} });
  // The same through updateOne and findOneAndUpdate.
  await M.updateOne({ _id: doc._id }, { $set: { 'object.nested': { field1: 5 } } });
  await M.updateOne({ _id: doc._id }, { 'object.nested': {} });
  expect((await stored(M, doc._id)).object).toEqual({ nested: {} });
  const res = await M.findOneAndUpdate({ _id: doc._id }, { $set: { object: {} } }, { returnDocument: 'after', lean: true });
  expect(res!.object).toEqual({});
});

test('setting a path to an object with no schema paths stores an empty object (gh-6436)', async () => {
  const M = model(new Schema({ object: { nested: { field1: { type: Number, default: 1 } } } }, { minimize: false }));
  const doc = await M.create({});
  (doc as AnyDoc).object.nested = { field2: 'foo' };
  await doc.save();
  expect((await stored(M, doc._id)).object.nested).toEqual({});
});

test('pulling array subdocuments whose _id is an alias of another field (gh-9319)', async () => {
  const child = new Schema({ field: { type: String, alias: '_id' } }, { _id: false });
  const Parent = model(new Schema({ children: [child] }));
  await Parent.create({ children: [{ field: '1' }, { field: '2' }] });
  const p = (await Parent.findOne())!;
  (p as AnyDoc).children.pull('1');
  await p.save();
  expect((p as AnyDoc).children.length).toBe(1);
  expect((await stored(Parent, p._id)).children).toEqual([{ field: '2' }]);
});

test('$pull with $or on subdocuments (gh-1932)', async () => {
  const Tick = new Schema({ name: String });
  const M = model(new Schema({ a: Number, ticks: [Tick] }));
  await M.create({ a: 1, ticks: [{ name: 'eggs' }, { name: 'bacon' }, { name: 'coffee' }] });
  await M.findOneAndUpdate({ a: 1 }, { $pull: { ticks: { $or: [{ name: 'eggs' }, { name: 'bacon' }] } } });
  const doc = (await M.findOne({ a: 1 }))!;
  expect((doc as AnyDoc).ticks.map((t: AnyDoc) => t.name)).toEqual(['coffee']);
});

test('Map paths are overwritten, not merged (gh-9549, gh-10485)', async () => {
  const M = model(new Schema({ name: String, myMap: { type: Map, of: String } }));
  let doc = await M.create({ name: 'test', myMap: { a: '1', b: '2' } });
  doc = (await M.findById(doc._id))!;
  doc.overwrite({ name: 'test2', myMap: { b: '2', c: '3' } });
  await doc.save();
  expect((await stored(M, doc._id)).myMap).toEqual({ b: '2', c: '3' });
  await M.updateOne({ _id: doc._id }, { $set: { myMap: new Map([['z', 'y']]) } });
  expect((await stored(M, doc._id)).myMap).toEqual({ z: 'y' });

  const Parent = model(new Schema({ children: [new Schema({ vals: { type: Map, of: String } })] }));
  const parent = await Parent.create({ children: [{ vals: { github: 'hello', twitter: 'world' } }] });
  const res = await Parent.findOneAndUpdate(
    { _id: parent._id, 'children.vals.github': { $exists: true } },
    { $set: { 'children.$.vals': { telegram: 'hello' } } },
    { returnDocument: 'after' },
  );
  expect((res!.toObject() as AnyDoc).children[0].vals).toEqual(new Map([['telegram', 'hello']]));
});

test('findByIdAndUpdate with a select of $elemMatch using $in (gh-1091)', async () => {
  const B = model(new Schema({ ids: [{ type: Schema.Types.ObjectId }], title: String }));
  const id1 = new mongoose.Types.ObjectId();
  const id2 = new mongoose.Types.ObjectId();
  const doc = await B.create({ ids: [id1, id2] });
  const found = await B.findByIdAndUpdate(doc._id, { title: 'woot' }, { returnDocument: 'after' })
    .select({ title: 1, ids: { $elemMatch: { $in: [id2.toString()] } } });
  expect(found!.title).toBe('woot');
  expect((found as AnyDoc).ids.map(String)).toEqual([id2.toString()]);
});
