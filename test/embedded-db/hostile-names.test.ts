/**
 * The examples through the official driver: dotted paths through `__proto__`, `$rename`
 * into `__proto__`, and what used to follow (every `$group` result carrying the polluted field,
 * pipelines failing with "handlers[k] is not a function"). MongoDB stores such names as ordinary
 * fields; so does the embedded server, and its process's prototypes stay untouched.
 */
import { AnyDoc, NAME_SAFE_CLIENT, startTestDb, TestDb } from './helpers';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb({}, NAME_SAFE_CLIENT); });
afterAll(async () => { await db.stop(); });
const fresh = () => db.client.db('hostile').collection<AnyDoc>(`c${n++}`);
const json = (text: string): AnyDoc => JSON.parse(text);
const ownKeys = (v: object): string[] => Object.keys(v);

afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect(({} as AnyDoc).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Array.prototype).filter((k) => /^\d+$/.test(k))).toEqual([]);
});

test("$set through 'a.__proto__' stores a field named __proto__ under a, as MongoDB does", async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, a: {} });
  await c.updateOne({ _id: 1 }, { $set: { 'a.__proto__.polluted': 1 } });
  const doc = (await c.findOne({ _id: 1 }))!;
  expect(ownKeys(doc.a)).toEqual(['__proto__']);
  expect(Object.getOwnPropertyDescriptor(doc.a, '__proto__')!.value).toEqual({ polluted: 1 });
  expect(await c.countDocuments({ 'a.__proto__.polluted': 1 })).toBe(1);
  expect(await c.find({}, { projection: { _id: 0, 'a.__proto__': 1 } }).toArray()).toEqual([json('{"a": {"__proto__": {"polluted": 1}}}')]);
});

test("$rename to '__proto__.polluted' and the $group result afterwards", async () => {
  const c = fresh();
  await c.insertMany([{ _id: 1, hello: 'world' }, { _id: 2 }]);
  await c.updateOne({ _id: 1 }, { $rename: { hello: '__proto__.polluted' } });
  const doc = (await c.findOne({ _id: 1 }))!;
  expect(ownKeys(doc)).toEqual(['_id', '__proto__']);
  expect(doc.polluted).toBeUndefined();
  const groups = await c.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }]).toArray();
  expect(groups).toEqual([{ _id: null, n: 2 }]);
  expect(ownKeys(groups[0])).toEqual(['_id', 'n']);
  // Stages mingo runs ($project, $addFields, $unwind) work on such documents and keep the name.
  const projected = await c.aggregate([{ $project: { '__proto__.polluted': 1 } }, { $addFields: { copy: '$__proto__' } }, { $sort: { _id: 1 } }]).toArray();
  expect(projected).toEqual([json('{"_id": 1, "__proto__": {"polluted": "world"}, "copy": {"polluted": "world"}}'), { _id: 2 }]);
});

test('the other update operators, arrayFilters identifiers and upserts keep such names as data', async () => {
  const c = fresh();
  await c.insertOne(json('{"_id": 1, "constructor": {"prototype": 1}, "list": [{"__proto__": 1}, {"__proto__": 2}]}'));
  await c.updateOne({ _id: 1 }, {
    $inc: { 'constructor.prototype': 1, 'toString.n': 2 }, $push: { '__proto__.items': { $each: [1, 2] } } as never, $max: { 'valueOf.x': 3 },
  });
  await c.updateOne({ _id: 1 }, { $set: { 'list.$[e].hit': true } }, { arrayFilters: [json('{"e.__proto__": 2}')] });
  await c.updateOne({ _id: 1, 'list.__proto__': 1 }, { $set: { 'list.$.first': true } });
  await c.updateOne({ _id: 2 }, json('{"$setOnInsert": {"__proto__": {"x": 1}}, "$set": {"constructor": 5}}'), { upsert: true });
  const docs = await c.find({}, { sort: { _id: 1 } }).toArray();
  expect(docs).toEqual([
    json('{"_id": 1, "constructor": {"prototype": 2}, "list": [{"__proto__": 1, "first": true}, {"__proto__": 2, "hit": true}], "toString": {"n": 2}, "__proto__": {"items": [1, 2]}, "valueOf": {"x": 3}}'),
    json('{"_id": 2, "__proto__": {"x": 1}, "constructor": 5}'),
  ]);
  // An inherited name that a document lacks is missing, not Object's own property.
  expect(await c.countDocuments({ hasOwnProperty: { $exists: true } })).toBe(0);
  expect(await c.countDocuments({ 'constructor.name': { $exists: true } })).toBe(0);
  expect(await c.distinct('toString.n')).toEqual([2]);
});

test('sort keys, index keys and duplicate-key errors on such names', async () => {
  const c = fresh();
  await c.createIndex({ '__proto__.code': 1 }, { unique: true });
  await c.insertOne(json('{"_id": 1, "__proto__": {"code": "b"}}'));
  await c.insertOne(json('{"_id": 2, "__proto__": {"code": "a"}}'));
  const err = await c.insertOne(json('{"_id": 3, "__proto__": {"code": "a"}}')).catch((e) => e);
  expect(err.code).toBe(11000);
  expect(ownKeys(err.keyValue)).toEqual(['__proto__.code']);
  expect((await c.find({}, { sort: json('{"__proto__.code": 1}') }).toArray()).map((d) => d._id)).toEqual([2, 1]);
  expect((await c.find(json('{"__proto__.code": "a"}')).toArray()).map((d) => d._id)).toEqual([2]);
});

test('aggregation expressions that turn names into data and back: $objectToArray, $arrayToObject, $setField', async () => {
  const c = fresh();
  await c.insertOne(json('{"_id": 1, "m": {"__proto__": 1, "constructor": 2}}'));
  const [row] = await c.aggregate([
    { $project: { kv: { $objectToArray: '$m' }, back: { $arrayToObject: [[['__proto__', 'x'], ['toString', 'y']]] }, set: { $setField: { field: 'constructor', input: '$m', value: 9 } } } },
  ]).toArray();
  expect(row.kv).toEqual([{ k: '__proto__', v: 1 }, { k: 'constructor', v: 2 }]);
  expect(row.back).toEqual(json('{"__proto__": "x", "toString": "y"}'));
  expect(row.set).toEqual(json('{"__proto__": 1, "constructor": 9}'));
  expect(ownKeys(row.back)).toEqual(['__proto__', 'toString']);
});

test('read-only pipelines that do not name such fields see the stored documents; $mergeObjects and $project see them renamed', async () => {
  const c = fresh();
  await c.insertMany([json('{"_id": 1, "k": "a", "__proto__": {"polluted": 1}, "m": {"constructor": 2}}'), json('{"_id": 2, "k": "a", "m": {"toString": 3}}')]);
  const [grouped] = await c.aggregate([{ $sort: { _id: 1 } }, { $group: { _id: '$k', all: { $push: '$$ROOT' }, n: { $sum: 1 } } }]).toArray();
  expect(grouped.n).toBe(2);
  expect(ownKeys(grouped.all[0])).toEqual(['_id', 'k', '__proto__', 'm']);
  expect(grouped.all[0].polluted).toBeUndefined();
  const [faceted] = await c.aggregate([{ $facet: { byK: [{ $group: { _id: '$k', n: { $sum: 1 } } }], firsts: [{ $sort: { _id: 1 } }, { $limit: 1 }] } }]).toArray();
  expect(faceted.byK).toEqual([{ _id: 'a', n: 2 }]);
  expect(ownKeys(faceted.firsts[0])).toEqual(['_id', 'k', '__proto__', 'm']);
  const [merged] = await c.aggregate([{ $group: { _id: null, m: { $mergeObjects: '$m' }, doc: { $mergeObjects: '$$ROOT' } } }]).toArray();
  expect(merged.m).toEqual(json('{"constructor": 2, "toString": 3}'));
  expect(ownKeys(merged.doc)).toEqual(['_id', 'k', '__proto__', 'm']);
  const projected = await c.aggregate([{ $sort: { _id: 1 } }, { $project: { m: 0 } }]).toArray();
  expect(projected[0]).toEqual(json('{"_id": 1, "k": "a", "__proto__": {"polluted": 1}}'));
});

test('a pipeline that names such a field outputs it under its real name even when no stored document has one', async () => {
  const c = fresh();
  await c.insertMany([{ _id: 1, a: [0, 1] }, { _id: 2, a: 2 }]);
  // $unwind first, so the $group runs in mingo rather than the server's own grouping.
  const [grouped] = await c.aggregate([{ $unwind: '$a' }, json('{"$group": {"_id": null, "__proto__": {"$sum": 1}, "toString": {"$max": "$a"}}}')]).toArray();
  expect(ownKeys(grouped)).toEqual(['_id', '__proto__', 'toString']);
  expect(Object.getOwnPropertyDescriptor(grouped, '__proto__')!.value).toBe(3);
  expect(Object.getOwnPropertyDescriptor(grouped, 'toString')!.value).toBe(2);
  const projected = await c.aggregate([{ $sort: { _id: 1 } }, { $project: { _id: 0, constructor: { $add: ['$_id', 1] } } }, { $addFields: { 'x.prototype': 'p' } }]).toArray();
  expect(projected.map((d) => [ownKeys(d), Object.getOwnPropertyDescriptor(d, 'constructor')!.value, Object.getOwnPropertyDescriptor(d.x, 'prototype')!.value])).toEqual([
    [['constructor', 'x'], 2, 'p'],
    [['constructor', 'x'], 3, 'p'],
  ]);
});
