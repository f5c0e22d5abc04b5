/**
 * find / findAndModify projections as MongoDB 4.4+ parses them (src/mongo/db/query/
 * projection_parser.cpp): which mixes are allowed, what they return, and the codes of the mixes
 * MongoDB refuses.
 */
import { Collection, MongoServerError } from 'mongodb';
import { AnyDoc, startTestDb, TestDb } from './helpers';

let db: TestDb;
let c: Collection<AnyDoc>;
const doc = {
  _id: 1, a: 1, b: 2, arr: [1, 2, 3, 4, 5],
  items: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }, { k: 2, v: 'z' }],
  sub: { c: 1, d: 2 },
};
beforeAll(async () => {
  db = await startTestDb();
  c = db.client.db('proj').collection<AnyDoc>('c');
  await c.insertOne(doc);
});
afterAll(async () => { await db.stop(); });

const one = (projection: AnyDoc, filter: AnyDoc = { _id: 1 }) => c.findOne(filter, { projection });

async function refused(projection: AnyDoc, filter: AnyDoc = { _id: 1 }): Promise<{ code: unknown; message: string }> {
  const err = await c.find(filter, { projection }).toArray().then(() => null, (e) => e);
  if (!(err instanceof MongoServerError)) throw new Error(`expected a server error for ${JSON.stringify(projection)}`);
  return { code: err.code, message: err.message };
}

test('an _id exclusion goes with inclusions; nested inclusions keep the path', async () => {
  expect(await one({ _id: 0, a: 1 })).toEqual({ a: 1 });
  expect(await one({ a: 1, _id: 0, 'sub.c': 1 })).toEqual({ a: 1, sub: { c: 1 } });
  expect(await one({ a: 1, sub: { d: 1 } })).toEqual({ _id: 1, a: 1, sub: { d: 2 } });
  // {_id: 1} alone is an inclusion; with an exclusion it is an exclusion that keeps _id.
  expect(await one({ _id: 1 })).toEqual({ _id: 1 });
  expect(await one({ _id: 1, items: 0, arr: 0 })).toEqual({ _id: 1, a: 1, b: 2, sub: { c: 1, d: 2 } });
});

test('$slice alone leaves the other fields; with inclusions or exclusions it follows them', async () => {
  expect(await one({ arr: { $slice: 2 } })).toEqual({ ...doc, arr: [1, 2] });
  expect(await one({ arr: { $slice: -2 }, a: 1 })).toEqual({ _id: 1, a: 1, arr: [4, 5] });
  expect(await one({ arr: { $slice: [1, 2] }, b: 0, items: 0 })).toEqual({ _id: 1, a: 1, arr: [2, 3], sub: { c: 1, d: 2 } });
  // With $slice, {_id: 0} keeps the exclusion form and {_id: 1} makes it an inclusion.
  const { _id, ...rest } = doc;
  expect(_id).toBe(1);
  expect(await one({ _id: 0, arr: { $slice: 1 } })).toEqual({ ...rest, arr: [1] });
  expect(await one({ _id: 1, arr: { $slice: 1 } })).toEqual({ _id: 1, arr: [1] });
});

test('$elemMatch returns the first matching element (or no field) and makes an inclusion', async () => {
  expect(await one({ items: { $elemMatch: { k: 2 } } })).toEqual({ _id: 1, items: [{ k: 2, v: 'y' }] });
  expect(await one({ _id: 0, a: 1, items: { $elemMatch: { k: 2, v: 'z' } } })).toEqual({ a: 1, items: [{ k: 2, v: 'z' }] });
  expect(await one({ arr: { $elemMatch: { $gt: 3 } } })).toEqual({ _id: 1, arr: [4] });
  expect(await one({ items: { $elemMatch: { k: 9 } } })).toEqual({ _id: 1 });
});

test('positional projection returns the element the query matched', async () => {
  expect(await one({ 'items.$': 1 }, { 'items.k': 2 })).toEqual({ _id: 1, items: [{ k: 2, v: 'y' }] });
  expect(await one({ _id: 0, 'items.$': 1 }, { items: { $elemMatch: { k: 2, v: 'z' } } })).toEqual({ items: [{ k: 2, v: 'z' }] });
  expect(await one({ 'arr.$': 1, a: 1 }, { $and: [{ _id: 1 }, { arr: { $gte: 4 } }] })).toEqual({ _id: 1, a: 1, arr: [4] });
  // findOneAndUpdate's projection is parsed the same way (and sees the matched document).
  const res = await c.findOneAndUpdate({ 'items.v': 'z' }, { $inc: { b: 0 } }, { projection: { 'items.$': 1 }, returnDocument: 'before' });
  expect(res).toEqual({ _id: 1, items: [{ k: 2, v: 'z' }] });
});

test('mixes MongoDB refuses, with its codes', async () => {
  expect(await refused({ a: 1, b: 0 })).toEqual({ code: 31254, message: 'Cannot do exclusion on field b in inclusion projection' });
  expect(await refused({ b: 0, a: 1 })).toEqual({ code: 31253, message: 'Cannot do inclusion on field a in exclusion projection' });
  expect(await refused({ b: 0, c: { $add: [1, 2] } })).toEqual({ code: 31252, message: 'Cannot use expression other than $meta in exclusion projection' });
  expect(await refused({ b: 0, c: 'text' })).toEqual({ code: 31310, message: 'Cannot use an expression c: "text" in an exclusion projection' });
  expect(await refused({ a: 1, 'a.b': 1 })).toEqual({ code: 31249, message: 'Path collision at a.b remaining portion b' });
  expect(await refused({ 'a.b': 1, a: 1 })).toEqual({ code: 31250, message: 'Path collision at a' });
  expect(await refused({ a: { $frob: 1 } })).toEqual({ code: 31325, message: 'Unknown expression $frob' });
  expect((await refused({ items: { $elemMatch: 1 } })).code).toBe(31274);
  expect(await refused({ 'sub.c': { $elemMatch: { x: 1 } } })).toEqual({ code: 31275, message: 'Cannot use $elemMatch projection on a nested field.' });
});

test('positional projections MongoDB refuses, with its codes', async () => {
  const q = { 'items.k': 2, arr: 3 };
  expect(await refused({ 'items.$': 1 })).toEqual({ code: 31277, message: "Positional projection 'items.$' does not match the query document." });
  expect(await refused({ 'items.$': 1, 'arr.$': 1 }, q)).toEqual({ code: 31276, message: 'Cannot specify more than one positional projection per query.' });
  expect(await refused({ 'items.$': 1, arr: { $elemMatch: { $gt: 1 } } }, q)).toEqual({ code: 31255, message: 'Cannot specify positional operator and $elemMatch.' });
  expect(await refused({ arr: { $elemMatch: { $gt: 1 } }, 'items.$': 1 }, q)).toEqual({ code: 31256, message: 'Cannot specify positional operator and $elemMatch.' });
  expect(await refused({ 'items.$': { k: 1 } }, q)).toEqual({ code: 31271, message: 'positional projection cannot be used with an expression or sub object' });
  expect(await refused({ 'items.$': 'x' }, q)).toEqual({ code: 31308, message: 'positional projection cannot be used with a literal' });
  expect((await refused({ 'items.$.k.$': 1 }, q)).code).toBe(31287);
});
