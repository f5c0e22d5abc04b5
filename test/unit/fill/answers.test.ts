import { checkDefinition, score, type LoadedForm } from '../../../server/domain/forms';
import { carryOverSection, keepEvaluatorOnly, prepareDraft, scoreRecord, sectionOf } from '../../../server/domain/fill';
import { testDefinition } from '../../integration/fill/fixtures';

const form = checkDefinition(testDefinition()).definition as LoadedForm;

describe('prepareDraft', () => {
  it('keeps valid answers, drops invalid ones and reports them', () => {
    const { value, errors } = prepareDraft(form, { profil: { namaLembaga: 'A', kapasitas: -3, layananAnak: 'mungkin' }, manajemen: { rapat: 9, tandaDaftar: 2 } }, {});
    expect(value).toEqual({ profil: { namaLembaga: 'A' }, manajemen: { tandaDaftar: 2 } });
    expect(errors.map((e) => e.path).sort()).toEqual(['manajemen.rapat', 'profil.kapasitas', 'profil.layananAnak']);
  });

  it('drops unknown keys (additionalProperties) and bad array rows without shifting the good ones', () => {
    const { value } = prepareDraft(form, { profil: { pengurus: [{ nama: 'A' }, { nama: 5 }, { nama: 'C' }], asing: 1 }, skor: 100 }, {});
    expect(value).toEqual({ profil: { pengurus: [{ nama: 'A' }, {}, { nama: 'C' }] } });
  });

  it('prunes hidden conditional answers', () => {
    const { value } = prepareDraft(form, { profil: { layananAnak: false }, manajemen: { modulAnak: { asesmen: 4 } } }, {});
    expect(value).toEqual({ profil: { layananAnak: false }, manajemen: {} });
  });

  it('never takes evaluator-only answers from the operator; keeps the stored ones', () => {
    expect(prepareDraft(form, { manajemen: { kunjungan: 4 } }, {}).value).toEqual({ manajemen: {} });
    expect(prepareDraft(form, { manajemen: { kunjungan: 4, rapat: 1 } }, { manajemen: { kunjungan: 2 } }).value).toEqual({ manajemen: { kunjungan: 2, rapat: 1 } });
    expect(keepEvaluatorOnly(form, { manajemen: { kunjungan: 3 } }, { profil: {} })).toEqual({ profil: {}, manajemen: { kunjungan: 3 } });
  });

  it('a non-object post counts as an empty answer document (callers refuse it before: 400.1)', () => {
    expect(prepareDraft(form, 'x', { profil: { namaLembaga: 'Lama' } }).value).toEqual({});
  });
});

describe('carryOverSection', () => {
  it("copies last year's profile section, keeping only values the new version accepts", () => {
    expect(carryOverSection(form, 'profil', { profil: { namaLembaga: 'A', kapasitas: 'empat puluh', kolomLama: 1 }, manajemen: { rapat: 3 } })).toEqual({ profil: { namaLembaga: 'A' } });
    expect(carryOverSection(form, 'profil', { manajemen: {} })).toEqual({});
    expect(carryOverSection(form, 'profil', null)).toEqual({});
  });
});

describe('scoreRecord', () => {
  it('stores sections by key and items as a list (no dotted keys)', () => {
    const rec = scoreRecord(score(form, { manajemen: { tandaDaftar: 4, rapat: 2 } }), new Date(0));
    expect(rec).toMatchObject({ total: 75, grade: 'B', gradeLabel: 'Baik', sections: { manajemen: { score: 75, points: 6, max: 8, weight: 100 } }, computedAt: new Date(0) });
    expect(rec.items.find((i) => i.path === 'manajemen.tandaDaftar')).toEqual({ path: 'manajemen.tandaDaftar', section: 'manajemen', points: 4, max: 4, status: 'scored', counted: true });
    expect(JSON.stringify(Object.keys(rec.sections))).not.toContain('.');
  });

  it('sectionOf', () => {
    expect(sectionOf('manajemen.tandaDaftar')).toBe('manajemen');
    expect(sectionOf('profil')).toBe('profil');
  });
});
