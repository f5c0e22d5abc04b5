/**
 * Export → workbook bytes → import gives an equivalent definition: the same questions in the same
 * order with the same labels, options and rules, the same conditions (visibility), the same
 * validation, and the same score for the same answers, over the three bundled instruments and
 * over generated definitions.
 */
import fc from 'fast-check';
import { checkDefinition, score, validateAnswers, visibility, type LoadedForm } from '../../../../server/domain/forms';
import { asRawSheets, exportWorkbook, importWorkbook, readWorkbook, writeWorkbook } from '../../../../server/domain/forms/xlsform';
import { draftArb } from '../answers-arbitrary';
import { bundled, definitionJson, sample } from '../helpers';
import { definitionArb } from './definition-arbitrary';

const IDS = ['lks-monev-tahunan', 'karang-taruna-klasifikasi', 'tksk-kinerja-tahunan'] as const;

function reimported(def: unknown): LoadedForm {
  const out = exportWorkbook(def);
  if (!out.ok) throw new Error(`export failed: ${out.problems.join('; ')}`);
  const back = importWorkbook(asRawSheets(out.sheets));
  if (!back.ok || !back.form) throw new Error(`import failed: ${JSON.stringify(back.problems.slice(0, 5))}`);
  return back.form;
}

/** What a person sees and what the engine does with each question (not how the JSON spells it). */
function shape(form: LoadedForm) {
  return {
    meta: [form.id, form.version, form.title, form.description, form.subjectType, form.grades, form.caps, form.recommendationThreshold],
    sections: form.sections.map((s) => [s.key, s.title, s.weight, s.scored]),
    questions: form.questions.map((q) => ({
      path: q.path, kind: q.kind, title: q.title, description: q.description, hint: q.hint, placeholder: q.placeholder, errorMessage: q.errorMessage,
      type: q.type, format: q.format, options: q.options, multiple: q.multiple, required: q.required, evaluatorOnly: q.evaluatorOnly,
      conditional: q.conditional, evidence: q.evidence, minimum: q.minimum, maximum: q.maximum, minLength: q.minLength, maxLength: q.maxLength,
      maxItems: q.maxItems, scoreMax: q.scoreMax, notApplicable: q.notApplicable, recommendation: q.recommendation,
      widget: q.kind === 'question' ? q.widget : undefined,
    })),
  };
}

function expectSameBehaviour(a: LoadedForm, b: LoadedForm, doc: unknown): void {
  expect(score(b, doc)).toEqual(score(a, doc));
  expect([...visibility(b, doc)].sort()).toEqual([...visibility(a, doc)].sort());
  for (const mode of ['draft', 'submit'] as const) {
    expect(validateAnswers(b, doc, { mode }).errors.map((e) => e.message)).toEqual(validateAnswers(a, doc, { mode }).errors.map((e) => e.message));
  }
}

describe.each(IDS)('%s', (id) => {
  const original = bundled(id);
  let back: LoadedForm;

  beforeAll(async () => {
    // through real .xlsx bytes once: exceljs writes, the guarded reader reads
    const out = exportWorkbook(definitionJson(id));
    if (!out.ok) throw new Error(out.problems.join('; '));
    const read = await readWorkbook(await writeWorkbook(out.sheets));
    if (!read.ok) throw new Error(read.problem.message);
    const result = importWorkbook(read.sheets);
    if (!result.ok || !result.form) throw new Error(JSON.stringify(result.problems.slice(0, 5)));
    back = result.form;
  });

  test('the same questions, order, labels, options, rules and conditions', () => {
    expect(shape(back)).toEqual(shape(original));
  });

  test('identical scores, visibility and validation on random answer sets', () => {
    fc.assert(fc.property(draftArb(original, sample(id, 'complete')), (doc) => expectSameBehaviour(original, back, doc)), { numRuns: 60 });
  });

  test('exporting the re-imported definition gives the same workbook', () => {
    const again = exportWorkbook(back.definition);
    const first = exportWorkbook(definitionJson(id));
    expect(again.ok && first.ok && again.sheets).toEqual(first.ok && first.sheets);
  });
});

test('generated definitions round-trip with the same questions and the same scores', () => {
  fc.assert(fc.property(definitionArb, fc.integer(), (def, seed) => {
    const check = checkDefinition(def);
    if (!check.ok || !check.definition) throw new Error(`generator made an invalid definition: ${JSON.stringify(check.problems.slice(0, 3))}`);
    const original = check.definition;
    const back = reimported(def);
    expect(shape(back)).toEqual(shape(original));
    const docs = fc.sample(draftArb(original, {}), { numRuns: 12, seed });
    for (const doc of docs) expectSameBehaviour(original, back, doc);
  }), { numRuns: 25 });
});
