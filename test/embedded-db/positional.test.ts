/**
 * The positional `$` of updates, as MongoDB 7.0 resolves it: the position of the array element
 * through which the query matched the document (before the update), recorded by conditions on
 * the array's path or below it, `$elemMatch`, and the parts of an `$and`. An `$or` records no
 * position (src/mongo/db/matcher/expression_tree.cpp passes no MatchDetails to its branches)
 * unless MongoDB's optimiser removes it: a single branch, or branches that are all equalities on
 * one path (rewritten to `$in`). Without a position the update fails with BadValue.
 */
import { Collection } from 'mongodb';
import { AnyDoc, serverError, startTestDb, TestDb } from './helpers';

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
const fresh = (): Collection<AnyDoc> => db.client.db('pos').collection<AnyDoc>(`c${n++}`);
const NOT_FOUND = 'The positional operator did not find the match needed from the query.';

const items = () => [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 5 }, { sku: 'c', qty: 5 }];

async function qtyAfter(filter: AnyDoc): Promise<number[]> {
  const c = fresh();
  await c.insertOne({ _id: 1, items: items(), tags: ['x', 'y'] });
  await c.updateOne(filter, { $set: { 'items.$.qty': 0 } });
  return (await c.findOne({ _id: 1 }))!.items.map((i: AnyDoc) => i.qty);
}

test('dotted paths into arrays, nested documents and arrays of scalars', async () => {
  expect(await qtyAfter({ 'items.sku': 'b' })).toEqual([1, 0, 5]);
  expect(await qtyAfter({ 'items.qty': { $gte: 5 } })).toEqual([1, 0, 5]);
  const c = fresh();
  await c.insertOne({ _id: 1, order: { lines: [{ n: 1 }, { n: 2 }] }, grades: [80, 95, 70] });
  await c.updateOne({ 'order.lines.n': 2 }, { $inc: { 'order.lines.$.n': 10 } });
  await c.updateOne({ grades: { $lt: 75 } }, { $set: { 'grades.$': 75 } });
  expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, order: { lines: [{ n: 1 }, { n: 12 }] }, grades: [80, 95, 75] });
});

test('$elemMatch and $and record the position; the last condition on the array decides', async () => {
  expect(await qtyAfter({ items: { $elemMatch: { sku: { $ne: 'a' }, qty: 5 } } })).toEqual([1, 0, 5]);
  expect(await qtyAfter({ $and: [{ _id: 1 }, { 'items.sku': 'c' }] })).toEqual([1, 5, 0]);
  expect(await qtyAfter({ 'items.qty': 5, 'items.sku': 'c' })).toEqual([1, 5, 0]);
  // A negation matches without an element: no position from it.
  expect(await qtyAfter({ 'items.sku': { $ne: 'z' }, 'items.qty': 1 })).toEqual([0, 5, 5]);
});

test('an $or gives a position only where MongoDB removes it: one branch, or equalities on one path ($in)', async () => {
  expect(await qtyAfter({ $or: [{ 'items.sku': 'c' }] })).toEqual([1, 5, 0]);
  // {$or: [{p: 'c'}, {p: 'b'}]} is {p: {$in: ['c', 'b']}}: the first element equal to either.
  expect(await qtyAfter({ $or: [{ 'items.sku': 'c' }, { 'items.sku': 'b' }] })).toEqual([1, 0, 5]);
  expect(await qtyAfter({ $and: [{ _id: 1 }, { $or: [{ 'items.sku': 'zz' }, { 'items.sku': 'c' }] }] })).toEqual([1, 5, 0]);
  const c = fresh();
  await c.insertOne({ _id: 1, items: items() });
  for (const filter of [
    { $or: [{ 'items.sku': 'c' }, { _id: 2 }] },
    { $or: [{ 'items.qty': { $gt: 4 } }, { 'items.qty': { $lt: 0 } }] },
  ]) {
    const err = await serverError(c.updateOne(filter, { $set: { 'items.$.qty': 0 } }));
    expect([err.code, err.message]).toEqual([2, NOT_FOUND]);
  }
});

test('several $ paths in one update use the position matched before any of them ran', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, items: items() });
  await c.updateOne({ 'items.sku': 'b' }, { $set: { 'items.$.sku': 'B', 'items.$.seen': true }, $inc: { 'items.$.qty': 1 } });
  expect((await c.findOne({ _id: 1 }))!.items[1]).toEqual({ sku: 'B', qty: 6, seen: true });
});

test('errors where MongoDB errors', async () => {
  const c = fresh();
  await c.insertOne({ _id: 1, items: items(), a: { b: [{ c: [1] }] } });
  const cases: Array<[AnyDoc, AnyDoc, string]> = [
    [{ _id: 1 }, { $set: { 'items.$.qty': 0 } }, NOT_FOUND],
    [{ 'a.b.c': 1 }, { $set: { 'a.b.$.c.$': 2 } }, "Too many positional (i.e. '$') elements found in path 'a.b.$.c.$'"],
  ];
  for (const [filter, update, message] of cases) {
    const err = await serverError(c.updateOne(filter, update));
    expect([err.code, err.message]).toEqual([2, message]);
  }
  // An upsert that inserts has no matched array.
  const upsert = await serverError(c.updateOne({ 'items.sku': 'zz' }, { $set: { 'items.$.qty': 1 } }, { upsert: true }));
  expect([upsert.code, upsert.message]).toEqual([2, NOT_FOUND]);
  expect(await c.countDocuments()).toBe(1);
});
