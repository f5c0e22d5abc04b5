/**
 * Field names that JavaScript objects inherit (`__proto__`, `constructor`, `prototype`,
 * `toString`) are data to MongoDB. Property: random documents and random operations (updates of
 * every operator, positional and arrayFilters paths, finds with filters, projections and sorts,
 * aggregations, distinct) through the driver never change a shared prototype of the server's
 * process (it runs in this one), and give the same results as the same operations on the same
 * data with those names replaced by ordinary ones that sort alike, mapped back.
 */
import fc from 'fast-check';
import { Collection, MongoServerError } from 'mongodb';
import { AnyDoc, NAME_SAFE_CLIENT, startTestDb, TestDb } from './helpers';

const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString'];
/** Stand-ins ordering like the names they replace, among themselves and against 'a' and 'b'. */
const SAFE = new Map([['__proto__', '__p'], ['constructor', 'c0'], ['prototype', 'p0'], ['toString', 't0']]);
const BACK = new Map([...SAFE].map(([k, v]) => [v, k]));
const NAMES = [...HOSTILE, 'a', 'b'];

/** Builds an object from entries with own fields only (`__proto__` included). */
function own(entries: Array<[string, unknown]>): AnyDoc {
  const out: AnyDoc = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const renamePath = (path: string, map: Map<string, string>): string => path.split('.').map((p) => map.get(p) ?? p).join('.');

/** A value with every field name (and every `$path` string) translated; string data is left alone. */
function translate(v: unknown, map: Map<string, string>): unknown {
  if (typeof v === 'string') return v.startsWith('$') ? `$${renamePath(v.slice(1), map)}` : v;
  if (Array.isArray(v)) return v.map((x) => translate(x, map));
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  return own(Object.keys(v).map((k) => [renamePath(k, map), translate((v as AnyDoc)[k], map)]));
}

/** Comparable form: objects as lists of [name, value] in field order. */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  return ['{}', ...Object.keys(v).map((k) => [k, canon((v as AnyDoc)[k])])];
}

const SHARED = [Object, Array, Function, String, Number, Boolean, Date, RegExp, Map, Set, Promise, Error, Symbol];
type Snapshot = Map<string, unknown[]>;
function prototypeSnapshot(): Snapshot {
  const out: Snapshot = new Map();
  for (const ctor of [...SHARED.map((c) => c.prototype), ...SHARED]) {
    for (const key of Reflect.ownKeys(ctor)) {
      const d = Object.getOwnPropertyDescriptor(ctor, key)!;
      out.set(`${(ctor as { name?: string }).name || 'prototype'}.${String(key)}`, [d.value, d.get, d.set]);
    }
  }
  return out;
}

/** Properties of the shared constructors and prototypes added, removed or replaced since `before`. */
function changedSince(before: Snapshot): string[] {
  const now = prototypeSnapshot();
  const changed = [...now.keys()].filter((k) => !before.has(k) || before.get(k)!.some((x, i) => !Object.is(x, now.get(k)![i])));
  return [...changed, ...[...before.keys()].filter((k) => !now.has(k))];
}

const scalar = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom('x', 'y'));
const name = fc.constantFrom(...NAMES);
const path = fc.array(name, { minLength: 1, maxLength: 3 }).map((ps) => ps.join('.'));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.uniqueArray(fc.tuple(name, tie('value')), { selector: (e) => e[0], maxLength: 3 }).map(own),
}));
const doc = fc.uniqueArray(fc.tuple(name, value), { selector: (e) => e[0], maxLength: 4 }).map(own);

type Op =
  | { kind: 'update'; q: AnyDoc; u: AnyDoc; upsert?: boolean; arrayFilters?: AnyDoc[] }
  | { kind: 'find'; filter: AnyDoc; projection?: AnyDoc; sort?: AnyDoc }
  | { kind: 'aggregate'; pipeline: AnyDoc[] }
  | { kind: 'distinct'; key: string };

const anyId = fc.constantFrom({}, { _id: 1 }, { _id: 2 });
const update: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.constantFrom('$set', '$setOnInsert', '$min', '$max'), path, value, fc.boolean()).map(([op, p, v, upsert]) => ({ kind: 'update' as const, q: { _id: upsert ? 9 : 1 }, u: { [op]: own([[p, v]]) }, upsert })),
  fc.tuple(fc.constantFrom('$unset', '$pop'), path, anyId).map(([op, p, q]) => ({ kind: 'update' as const, q, u: { [op]: own([[p, 1]]) } })),
  fc.tuple(fc.constantFrom('$inc', '$mul'), path, fc.integer({ min: -2, max: 2 })).map(([op, p, n]) => ({ kind: 'update' as const, q: { _id: 1 }, u: { [op]: own([[p, n]]) } })),
  fc.tuple(path, path).filter(([a, b]) => a !== b).map(([from, to]) => ({ kind: 'update' as const, q: { _id: 1 }, u: { $rename: own([[from, to]]) } })),
  fc.tuple(fc.constantFrom('$push', '$addToSet'), path, fc.array(value, { maxLength: 2 }), fc.boolean()).map(([op, p, items, each]) => ({
    kind: 'update' as const, q: { _id: 2 }, u: { [op]: own([[p, each ? { $each: items } : items[0] ?? 0]]) },
  })),
  fc.tuple(path, scalar).map(([p, v]) => ({ kind: 'update' as const, q: { _id: 1 }, u: { $pull: own([[p, v]]) } })),
  fc.tuple(name, name, scalar, value).map(([arr, field, v, set]) => ({ kind: 'update' as const, q: own([[`${arr}.${field}`, v]]), u: { $set: own([[`${arr}.$.${field}`, set]]) } })),
  fc.tuple(name, name, name, scalar, value).map(([arr, field, test, v, set]) => ({
    kind: 'update' as const, q: {}, u: { $set: own([[`${arr}.$[e].${field}`, set]]) }, arrayFilters: [own([[`e.${test}`, v]])],
  })),
);
const query: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(path, scalar, fc.constantFrom<unknown>(1, 0, { $slice: 1 }), path).map(([p, v, flag, pp]) => ({ kind: 'find' as const, filter: own([[p, v]]), projection: own([[pp, flag]]) })),
  fc.tuple(path, fc.constantFrom<unknown>({ $exists: true }, { $gt: 0 }, { $in: ['x', 1] }, { $type: 'object' }), fc.constantFrom(1, -1)).map(([p, c, dir]) => ({ kind: 'find' as const, filter: own([[p, c]]), sort: own([[p, dir], ['_id', 1]]) })),
  fc.tuple(path, path).map(([k, v]) => ({ kind: 'aggregate' as const, pipeline: [{ $group: { _id: `$${k}`, n: { $sum: 1 }, vs: { $push: `$${v}` } } }, { $sort: { n: 1 } }] })),
  fc.tuple(path, path).map(([k, v]) => ({ kind: 'aggregate' as const, pipeline: [{ $addFields: own([[k, `$${v}`]]) }, { $project: own([[k, 1], ['a', 1]]) }] })),
  fc.tuple(path, name).map(([p, k]) => ({ kind: 'aggregate' as const, pipeline: [{ $unwind: `$${p}` }, { $group: own([['_id', null], [k, { $sum: 1 }]]) }] })),
  path.map((p) => ({ kind: 'aggregate' as const, pipeline: [{ $project: { kv: { $objectToArray: { $ifNull: [`$${p}`, {}] } } } }, { $project: { back: { $arrayToObject: '$kv' } } }] })),
  path.map((p) => ({ kind: 'distinct' as const, key: p })),
);

function translateOp(op: Op, map: Map<string, string>): Op {
  switch (op.kind) {
    case 'update': {
      let u = translate(op.u, map) as AnyDoc;
      if (u.$rename) u = { $rename: own(Object.keys(u.$rename).map((k) => [k, renamePath(u.$rename[k], map)])) };
      return { ...op, q: translate(op.q, map) as AnyDoc, u, arrayFilters: op.arrayFilters?.map((f) => translate(f, map) as AnyDoc) };
    }
    case 'find': return { kind: 'find', filter: translate(op.filter, map) as AnyDoc, projection: translate(op.projection, map) as AnyDoc, sort: translate(op.sort, map) as AnyDoc };
    case 'aggregate': return { kind: 'aggregate', pipeline: translate(op.pipeline, map) as AnyDoc[] };
    default: return { kind: 'distinct', key: renamePath(op.key, map) };
  }
}

async function run(c: Collection<AnyDoc>, op: Op): Promise<unknown> {
  try {
    switch (op.kind) {
      case 'update': {
        const r = await c.updateMany(op.q, op.u, { upsert: op.upsert, arrayFilters: op.arrayFilters });
        return [r.matchedCount, r.modifiedCount, await c.find().sort({ _id: 1 }).toArray()];
      }
      case 'find': return await c.find(op.filter, { projection: op.projection, sort: op.sort ?? { _id: 1 } }).toArray();
      case 'aggregate': return await c.aggregate(op.pipeline).toArray();
      default: return await c.distinct(op.key);
    }
  } catch (err) {
    if (err instanceof MongoServerError) return { error: err.code };
    throw err;
  }
}

let db: TestDb;
let n = 0;
beforeAll(async () => { db = await startTestDb({}, NAME_SAFE_CLIENT); });
afterAll(async () => { await db.stop(); });

test('operations on hostile field names leave every shared prototype alone and equal the same operations on ordinary names', async () => {
  const before = prototypeSnapshot();
  await fc.assert(fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 2 }), fc.array(fc.oneof(update, query), { minLength: 1, maxLength: 3 }), async (docs, ops) => {
    const hostile = db.client.db('hostile').collection<AnyDoc>(`h${n}`);
    const safe = db.client.db('hostile').collection<AnyDoc>(`s${n++}`);
    const withIds = docs.map((d, i) => own([['_id', i + 1], ...Object.keys(d).map((k): [string, unknown] => [k, d[k]])]));
    await hostile.insertMany(withIds);
    await safe.insertMany(withIds.map((d) => translate(d, SAFE) as AnyDoc));
    for (const op of ops) {
      const got = await run(hostile, op);
      expect(changedSince(before)).toEqual([]);
      expect(({} as AnyDoc).polluted).toBeUndefined();
      const expected = translate(await run(safe, translateOp(op, SAFE)), BACK);
      expect(canon(got)).toEqual(canon(expected));
    }
  }), { numRuns: 150 });
}, 120000);
