/**
 * `$`-prefixed field names as MongoDB 5.0+ stores them (manual: "Dollar-Prefixed Field Names";
 * src/mongo/db/update/storage_validation.cpp): allowed anywhere on insert and on the insert an
 * upsert makes; nested anywhere an update writes; refused (52 DollarPrefixedFieldName) only at
 * the top level of a document an update modifies or replaces. In update paths only `$`, `$[]` and
 * `$[id]` are positional: `a.$each` is a field.
 */
import { Collection } from 'mongodb';
import mongoose, { Connection, Schema } from 'mongoose';
import { AnyDoc, serverError, startTestDb, TestDb } from './helpers';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
const fresh = (): Collection<AnyDoc> => db.client.db('dollar').collection<AnyDoc>(`c${n++}`);

const refusal = (name: string) => `The dollar ($) prefixed field '${name}' in '${name}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`;

test("inserts store $-prefixed names at any level, operator names included (the manual's examples)", async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, $price: 50, quantity: 30 });
  await c.insertOne({ _id: 2, $id: 'h1961-01', location: { $db: 'novels', $ref: '2007042768', $inc: true } });
  expect(await c.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
    { _id: 1, $price: 50, quantity: 30 },
    { _id: 2, $id: 'h1961-01', location: { $db: 'novels', $ref: '2007042768', $inc: true } },
  ]);
  // _id alone may not hold them.
  const err = await serverError(c.insertOne({ _id: { $x: 1 } }));
  expect(err.code).toBe(52);
  expect(err.message).toMatch(/^_id fields may not contain '\$'-prefixed fields: /);
});

test('updates write nested $-prefixed names; a.$each and a.$myKey are fields, not operators', async () => {
  const c = fresh();
  await c.insertOne({ _id: 'E123', address: { $number: 123, $street: 'Elm Road' }, $rooms: { br: 2, bath: 1 }, prefs: { $each: 1 } });
  await c.updateOne({ _id: 'E123' }, { $set: { 'address.$street': 'Elm Ave', 'prefs.$each': 42, 'more.$myKey': 'v' }, $inc: { 'address.$number': 1 } });
  // A document with a top-level $ field can have its other fields modified.
  await c.updateOne({ _id: 'E123', 'address.$number': 124 }, { $set: { flag: true }, $push: { 'list.$each': { $each: [1, 2] } } as AnyDoc });
  expect(await c.findOne({ _id: 'E123' })).toEqual({
    _id: 'E123', address: { $number: 124, $street: 'Elm Ave' }, $rooms: { br: 2, bath: 1 }, prefs: { $each: 42 },
    more: { $myKey: 'v' }, flag: true, list: { $each: [1, 2] },
  });
  // $set of a whole object with $ names inside it.
  await c.updateOne({ _id: 'E123' }, { $set: { prefs: { $each: 'x', $inc: { $set: 1 } } } });
  expect((await c.findOne({ _id: 'E123' }))!.prefs).toEqual({ $each: 'x', $inc: { $set: 1 } });
});

test('top-level $ names are refused with 52 when an update modifies or replaces a document', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, $rooms: 1, a: 1 });
  for (const [update, name] of [
    [{ $set: { $rooms: 2 } }, '$rooms'],
    [{ $inc: { $other: 1 } }, '$other'],
    [{ $rename: { a: '$a' } }, '$a'],
  ] as Array<[AnyDoc, string]>) {
    const err = await serverError(c.updateOne({ _id: 1 }, update));
    expect([err.code, err.message]).toEqual([52, refusal(name)]);
  }
  // (A replacement whose first field starts with $ is an operator update: the driver refuses it.)
  const replaced = await serverError(c.replaceOne({ _id: 1 }, { a: 2, $price: 1 }));
  expect([replaced.code, replaced.message]).toEqual([52, refusal('$price')]);
  // $unset of such a field is allowed, and pipeline updates can write one with $setField.
  await c.updateOne({ _id: 1 }, [{ $replaceWith: { $setField: { field: { $literal: '$rooms' }, input: '$$ROOT', value: 3 } } }]);
  expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, $rooms: 3, a: 1 });
  await c.updateOne({ _id: 1 }, { $unset: { $rooms: '' } });
  expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
});

test('an upsert that inserts is validated as an insert', async () => {
  const c = fresh();
  await c.updateOne({ date: '2021-07-07' }, { $set: { phone: 25.17, $hotel: 320.1 } }, { upsert: true });
  expect(await c.findOne({ date: '2021-07-07' }, { projection: { _id: 0 } })).toEqual({ date: '2021-07-07', phone: 25.17, $hotel: 320.1 });
  // The same update on the document that now exists is refused.
  expect((await serverError(c.updateOne({ date: '2021-07-07' }, { $set: { phone: 1, $hotel: 1 } }, { upsert: true }))).code).toBe(52);
  await c.replaceOne({ _id: 'r' }, { a: 1, $price: 5 }, { upsert: true });
  expect(await c.findOne({ _id: 'r' })).toEqual({ _id: 'r', a: 1, $price: 5 });
  await c.updateOne({ _id: 'e' }, { $setOnInsert: { $each: { count: 42 } } }, { upsert: true });
  expect(await c.findOne({ _id: 'e' })).toEqual({ _id: 'e', $each: { count: 42 } });
});

test('positional parts keep their rules: $ and $[id] may not come first', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, a: [1] });
  const first = await serverError(c.updateOne({ _id: 1 }, { $set: { '$.x': 1 } }));
  expect([first.code, first.message]).toEqual([2, "Cannot have positional (i.e. '$') element in the first position in path '$.x'"]);
  const filterFirst = await serverError(c.updateOne({ _id: 1 }, { $set: { '$[e]': 1 } }, { arrayFilters: [{ e: 1 }] }));
  expect([filterFirst.code, filterFirst.message]).toEqual([2, "Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '$[e]'"]);
});

describe('mongoose 9', () => {
  let conn: Connection;
  beforeAll(async () => { conn = await mongoose.createConnection(db.server.uri).asPromise(); });
  afterAll(async () => { await conn.close(); });

  test('updateOne with a top-level key that starts with $, upserted (mongoose gh-13786)', async () => {
    const Test = conn.model('Dollar', new Schema({ $myKey: String }));
    const _id = new mongoose.Types.ObjectId();
    await Test.updateOne({ _id }, { $myKey: 'gh13786' }, { upsert: true });
    expect((await Test.findById(_id))!.$myKey).toBe('gh13786');
  });

  test('nested modifier-named paths: upsert, object syntax and dotted syntax (mongoose gh-15642)', async () => {
    const Account = conn.model('Account', new Schema({ $each: { count: Number }, preferences: { $each: Number } }));
    const _id = new mongoose.Types.ObjectId();
    await Account.updateOne({ _id }, { $each: { count: '42' } } as AnyDoc, { upsert: true });
    expect((await Account.findById(_id))!.$each!.count).toBe(42);
    const a = await Account.create({ preferences: { $each: 1 } });
    await Account.updateOne({ _id: a._id }, { $set: { preferences: { $each: '42' } } } as AnyDoc);
    expect((await Account.findById(a._id))!.preferences!.$each).toBe(42);
    await Account.updateOne({ _id: a._id }, { $set: { 'preferences.$each': '43' } } as AnyDoc);
    expect((await Account.findById(a._id))!.preferences!.$each).toBe(43);
  });
});
