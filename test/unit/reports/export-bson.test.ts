/**
 * Rows from raw BSON (export thread, domain/reports/export-bson.ts) are the rows the plan makes
 * from the decoded response: random answers of every shape along the instrument's question
 * paths (text in any script, numbers, booleans, null, lists, repeat rows, dates, objects, a
 * section that is not a document), plus fields no question reads, and drafts with no answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { BSON } from 'bson';
import { loadForm, questions, score } from '../../../server/domain/forms';
import { scoreRecord } from '../../../server/domain/fill';
import { exportPlan } from '../../../server/domain/reports';
import { splitAnswers } from '../../../server/domain/reports/export-bson';

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
  const { rest, answers } = splitAnswers(bytes);
  return { decoded: BSON.deserialize(bytes), row: plan.rowFromBson(BSON.deserialize(rest) as never, { nama: 'LKS', jenisPelayanan: null }, bytes, answers) };
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
