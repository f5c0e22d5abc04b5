import {
  type ItemReview, type ReviewableItem, checkVersion, effectivePoints, fixRequestCount, itemsToFix, mergeReview,
  reviewEditableState, scoreChanges, validateReviewUpdate,
} from '../../../server/domain/workflow/review';
import { RESPONSE_STATES } from '../../../server/domain/workflow/state-machine';

const items: ReviewableItem[] = [
  { path: '/manajemen/tanda_daftar', selfPoints: 4, maxPoints: 4, allowedPoints: [0, 1, 2, 3, 4], evidenceFileIds: ['f1', 'f2'] },
  { path: '/manajemen/ad_art', selfPoints: 2, maxPoints: 4, evidenceFileIds: [] },
  { path: '/konfirmasi_masyarakat', selfPoints: null, maxPoints: 4, evidenceFileIds: [] },
];

function issuesOf(raw: unknown): { path: string; field: string; message: string }[] {
  const r = validateReviewUpdate(raw, items);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.problem.code).toBe(400.1);
  return r.problem.details as { path: string; field: string; message: string }[];
}

describe('validateReviewUpdate', () => {
  test('accepts a full review and cleans it', () => {
    const r = validateReviewUpdate([
      { path: '/manajemen/tanda_daftar', verifiedPoints: '2', reason: '  Tanda daftar kedaluwarsa 2024 ', evidenceVerdicts: { f1: 'invalid', f2: 'valid' }, comment: 'Unggah tanda daftar terbaru', needsFix: 'on' },
      { path: '/manajemen/ad_art', verifiedPoints: 2, evidenceVerdicts: {}, comment: '' },
      { path: '/konfirmasi_masyarakat', verifiedPoints: 3 },
    ], items);
    expect(r).toEqual({ ok: true, value: [
      { path: '/manajemen/tanda_daftar', verifiedPoints: 2, reason: 'Tanda daftar kedaluwarsa 2024', evidenceVerdicts: { f1: 'invalid', f2: 'valid' }, comment: 'Unggah tanda daftar terbaru', needsFix: true },
      { path: '/manajemen/ad_art', verifiedPoints: 2, evidenceVerdicts: {} },
      { path: '/konfirmasi_masyarakat', verifiedPoints: 3, evidenceVerdicts: {} },
    ] });
  });

  test('reason is required when points differ from the self-score (not for evaluator-only items)', () => {
    expect(issuesOf([{ path: '/manajemen/ad_art', verifiedPoints: 3, reason: '   ' }])).toEqual([
      { path: '/manajemen/ad_art', field: 'reason', message: 'Alasan wajib diisi bila nilai verifikasi berbeda dari nilai mandiri.' },
    ]);
    expect(validateReviewUpdate([{ path: '/konfirmasi_masyarakat', verifiedPoints: 0 }], items).ok).toBe(true);
  });

  test('every bad field is reported at once', () => {
    const issues = issuesOf([
      { path: '/manajemen/tanda_daftar', verifiedPoints: 2.5, reason: 'x'.repeat(1001), evidenceVerdicts: { f9: 'valid', f1: 'maybe' }, needsFix: true, score: 100 },
      { path: '/tidak/ada' },
      { path: '/manajemen/ad_art', verifiedPoints: 7, comment: 42, needsFix: 'yes' },
      { path: '/manajemen/ad_art' },
      'teks',
    ]);
    expect(issues.map((i) => `${i.path} ${i.field}`)).toEqual([
      '/manajemen/tanda_daftar score',
      '/manajemen/tanda_daftar verifiedPoints',
      '/manajemen/tanda_daftar reason',
      '/manajemen/tanda_daftar evidenceVerdicts.f9',
      '/manajemen/tanda_daftar evidenceVerdicts.f1',
      '/manajemen/tanda_daftar comment',
      '/tidak/ada path',
      '/manajemen/ad_art verifiedPoints',
      '/manajemen/ad_art comment',
      '/manajemen/ad_art needsFix',
      '/manajemen/ad_art path',
      '#4 ',
    ]);
    expect(issues[1].message).toBe('Nilai verifikasi harus salah satu dari: 0, 1, 2, 3, 4.');
    expect(issues[7].message).toBe('Nilai verifikasi harus angka antara 0 dan 4.');
  });

  test('shape errors: not a list, too many entries, odd verdict container, non-numeric points', () => {
    expect(issuesOf({ path: '/manajemen/ad_art' })[0].message).toMatch(/daftar butir/);
    expect(issuesOf(Array.from({ length: 1001 }, () => ({})))[0].message).toMatch(/1000 butir/);
    expect(issuesOf([{ path: '/manajemen/ad_art', evidenceVerdicts: ['f1'] }])[0].field).toBe('evidenceVerdicts');
    expect(issuesOf([{ path: '/manajemen/ad_art', verifiedPoints: '3; drop' }])[0].field).toBe('verifiedPoints');
    expect(issuesOf([{ path: '/manajemen/ad_art', verifiedPoints: -1 }])[0].field).toBe('verifiedPoints');
    expect(issuesOf([{ path: { $ne: null } }])[0]).toEqual({ path: '#0', field: 'path', message: 'Butir tidak ditemukan pada instrumen.' });
  });

  test('a __proto__ verdict key cannot pollute anything', () => {
    const raw = JSON.parse('[{"path":"/manajemen/ad_art","evidenceVerdicts":{"__proto__":{"polluted":true}}}]');
    expect(issuesOf(raw)[0].field).toBe('evidenceVerdicts.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('merge and fix list', () => {
  const a: ItemReview = { path: '/a', verifiedPoints: 1, reason: 'r', evidenceVerdicts: {}, comment: 'perbaiki', needsFix: true };
  const b: ItemReview = { path: '/b', evidenceVerdicts: { f: 'valid' } };
  const c: ItemReview = { path: '/c', evidenceVerdicts: {}, comment: 'catatan saja' };

  test('each updated item replaces its record; untouched items stay; new ones append', () => {
    const a2: ItemReview = { path: '/a', evidenceVerdicts: {} };
    expect(mergeReview([a, b], [a2, c])).toEqual([a2, b, c]);
    expect(mergeReview([], [b])).toEqual([b]);
  });
  test('items to fix are those flagged needsFix with a comment', () => {
    const flaggedWithoutComment: ItemReview = { path: '/d', evidenceVerdicts: {}, needsFix: true, comment: ' ' };
    expect(itemsToFix([a, b, c, flaggedWithoutComment])).toEqual([a]);
    expect(fixRequestCount([a, b, c])).toBe(1);
    expect(fixRequestCount([b, c])).toBe(0);
  });
  test('effective points and score changes', () => {
    expect(effectivePoints({ selfPoints: 3 }, a)).toBe(1);
    expect(effectivePoints({ selfPoints: 3 }, b)).toBe(3);
    expect(effectivePoints({ selfPoints: null })).toBeNull();
    expect(scoreChanges([a, b], [{ ...a, verifiedPoints: 2 }, b, { ...c, verifiedPoints: 0 }])).toEqual([
      { path: '/a', from: 1, to: 2 }, { path: '/c', to: 0 },
    ]);
    expect(scoreChanges([a], [{ ...a, verifiedPoints: undefined }])).toEqual([{ path: '/a', from: 1 }]);
  });
  test('reviews are editable only in review', () => {
    expect(RESPONSE_STATES.filter(reviewEditableState)).toEqual(['in_review']);
  });
});

describe('checkVersion (checklist 32)', () => {
  test('same version passes, a different one is 409.3', () => {
    expect(checkVersion(4, 4)).toEqual({ ok: true, version: 4 });
    expect(checkVersion('4', 4)).toEqual({ ok: true, version: 4 });
    const stale = checkVersion(3, 4);
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.problem).toMatchObject({ code: 409.3, details: { expected: 3, current: 4 } });
  });
  test.each([undefined, null, '', 'abc', '1e3', -1, 1.5, { $gt: 0 }, '9'.repeat(20)])('malformed version %p is 400.1', (v) => {
    const r = checkVersion(v, 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe(400.1);
  });
  test('two evaluators saving from the same version: the second is refused', () => {
    let stored = 7;
    const save = (loaded: number) => {
      const r = checkVersion(loaded, stored);
      if (r.ok) stored += 1;
      return r.ok;
    };
    expect([save(7), save(7)]).toEqual([true, false]);
  });
});
