/**
 * Schemas from other form libraries (rjsf, JSON Forms; /work/shared/conformance/foreign-forms):
 * every one loads in foreign mode (lenient about unknown keywords, still under the safety rules)
 * and its sample data gets the same valid/invalid verdict as the reference Ajv run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDefinition, progress, questions, score, validateAnswers, visibility } from '../../server/domain/forms';
import { readJson } from '../unit/forms/helpers';
import { corpus } from './corpus';

const FOREIGN_DIR = corpus('foreignForms');

interface ForeignSample { source: string; schema: unknown; formData: unknown; formDataValid: boolean; validatedWith: string }

const files = fs.readdirSync(FOREIGN_DIR).filter((f) => f.endsWith('.json')).sort();

test('the corpus has 105 samples (73 valid, 32 invalid)', () => {
  expect(files).toHaveLength(105);
  const samples = files.map((f) => readJson<ForeignSample>(path.join(FOREIGN_DIR, f)));
  expect(samples.filter((s) => s.formDataValid)).toHaveLength(73);
});

describe.each(files)('%s', (file) => {
  const sample = readJson<ForeignSample>(path.join(FOREIGN_DIR, file));

  test(`loads and gives the reference verdict (${sample.formDataValid ? 'valid' : 'invalid'})`, () => {
    const loaded = checkDefinition(sample.schema, { mode: 'foreign' });
    expect(loaded.problems).toEqual([]);
    const form = loaded.definition!;
    expect(form.mode).toBe('foreign');
    const result = validateAnswers(form, sample.formData, { mode: 'submit' });
    expect(result.ok).toBe(sample.formDataValid);
    if (!sample.formDataValid) {
      expect(result.errors.length).toBeGreaterThan(0);
      for (const e of result.errors) expect(e.message).toMatch(/\S/);
    }
    // The rest of the API copes with schemas it did not author.
    expect(() => { questions(form); visibility(form, sample.formData); progress(form, sample.formData); score(form, sample.formData); }).not.toThrow();
  });
});

test('a foreign schema still may not reach outside the document or use $data', () => {
  const remote = checkDefinition({ type: 'object', properties: { a: { $ref: 'https://example.org/schema.json' } } }, { mode: 'foreign' });
  expect(remote.problems.map((p) => [p.pointer, p.code])).toEqual([['/properties/a/$ref', 'ref']]);
  const data = checkDefinition({ type: 'object', properties: { a: { type: 'number', maximum: { $data: '1/b' } } } }, { mode: 'foreign' });
  expect(data.problems.map((p) => p.code)).toEqual(['data-keyword']);
});
