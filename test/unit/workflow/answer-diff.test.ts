import fc from 'fast-check';
import { diffAnswers } from '../../../server/domain/workflow/answer-diff';

describe('diffAnswers', () => {
  test('changed, added and removed leaves with JSON Pointer paths', () => {
    const before = { profil: { nama: 'LKS Harapan', kapasitas: 40 }, sasaran: ['anak_telantar'], hapus: true };
    const after = { profil: { nama: 'LKS Harapan Bangsa', kapasitas: 40, npwp: '012345678901000' }, sasaran: ['anak_telantar', 'lanjut_usia_telantar'] };
    expect(diffAnswers(before, after)).toEqual({
      truncated: false,
      changes: [
        { path: '/hapus', from: true },
        { path: '/profil/nama', from: 'LKS Harapan', to: 'LKS Harapan Bangsa' },
        { path: '/profil/npwp', to: '012345678901000' },
        { path: '/sasaran/1', to: 'lanjut_usia_telantar' },
      ],
    });
  });
  test('repeat groups diff by index; type changes are one change at that path', () => {
    const d = diffAnswers({ pm: [{ usia: '0-5', l: 3 }] }, { pm: [{ usia: '0-5', l: 4 }, { usia: '6-12', l: 1 }], x: { y: 1 } });
    expect(d.changes).toEqual([
      { path: '/pm/0/l', from: 3, to: 4 },
      { path: '/pm/1', to: { usia: '6-12', l: 1 } },
      { path: '/x', to: { y: 1 } },
    ]);
    expect(diffAnswers({ a: [1] }, { a: { 0: 1 } }).changes).toEqual([{ path: '/a', from: [1], to: { 0: 1 } }]);
  });
  test('keys with / and ~ are escaped (RFC 6901)', () => {
    expect(diffAnswers({}, { 'a/b~c': 1 }).changes).toEqual([{ path: '/a~1b~0c', to: 1 }]);
  });
  test('root replacement, dates, long strings and the change cap', () => {
    expect(diffAnswers(1, 2).changes).toEqual([{ path: '/', from: 1, to: 2 }]);
    expect(diffAnswers({}, null).changes).toEqual([{ path: '/', from: {}, to: null }]);
    expect(diffAnswers(undefined, {}).changes).toEqual([]);
    expect(diffAnswers({ d: new Date('2025-01-01T00:00:00Z') }, { d: new Date('2025-01-01T00:00:00Z') }).changes).toEqual([]);
    expect(diffAnswers({ t: 'a' }, { t: 'b'.repeat(50) }, { maxString: 10 }).changes).toEqual([{ path: '/t', from: 'a', to: `${'b'.repeat(10)}…` }]);
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    const capped = diffAnswers({}, many, { maxChanges: 5 });
    expect(capped.changes).toHaveLength(5);
    expect(capped.truncated).toBe(true);
  });
  test('property: identical values have no changes; any diff of different JSON values is non-empty', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      expect(diffAnswers(a, structuredClone(a)).changes).toEqual([]);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        // values differing only by key order are equal answers; compare canonical forms
        const sameContent = diffAnswers(a, b).changes.length === 0;
        if (sameContent) expect(JSON.stringify(sortKeys(a))).toBe(JSON.stringify(sortKeys(b)));
      }
    }));
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
