/**
 * Rows from raw BSON (export thread, domain/reports/export-bson.ts) are the rows the plan makes
 * from the decoded response: random answers of every shape along the instrument's question
 * paths (text in any script, numbers, booleans, null, lists, repeat rows, dates, objects, a
 * section that is not a document), plus fields no question reads, and drafts with no answers.
 * And the in-place decoder behind it gives what bson's own `deserialize` gives, for every type.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { BSON } from 'bson';
import { loadForm, questions, score } from '../../../server/domain/forms';
import { scoreRecord } from '../../../server/domain/fill';
import { exportPlan } from '../../../server/domain/reports';
import { documentAt, readResponse } from '../../../server/domain/reports/export-bson';

const ROOT = path.join(__dirname, '..', '..', '..');
const form = loadForm(JSON.parse(fs.readFileSync(path.join(ROOT, 'forms/lks-monev-tahunan.json'), 'utf8')));
const order = { version: form.version, paths: score(form, {}).items.map((i) => i.path) };
const plan = exportPlan(form, order);
const leaves = questions(form).filter((q) => !q.inRepeat && (q.kind === 'question' || q.kind === 'repeat'));
const rec = scoreRecord(score(form, {}));

const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ maxLength: 120 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
  fc.constantFrom('=1+1', 'lanjut-usia', 'belum-berbadan-hukum', 'anak'), fc.date({ min: new Date(0), max: new Date(4e12) }),
);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.dictionary(fc.constantFrom('kelompokUsia', 'lakiLaki', 'x'), scalar, { maxKeys: 3, noNullPrototype: true }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', 'b'), scalar, { maxKeys: 2, noNullPrototype: true }) },
);

const answersArb = fc.tuple(
  fc.array(fc.tuple(fc.nat({ max: leaves.length - 1 }), value), { maxLength: 60 }),
  fc.dictionary(fc.constantFrom('extra', 'profil', 'zz'), scalar, { maxKeys: 2, noNullPrototype: true }),
).map(([picked, extra]) => {
  const answers: Record<string, unknown> = { ...extra };
  for (const [i, v] of picked) {
    const segments = leaves[i].path.split('.');
    let node = answers;
    for (const s of segments.slice(0, -1)) {
      if (node[s] === null || typeof node[s] !== 'object' || Array.isArray(node[s])) node[s] = {};
      node = node[s] as Record<string, unknown>;
    }
    node[segments[segments.length - 1]] = v;
  }
  return answers;
});

function viaBson(doc: Record<string, unknown>) {
  const bytes = Buffer.from(BSON.serialize(doc));
  const { doc: rest, answers } = readResponse(bytes);
  return { decoded: BSON.deserialize(bytes), row: plan.rowFromBson(rest as never, { nama: 'LKS', jenisPelayanan: null }, bytes, answers) };
}

test('rows from raw BSON equal rows from the decoded response', () => {
  fc.assert(fc.property(answersArb, fc.constantFrom('draft', 'submitted'), fc.boolean(), (answers, state, scored) => {
    const doc = { _id: 'r1', organisationId: 'o1', kabkotaCode: '36.02', state, rev: 1, answers, formVersion: form.version, selfScore: scored ? rec : null, submittedAt: new Date(0) };
    const { decoded, row } = viaBson(doc);
    expect(row).toEqual(plan.row(decoded as never, { nama: 'LKS', jenisPelayanan: null }));
  }), { numRuns: 400 });
});

test('no answers, empty answers, answers that are not a document', () => {
  for (const answers of [undefined, {}, null, 'x', [1, 2]]) {
    const doc: Record<string, unknown> = { _id: 'r2', organisationId: 'o2', state: 'draft', rev: 0 };
    if (answers !== undefined) doc.answers = answers;
    const { decoded, row } = viaBson(doc);
    expect(row).toEqual(plan.row(decoded as never, { nama: 'LKS', jenisPelayanan: null }));
  }
  // the completion bucket still tells empty answers from some
  const some = viaBson({ _id: 'r3', organisationId: 'o3', state: 'draft', rev: 1, answers: { profil: { kapasitas: 5 } } }).row;
  const none = viaBson({ _id: 'r4', organisationId: 'o4', state: 'draft', rev: 1, answers: {} }).row;
  expect(some[5]).not.toEqual(none[5]);
});

const bsonScalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new BSON.ObjectId(b)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => BSON.Long.fromBigInt(n)),
  fc.uint8Array({ maxLength: 8 }).map((b) => new BSON.Binary(b)),
  fc.constantFrom(new BSON.Decimal128('1.5'), new BSON.BSONRegExp('^a', 'i'), new BSON.Timestamp({ t: 1, i: 2 }), new BSON.MinKey(), new BSON.MaxKey()),
);
const key = fc.oneof(fc.string({ maxLength: 8 }).filter((k) => !k.includes('\0')), fc.constantFrom('__proto__', 'constructor', 'answers', 'ĉapelo'));
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, bsonScalar, tie('list'), tie('doc')),
  list: fc.array(tie('tree'), { maxLength: 4 }),
  doc: fc.dictionary(key, tie('tree'), { maxKeys: 5, noNullPrototype: true }),
}));

test('documentAt decodes any document as bson does, readResponse all but the answers document', () => {
  fc.assert(fc.property(fc.dictionary(key, tree, { maxKeys: 8, noNullPrototype: true }), (doc) => {
    const bytes = Buffer.from(BSON.serialize(doc));
    const expected = BSON.deserialize(bytes);
    expect(documentAt(bytes, 0, bytes.length)).toEqual(expected);
    const { doc: rest, answers } = readResponse(bytes);
    const isDocument = expected.answers !== null && typeof expected.answers === 'object' && Object.getPrototypeOf(expected.answers) === Object.prototype;
    if (isDocument) {
      expect(answers).not.toBeNull();
      expect(documentAt(bytes, answers!.start, answers!.end)).toEqual(expected.answers);
      expect('answers' in rest).toBe(false);
      expect({ ...rest, answers: expected.answers }).toEqual(expected);
    } else {
      expect(answers).toBeNull();
      expect(rest).toEqual(expected);
    }
  }), { numRuns: 600 });
});

test('a "__proto__" element stays data: no prototype is set', () => {
  const bytes = Buffer.from(BSON.serialize({ a: JSON.parse('{"__proto__": {"polluted": 1}}') }));
  const decoded = documentAt(bytes, 0, bytes.length) as { a: Record<string, unknown> };
  expect(Object.getPrototypeOf(decoded.a)).toBe(Object.prototype);
  expect(Object.keys(decoded.a)).toEqual(['__proto__']);
  expect((decoded.a as { polluted?: unknown }).polluted).toBeUndefined();
});
