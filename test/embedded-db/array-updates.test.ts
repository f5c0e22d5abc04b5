/**
 * Array update operators where the issue found differences from MongoDB: `$push`/`$addToSet`
 * (with `$each`) create a missing array, `$pull` with a condition that starts with `$or`/`$and`
 * is a query on each element document (the first field decides, as in MongoDB's
 * pull_node.cpp), and the errors MongoDB gives for non-arrays.
 */
import { Collection } from 'mongodb';
import { AnyDoc, serverError, startTestDb, TestDb } from './helpers';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
const fresh = (): Collection<AnyDoc> => db.client.db('arr').collection<AnyDoc>(`c${n++}`);

test('$push and $addToSet with $each create a missing array, nested paths included', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, deep: {} });
  await c.updateOne({ _id: 1 }, {
    $push: { list: { $each: [3, 1, 2], $sort: 1 }, 'deep.inner.list': { $each: ['a'] } },
    $addToSet: { tags: { $each: ['x', 'x', 'y'] }, 'other.set': 5 },
  } as AnyDoc);
  expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, deep: { inner: { list: ['a'] } }, list: [1, 2, 3], tags: ['x', 'y'], other: { set: [5] } });
  // An empty $each still creates the (empty) array; an upsert starts from the query's fields.
  await c.updateOne({ _id: 1 }, { $push: { none: { $each: [] } } } as AnyDoc);
  await c.updateOne({ _id: 2, kind: 'k' }, { $addToSet: { tags: { $each: ['t'] } } } as AnyDoc, { upsert: true });
  expect((await c.findOne({ _id: 1 }))!.none).toEqual([]);
  expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, kind: 'k', tags: ['t'] });
});

test('$push and $addToSet on a field that is not an array fail as in MongoDB', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, s: 'text', o: { a: 1 } });
  const push = await serverError(c.updateOne({ _id: 1 }, { $push: { s: { $each: [1] } } } as AnyDoc));
  expect([push.code, push.message]).toEqual([2, "The field 's' must be an array but is of type string in document {_id: 1}"]);
  const add = await serverError(c.updateOne({ _id: 1 }, { $addToSet: { o: 1 } } as AnyDoc));
  expect([add.code, add.message]).toEqual([2, "Cannot apply $addToSet to non-array field. Field named 'o' has non-array type object"]);
  const through = await serverError(c.updateOne({ _id: 1 }, { $push: { 's.x': 1 } } as AnyDoc));
  expect(through.code).toBe(28);
});

test('$pull with $or / $and queries element documents', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, ticks: [{ name: 'eggs' }, { name: 'bacon' }, { name: 'coffee', n: 3 }], nums: [1, 5, 9] });
  await c.updateOne({ _id: 1 }, { $pull: { ticks: { $or: [{ name: 'eggs' }, { name: 'bacon' }] } } } as AnyDoc);
  expect((await c.findOne({ _id: 1 }))!.ticks).toEqual([{ name: 'coffee', n: 3 }]);
  await c.updateOne({ _id: 1 }, { $pull: { ticks: { $and: [{ name: 'coffee' }, { n: { $gt: 2 } }] }, nums: { $gte: 5 } } } as AnyDoc);
  expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, ticks: [], nums: [1] });
  // A first field that is an operator makes it a condition on each value: {$gte: 5}, {$in: [...]}.
  await c.updateOne({ _id: 1 }, { $push: { nums: { $each: [2, 3] } } } as AnyDoc);
  await c.updateOne({ _id: 1 }, { $pull: { nums: { $in: [1, 3] } } } as AnyDoc);
  expect((await c.findOne({ _id: 1 }))!.nums).toEqual([2]);
});
