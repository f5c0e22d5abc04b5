/** Visibility (for renderers), completeness counts (for the operator's bar) and the form cache. */
import { clearFormCache, getForm, listForms, loadBundledForms, loadForm, progress, registerForm, visibility, FormDefinitionError } from '../../../server/domain/forms';
import { bundled, definitionJson, FORMS_DIR, sample } from './helpers';

const LKS = 'lks-monev-tahunan';

describe('visibility', () => {
  test('nothing hidden for the complete sample (children served, legal entity, accredited)', () => {
    expect([...visibility(bundled(LKS), sample(LKS, 'complete'))]).toEqual([]);
  });

  test('conditions hide a question, a whole group with its questions, and follow multi-select contents', () => {
    const a = sample(LKS, 'complete');
    a.profil.statusBadanHukum = 'belum-berbadan-hukum';
    a.profil.statusAkreditasi = 'belum';
    a.profil.sasaranPmks = ['penyandang-disabilitas'];
    const hidden = visibility(bundled(LKS), a);
    expect([...hidden].filter((p) => p.startsWith('profil.'))).toEqual([
      'profil.nomorAktaNotaris', 'profil.tanggalAktaNotaris', 'profil.namaNotaris', 'profil.nomorSkKemenkumham', 'profil.tahunAkreditasi',
    ]);
    expect(hidden.has('prosesPelayanan.modulLksa')).toBe(true);
    expect([...hidden].filter((p) => p.startsWith('prosesPelayanan.modulLksa.'))).toHaveLength(13);
    a.profil.sasaranPmks = ['penyandang-disabilitas', 'anak-jalanan'];
    expect(visibility(bundled(LKS), a).has('prosesPelayanan.modulLksa')).toBe(false);
  });

  test('an unanswered controlling question hides the dependent ones', () => {
    expect(visibility(bundled(LKS), {}).has('prosesPelayanan.modulLksa.kamarTerpisah')).toBe(true);
    expect(visibility(bundled(LKS), { profil: { sasaranPmks: ['anak-terlantar'] } }).has('prosesPelayanan.modulLksa')).toBe(false);
  });
});

describe('progress', () => {
  test('complete sample: everything required is answered', () => {
    const p = progress(bundled(LKS), sample(LKS, 'complete'));
    expect(p.percent).toBe(100);
    expect(p.sections.find((s) => s.key === 'prosesPelayanan')).toMatchObject({ answered: 23, required: 23 });
    // profil: 32 questions, all visible, 10 of them optional
    expect(p.sections.find((s) => s.key === 'profil')).toMatchObject({ answered: 22, required: 22, total: 32, answeredTotal: 32 });
  });

  test('incomplete sample: counts per section, hidden questions not counted', () => {
    const p = progress(bundled(LKS), sample(LKS, 'incomplete'));
    const bySection = Object.fromEntries(p.sections.map((s) => [s.key, [s.answered, s.required]]));
    // profil: 22 required minus the hidden accreditation year (no status yet) = 21; legal fields are
    // shown (yayasan). Answered: status, nomor akta, kab/kota, sasaran, bentuk, kapasitas, kelompok usia = 7
    expect(bySection).toEqual({
      profil: [7, 21], manajemen: [3, 13], program: [0, 6], prosesPelayanan: [0, 10], sdm: [0, 7], sarpras: [0, 8], hasil: [0, 7],
    });
    expect(p.answered).toBe(10);
    expect(p.required).toBe(21 + 13 + 6 + 10 + 7 + 8 + 7);
    expect(p.percent).toBe(Math.floor((10 / 72) * 100));
  });

  test('evaluator-only questions are not part of the operator\'s bar', () => {
    const p = progress(bundled('tksk-kinerja-tahunan'), sample('tksk-kinerja-tahunan', 'complete'));
    expect(p.sections.find((s) => s.key === 'verifikasi')).toMatchObject({ required: 0, total: 0 });
    expect(p.percent).toBe(100);
  });
});

describe('form cache', () => {
  afterEach(() => clearFormCache());

  test('bundled forms load once per id@version and are found again', () => {
    const { forms, failures } = loadBundledForms(FORMS_DIR);
    expect(failures).toEqual([]);
    expect(forms.map((f) => f.key)).toEqual(['karang-taruna-klasifikasi@2026.1', 'lks-monev-tahunan@2026.1', 'tksk-kinerja-tahunan@2026.1']);
    expect(getForm(LKS, '2026.1')).toBe(forms[1]);
    expect(loadForm(definitionJson(LKS))).toBe(forms[1]); // identical content: the cached, compiled form
    expect(listForms()).toHaveLength(3);
    expect(getForm(LKS, '1999.1')).toBeUndefined();
  });

  test('a published version cannot be replaced by different content', () => {
    registerForm(bundled(LKS));
    const changed = definitionJson(LKS) as any;
    changed['x-monev'].title = 'Judul lain';
    expect(() => loadForm(changed)).toThrow(FormDefinitionError);
    expect(getForm(LKS, '2026.1')?.title).toBe('Instrumen Monitoring dan Evaluasi Tahunan LKS');
  });

  test('loaded forms are immutable', () => {
    const form = bundled(LKS);
    expect(Object.isFrozen(form)).toBe(true);
    expect(Object.isFrozen((form.definition as any).properties.profil)).toBe(true);
  });
});
