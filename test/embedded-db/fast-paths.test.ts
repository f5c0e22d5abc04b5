/**
 * The speed paths must give exactly what the general paths give: hashed `$in` against per-value
 * BSON equality, the direct BSON writer and the direct inclusion projection against
 * `BSON.serialize`, the streaming `$group` and the copying `$facet` through the server.
 */
import fc from 'fast-check';
import { BSON, Decimal128, Double, Int32, Long, ObjectId, Timestamp, Binary } from 'bson';
import { compileSimpleFilter } from '../../server/embedded-db/query/compiled-filter';
import { hashedMembership, isHashableOperand } from '../../server/embedded-db/query/in-set';
import { compileProjection } from '../../server/embedded-db/query/projection';
import { bsonEquals } from '../../server/embedded-db/values/compare';
import { BsonWriter } from '../../server/embedded-db/wire/bson-writer';
import { AnyDoc, startTestDb, TestDb } from './helpers';

const OIDS = [new ObjectId('65a000000000000000000001'), new ObjectId('65a000000000000000000002'), new ObjectId('65a000000000000000000003')];
const numbers = [1, 2, -1, 0, 1.5, new Double(1), new Double(2), Long.fromNumber(1), Long.fromNumber(2), Long.fromString('9007199254740993'), Decimal128.fromString('1.0'), Decimal128.fromString('0.1'), 0.1, 2 ** 53];
const scalars = [...numbers, ...OIDS, new ObjectId(OIDS[0].toHexString()), 'a', 'b', '', true, false, null, new Date(0), new Date(1000)];
const scalar = fc.constantFrom(...scalars);
const fieldValue = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ c: scalar }, { noNullPrototype: true }) },
);

/** MongoDB `$in` by definition: some value at the path equals some operand (null also matches missing). */
function referenceIn(value: unknown, operands: unknown[]): boolean {
  const values = Array.isArray(value) ? [...value, value] : [value];
  return operands.some((op) => values.some((v) => (op === null ? v === null || v === undefined : v !== undefined && bsonEquals(v, op))));
}

test('hashed $in agrees with per-value BSON equality (ObjectIds, 1 / 1.0 / Long / Decimal, null and missing)', () => {
  fc.assert(fc.property(fieldValue, fc.array(scalar, { maxLength: 6 }), (a, operands) => {
    const doc: AnyDoc = a === undefined ? {} : { a };
    const pred = compileSimpleFilter({ a: { $in: operands } })!;
    const nin = compileSimpleFilter({ a: { $nin: operands } })!;
    const want = referenceIn(a, operands);
    expect(pred(doc)).toBe(want);
    expect(nin(doc)).toBe(!want);
  }), { numRuns: 4000 });
});

test('which operands are hashed, and what a hashed set matches', () => {
  expect([1, new Double(2), Long.fromNumber(3), new Int32(4), 'x', true, null, OIDS[0], new Date(5)].every(isHashableOperand)).toBe(true);
  expect([1.5, 2 ** 53, Long.fromString('9007199254740993'), Decimal128.fromString('1'), /a/, { a: 1 }, new Binary(Buffer.from('x'))].some(isHashableOperand)).toBe(false);
  const test = hashedMembership([1, OIDS[1], null]);
  expect(test([new Double(1)])).toBe(true);
  expect(test([Long.fromNumber(1)])).toBe(true);
  expect(test([Decimal128.fromString('1.00')])).toBe(true);
  expect(test([new ObjectId(OIDS[1].toHexString())])).toBe(true);
  expect(test([undefined])).toBe(true); // null matches a missing field
  expect(test(['1', OIDS[2], 2, [1]])).toBe(false); // a whole array never equals a scalar
});

const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<unknown>(...scalars, -0, NaN, Infinity, 2147483648, -2147483649, 'ünï€😀', new Timestamp({ t: 1, i: 2 }), new Binary(Buffer.from([1, 2, 3]), 4), /re/i, new Date(NaN), undefined),
    // text of every kind and length (ASCII is copied byte by byte up to 96 characters), dates before 1970 and far ahead
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.string({ maxLength: 200 }),
    fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom('a', 'b', 'c', '_id', '1', 'é'), fc.string({ unit: 'binary', maxLength: 12 }).filter((k) => !k.includes('\0'))), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    fc.array(fc.integer(), { minLength: 1000, maxLength: 1100 }),
  ),
})).value;
const anyDoc = fc.dictionary(fc.constantFrom('_id', 'a', 'b', 'c', 'd', '0', 'x.y'), anyValue, { maxKeys: 6, noNullPrototype: true });

function written(write: (w: BsonWriter) => void): Buffer {
  const w = new BsonWriter(16);
  write(w);
  return w.take();
}

test('the BSON writer writes exactly what BSON.serialize writes', () => {
  fc.assert(fc.property(anyDoc, (doc) => {
    expect(written((w) => w.document(doc)).equals(Buffer.from(BSON.serialize(doc)))).toBe(true);
  }), { numRuns: 3000 });
});

test('the direct inclusion projection writes what serialising the projected document gives', () => {
  const projections = [{ a: 1 }, { a: 1, _id: 0 }, { 'a.b': 1, c: 1 }, { 'a.a': 1, 'a.c.b': 1 }, { _id: 1 }, { b: true, d: 1 }, { 'c.a': 1, _id: false }, { '_id.a': 1, b: 1 }];
  fc.assert(fc.property(anyDoc, fc.constantFrom(...projections), (doc, spec) => {
    const projector = compileProjection(spec)!;
    expect(projector.writeTo).toBeDefined();
    const direct = written((w) => projector.writeTo!(w, doc));
    expect(direct.equals(Buffer.from(BSON.serialize(projector(doc))))).toBe(true);
  }), { numRuns: 3000 });
});

describe('through the server', () => {
  let db: TestDb;
  beforeAll(async () => { db = await startTestDb(); });
  afterAll(async () => { await db.stop(); });

  test('$group composite keys cannot collide, $first/$last see missing values as null', async () => {
    const coll = db.client.db('fast').collection<AnyDoc>('g');
    await coll.insertMany([
      { k: '1:a', j: 'b', v: 1 }, { k: '1', j: ':ab', v: 2 }, { k: '1:a', j: 'b', v: Long.fromNumber(3) },
      { k: '1', j: ':ab' }, { k: null, v: 1.5 }, { v: 4 },
    ]);
    const out = await coll.aggregate([
      { $group: { _id: { k: '$k', j: '$j' }, n: { $sum: 1 }, s: { $sum: '$v' }, avg: { $avg: '$v' }, first: { $first: '$v' }, last: { $last: '$v' }, vs: { $push: '$v' } } },
      { $sort: { n: -1, s: 1 } },
    ], { promoteLongs: false }).toArray();
    expect(out).toEqual([
      { _id: { k: '1', j: ':ab' }, n: 2, s: 2, avg: 2, first: 2, last: null, vs: [2] },
      { _id: { k: '1:a', j: 'b' }, n: 2, s: Long.fromNumber(4), avg: 2, first: 1, last: Long.fromNumber(3), vs: [1, Long.fromNumber(3)] },
      { _id: { k: null, j: null }, n: 2, s: 5.5, avg: 2.75, first: 1.5, last: 4, vs: [1.5, 4] },
    ]);
  });

  test('$facet sub-pipelines that modify documents do not affect each other or the stored documents', async () => {
    const coll = db.client.db('fast').collection<AnyDoc>('f');
    await coll.insertMany([{ _id: 1, a: { x: 1 } }, { _id: 2, a: { x: 2 } }]);
    const [out] = await coll.aggregate([
      { $match: { _id: { $in: [1, 2] } } },
      { $facet: { changed: [{ $set: { 'a.x': 0 } }, { $sort: { _id: 1 } }], kept: [{ $sort: { _id: 1 } }], n: [{ $group: { _id: null, n: { $sum: 1 } } }] } },
    ]).toArray();
    expect(out.changed).toEqual([{ _id: 1, a: { x: 0 } }, { _id: 2, a: { x: 0 } }]);
    expect(out.kept).toEqual([{ _id: 1, a: { x: 1 } }, { _id: 2, a: { x: 2 } }]);
    expect(out.n).toEqual([{ _id: null, n: 2 }]);
    expect(await coll.find({}).sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, a: { x: 1 } }, { _id: 2, a: { x: 2 } }]);
  });

  test('a large $in uses the index and matches ObjectIds and numbers of any type', async () => {
    const coll = db.client.db('fast').collection<AnyDoc>('i');
    await coll.createIndex({ ref: 1 });
    const refs = Array.from({ length: 3000 }, (_, i) => new ObjectId(i.toString(16).padStart(24, '0')));
    await coll.insertMany(refs.map((ref, i) => ({ ref, n: i % 3 === 0 ? Long.fromNumber(i) : i % 3 === 1 ? new Double(i) : i })));
    const wanted = refs.filter((_, i) => i % 2 === 0).map((r) => new ObjectId(r.toHexString()));
    expect(await coll.countDocuments({ ref: { $in: wanted } })).toBe(1500);
    const nums = Array.from({ length: 1500 }, (_, i) => i * 2);
    expect(await coll.countDocuments({ n: { $in: nums } })).toBe(1500);
    const found = await coll.find({ ref: { $in: wanted.slice(0, 5) } }, { projection: { _id: 0, n: 1 } }).toArray();
    expect(found.map((d) => Number(d.n))).toEqual([0, 2, 4, 6, 8]);
  });
});

describe('collMod', () => {
  let db: TestDb;
  beforeAll(async () => { db = await startTestDb(); });
  afterAll(async () => { await db.stop(); });

  test('collection options it does not keep are refused with CommandNotSupported (115), not "no such command"', async () => {
    const d = db.client.db('collmod');
    await d.createCollection('c');
    await expect(d.command({ collMod: 'c', validator: { x: { $type: 'string' } } })).rejects.toMatchObject({ code: 115, message: expect.stringMatching(/not supported/) });
    // The index option is implemented (coll-mod.test.ts); a missing index is MongoDB's IndexNotFound.
    await expect(d.command({ collMod: 'c', index: { keyPattern: { a: 1 }, expireAfterSeconds: 5 } })).rejects.toMatchObject({ code: 27 });
    await expect(d.command({ collMod: 'missing', validator: {} })).rejects.toMatchObject({ code: 26 });
    await expect(d.command({ collMod: 'c' })).resolves.toMatchObject({ ok: 1 });
  });
});
