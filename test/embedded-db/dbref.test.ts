/**
 * DBRef fields ($ref, $id, $db) and `$`-prefixed names in queries, as MongoDB 7.0 handles them
 * (src/mongo/db/matcher/expression_parser.cpp, jstests/core/dbref*.js): DBRefs are stored and
 * returned byte for byte, queried through `x.$id`, `x.$ref`, `$elemMatch: {$id}` and by whole
 * value; `$ref`/`$id`/`$db` at the top of a query are fields; other `$` names there are refused
 * with BadValue and MongoDB's wording.
 */
import { BSON, Collection, DBRef, ObjectId } from 'mongodb';
import mongoose, { Connection, Schema } from 'mongoose';
import { AnyDoc, serverError, startTestDb, TestDb } from './helpers';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
const fresh = (): Collection<AnyDoc> => db.client.db('dbref').collection<AnyDoc>(`c${n++}`);
const oid = new ObjectId('64b0000000000000000000a1');

test("DBRef sub-documents come back byte for byte, $ref: 'fs.files' included", async () => {
  const c = fresh();
  // Plain objects: the client's DBRef class would itself split 'fs.files' into db and collection.
  const docs = [
    { _id: 1, file: { $ref: 'fs.files', $id: oid } },
    { _id: 2, file: { $ref: 'fs.files', $id: oid, $db: 'media', extra: 1 } },
    { _id: 3, file: { $id: 'first', $ref: 'fs.files' } },
    { _id: 4, list: [{ $ref: 'u', $id: 1 }, { $ref: 'fs.chunks', $id: 2, $db: 'x' }] },
  ];
  await c.insertMany(docs);
  const raw = await c.find({}, { raw: true, sort: { _id: 1 } }).toArray() as unknown as Uint8Array[];
  expect(raw.map((b) => Buffer.from(b).toString('hex'))).toEqual(docs.map((d) => Buffer.from(BSON.serialize(d)).toString('hex')));
  // An update elsewhere in the document leaves them as they are.
  await c.updateOne({ _id: 2 }, { $set: { touched: true } });
  const after = await c.findOne({ _id: 2 }, { raw: true }) as unknown as Uint8Array;
  expect(Buffer.from(after).toString('hex')).toBe(Buffer.from(BSON.serialize({ ...docs[1], touched: true })).toString('hex'));
});

test('DBRef fields are queried by path, by $elemMatch and by whole value; distinct reads them', async () => {
  const c = fresh();
  await c.insertMany([
    { _id: 1, owner: new DBRef('users', oid), links: [new DBRef('users', oid), new DBRef('orgs', 7 as never)] },
    { _id: 2, owner: { $ref: 'fs.files', $id: 5 }, links: [] },
    { _id: 3, owner: { $ref: 'users', $id: 6, $db: 'other' } },
  ]);
  const ids = async (filter: AnyDoc) => (await c.find(filter, { projection: { _id: 1 }, sort: { _id: 1 } }).toArray()).map((d) => d._id);
  expect(await ids({ 'owner.$id': oid })).toEqual([1]);
  expect(await ids({ 'owner.$ref': 'fs.files' })).toEqual([2]);
  expect(await ids({ 'owner.$db': 'other' })).toEqual([3]);
  expect(await ids({ 'owner.$id': { $gte: 5 } })).toEqual([2, 3]);
  expect(await ids({ links: { $elemMatch: { $id: 7 } } })).toEqual([1]);
  expect(await ids({ links: { $elemMatch: { $ref: 'users', $id: oid } } })).toEqual([1]);
  expect(await ids({ owner: { $ref: 'fs.files', $id: 5 } })).toEqual([2]);
  expect(await ids({ owner: new DBRef('users', oid) })).toEqual([1]);
  expect(await ids({ owner: { $in: [{ $ref: 'fs.files', $id: 5 }, { $ref: 'x', $id: 0 }] } })).toEqual([2]);
  expect((await c.distinct('owner.$ref')).sort()).toEqual(['fs.files', 'users']);
  expect(await c.distinct('owner.$db')).toEqual(['other']);
  // The positional projection of jstests/core/dbref3.js.
  await c.insertOne({ _id: 4, sub: { $ref: 'foo', $id: [{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 3, y: 3 }] } });
  expect(await c.findOne({ 'sub.$id': { $elemMatch: { x: 2 } } }, { projection: { _id: 0, 'sub.$id.$': 1 } })).toEqual({ sub: { $id: [{ x: 2, y: 2 }] } });
});

test('$ref, $id and $db at the top of a query are fields; other $ names there are refused', async () => {
  const c = fresh();
  // (Without $ref, the client does not read the document as a DBRef.)
  await c.insertMany([{ _id: 1, $id: 'h1961-01', kind: 'book' }, { _id: 2, $id: 'other' }, { _id: 3, $ref: 'books' }]);
  expect(await c.find({ $id: 'h1961-01' } as AnyDoc).toArray()).toEqual([{ _id: 1, $id: 'h1961-01', kind: 'book' }]);
  expect(await c.countDocuments({ $ref: 'books' } as AnyDoc)).toBe(1);
  // Their value is compared whole, as a value: {$exists: true} here is a document, not an operator.
  expect(await c.countDocuments({ $id: { $exists: true } } as AnyDoc)).toBe(0);
  for (const op of ['$in', '$gte', '$eq', '$foo']) {
    const err = await serverError(c.find({ [op]: [1] } as AnyDoc).toArray());
    expect([err.code, err.message]).toEqual([2, `unknown top level operator: ${op}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`]);
  }
  const not = await serverError(c.find({ $not: { a: 1 } } as AnyDoc).toArray());
  expect([not.code, not.message]).toEqual([2, 'unknown top level operator: $not. If you are trying to negate an entire expression, use $nor.']);
  // Inside $or as well, and on a collection that does not exist.
  expect((await serverError(c.find({ $or: [{ a: 1 }, { $gte: 1 }] } as AnyDoc).toArray())).code).toBe(2);
  expect((await serverError(db.client.db('dbref').collection('missing').countDocuments({ $in: [1] } as AnyDoc))).code).toBe(2);
});

test('under a field, an incomplete DBRef is an operator document: {$id: x} is an unknown operator', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, a: { $id: 7 } });
  const err = await serverError(c.find({ a: { $id: 7 } }).toArray());
  expect([err.code, err.message]).toEqual([2, 'unknown operator: $id']);
  expect((await serverError(c.find({ a: { $frob: 1 } }).toArray())).message).toBe('unknown operator: $frob');
  // Complete ($ref then $id), it is a value compared whole.
  expect(await c.countDocuments({ a: { $ref: 'x', $id: 7 } })).toBe(0);
  expect(await c.countDocuments({ 'a.$id': 7 })).toBe(1);
});

describe('mongoose', () => {
  let conn: Connection;
  beforeAll(async () => { conn = await mongoose.createConnection(db.server.uri).asPromise(); });
  afterAll(async () => { await conn.close(); });

  test('casts $elemMatch with DBRefs (mongoose gh-8577)', async () => {
    const Chat = conn.model('Chat', new Schema({ members: [{ $ref: String, $id: Schema.Types.ObjectId, $db: String }] }));
    const doc = await Chat.create({ members: [{ $ref: 'foo', $id: new mongoose.Types.ObjectId(), $db: 'foo' }] });
    const found = await Chat.findOne({ members: { $elemMatch: { $id: doc.members[0].$id } } });
    expect(found?._id).toEqual(doc._id);
  });
});
