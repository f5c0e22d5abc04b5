/**
 * Property-based checks over answers generated from each bundled definition: generated complete
 * answers validate; scores always stay in bounds; overrides move only the items they name;
 * scoring is deterministic; completeness counts are consistent.
 */
import fc from 'fast-check';
import { progress, score, validateAnswers, type LoadedForm, type ScoreResult } from '../../../server/domain/forms';
import { answersArb, draftArb, scoredPaths } from './answers-arbitrary';
import { bundled, sample } from './helpers';

const IDS = ['lks-monev-tahunan', 'karang-taruna-klasifikasi', 'tksk-kinerja-tahunan'] as const;

function expectInBounds(form: LoadedForm, s: ScoreResult): void {
  for (const item of s.items) {
    expect(item.points).toBeGreaterThanOrEqual(0);
    expect(item.points).toBeLessThanOrEqual(item.max);
    if (!item.counted) expect(item.points).toBe(0);
  }
  for (const sec of s.sections) {
    if (sec.score === null) expect(sec.counted).toBe(0);
    else {
      expect(sec.score).toBeGreaterThanOrEqual(0);
      expect(sec.score).toBeLessThanOrEqual(100);
      expect(sec.points).toBeLessThanOrEqual(sec.max);
    }
  }
  if (s.total === null) expect(s.grade).toBeNull();
  else {
    expect(s.total).toBeGreaterThanOrEqual(0);
    expect(s.total).toBeLessThanOrEqual(100);
    expect(form.grades).toContainEqual(s.grade);
    expect(form.grades.indexOf(s.grade!)).toBeGreaterThanOrEqual(form.grades.indexOf(s.uncappedGrade!));
  }
}

describe.each(IDS)('%s', (id) => {
  const form = bundled(id);
  const base = sample(id, 'complete');

  test('generated complete answers are valid and score within bounds', () => {
    fc.assert(fc.property(answersArb(form, base), (answers) => {
      const v = validateAnswers(form, answers, { mode: 'submit' });
      expect(v.errors).toEqual([]);
      expectInBounds(form, score(form, answers));
      expect(progress(form, answers).percent).toBe(100);
    }), { numRuns: 150 });
  });

  test('drafts (answers removed at random) are valid drafts and score within bounds', () => {
    fc.assert(fc.property(draftArb(form, base), (answers) => {
      expect(validateAnswers(form, answers, { mode: 'draft' }).ok).toBe(true);
      expectInBounds(form, score(form, answers));
      const p = progress(form, answers);
      expect(p.answered).toBeLessThanOrEqual(p.required);
      for (const sec of p.sections) expect(sec.answered).toBeLessThanOrEqual(sec.required);
    }), { numRuns: 100 });
  });

  test('overrides move only the items they name, clamped to 0..max', () => {
    const paths = scoredPaths(form);
    const overridesArb = fc.dictionary(fc.constantFrom(...paths), fc.oneof(fc.integer({ min: -5, max: 10 }), fc.double({ noNaN: false })), { maxKeys: 6 });
    fc.assert(fc.property(answersArb(form, base), overridesArb, (answers, overrides) => {
      const plain = score(form, answers);
      const moved = score(form, answers, overrides);
      expectInBounds(form, moved);
      moved.items.forEach((item, i) => {
        const o = overrides[item.path];
        if (item.status === 'hidden' || o === undefined || !Number.isFinite(o)) expect(item).toEqual(plain.items[i]);
        else expect(item.points).toBe(Math.min(Math.max(o, 0), item.max));
      });
    }), { numRuns: 100 });
  });

  test('deterministic', () => {
    fc.assert(fc.property(draftArb(form, base), (answers) => {
      expect(score(form, answers)).toEqual(score(form, structuredClone(answers)));
    }), { numRuns: 50 });
  });
});
