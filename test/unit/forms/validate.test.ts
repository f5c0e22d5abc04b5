/**
 * Answer validation: draft vs submission, Indonesian messages naming the question, hidden and
 * evaluator-only questions, evidence counts, error paths.
 */
import { validateAnswers, visibility } from '../../../server/domain/forms';
import { bundled, messages, sample } from './helpers';

const LKS = 'lks-monev-tahunan';

describe('complete and incomplete samples', () => {
  test.each(['lks-monev-tahunan', 'karang-taruna-klasifikasi', 'tksk-kinerja-tahunan'] as const)('%s: complete sample is accepted for submission', (id) => {
    const result = validateAnswers(bundled(id), sample(id, 'complete'), { mode: 'submit' });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test.each(['lks-monev-tahunan', 'karang-taruna-klasifikasi', 'tksk-kinerja-tahunan'] as const)('%s: incomplete sample saves as draft but is refused at submission', (id) => {
    const answers = sample(id, 'incomplete');
    expect(validateAnswers(bundled(id), answers, { mode: 'draft' })).toMatchObject({ ok: true, errors: [] });
    const submit = validateAnswers(bundled(id), answers, { mode: 'submit' });
    expect(submit.ok).toBe(false);
    expect(submit.errors.length).toBeGreaterThan(0);
    for (const e of submit.errors) expect(e.message).toMatch(/wajib diisi|minimal/);
  });

  test('LKS incomplete: errors name each question by title, in form order, with paths and pointers', () => {
    const result = validateAnswers(bundled(LKS), sample(LKS, 'incomplete'), { mode: 'submit' });
    expect(result.errors[0]).toEqual({
      path: 'profil.namaLembaga', pointer: '/profil/namaLembaga', keyword: 'required', title: 'Nama lembaga', message: 'Nama lembaga wajib diisi',
    });
    expect(messages(result)).toEqual(expect.arrayContaining([
      'Nomor SK pengesahan Kemenkumham (AHU) wajib diisi',
      'Perempuan (baris 1) wajib diisi',
      'Kemitraan dengan bukti kerja sama minimal 1 pilihan',
      'C. Proses Pelayanan wajib diisi',
    ]));
    expect(result.errors.find((e) => e.message === 'Perempuan (baris 1) wajib diisi')?.path).toBe('profil.penerimaManfaatUsia.0.perempuan');
    // Hidden: the sample serves elderly people only and has no accreditation year question shown.
    expect(messages(result).join('\n')).not.toMatch(/Tahun akreditasi|Modul LKSA|Visi dan misi lembaga dikomunikasikan/);
    const order = result.errors.map((e) => e.path);
    expect(order.indexOf('profil.namaLembaga')).toBeLessThan(order.indexOf('manajemen.visiMisi'));
    expect(order.indexOf('manajemen.visiMisi')).toBeLessThan(order.indexOf('prosesPelayanan'));
  });
});

describe('wrong values are refused in drafts too', () => {
  test('ranges, patterns, formats, choices and unknown fields get Indonesian messages', () => {
    const a = sample(LKS, 'complete');
    a.profil.kapasitas = -1;
    a.profil.npwp = '01.234.567.8-901.234';
    a.profil.tanggalAktaNotaris = '14-03-2015';
    a.profil.email = 'bukan email';
    a.profil.namaLembaga = 'AB';
    a.manajemen.visiMisi = 7;
    a.manajemen.tandaDaftar = 'entah';
    a.sdm.rasioPengasuh = 'delapan';
    a.profil.penerimaManfaatUsia[1].lakiLaki = 2.5;
    a.hasil.tambahan = 1;
    a.program.kemitraan = ['puskesmas', 'puskesmas'];
    const result = validateAnswers(bundled(LKS), a, { mode: 'draft' });
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([
      'Nama lembaga minimal 3 karakter',
      'Tanggal akta notaris harus berupa tanggal yang valid (TTTT-BB-HH)',
      'NPWP lembaga harus 15 atau 16 digit angka tanpa titik atau strip',
      'Alamat email lembaga harus berupa alamat email yang valid',
      'Kapasitas tampung / layanan harus ≥ 0',
      'Laki-laki (baris 2) harus berupa bilangan bulat',
      'Tanda Daftar LKS masih berlaku: pilihan tidak valid',
      'Visi, misi dan tujuan tertulis: pilihan tidak valid',
      'Kemitraan dengan bukti kerja sama berisi pilihan yang sama lebih dari sekali',
      'Jumlah penerima manfaat per satu pengasuh / pendamping harus berupa bilangan bulat',
      'Isian "tambahan" tidak dikenal',
    ]);
    expect(result.errors.find((e) => e.keyword === 'additionalProperties')?.path).toBe('hasil.tambahan');
  });

  test('answers that are not an object are refused', () => {
    expect(validateAnswers(bundled(LKS), [], { mode: 'draft' })).toMatchObject({ ok: false, errors: [{ message: 'Jawaban harus berupa kelompok isian (objek JSON)' }] });
  });
});

describe('hidden questions', () => {
  test('a hidden module is neither required nor kept; its answers are pruned from the stored value', () => {
    const a = sample(LKS, 'complete');
    a.profil.sasaranPmks = ['lanjut-usia-terlantar'];
    expect(visibility(bundled(LKS), a).has('prosesPelayanan.modulLksa.asesmenPenerimaan')).toBe(true);
    const result = validateAnswers(bundled(LKS), a, { mode: 'submit' });
    expect(result.ok).toBe(true);
    expect((result.value as any).prosesPelayanan.modulLksa).toBeUndefined();
    expect((result.value as any).prosesPelayanan.pendekatanAwal).toBe(3);
    expect(a.prosesPelayanan.modulLksa).toBeDefined(); // the input is not mutated

    delete a.prosesPelayanan.modulLksa;
    expect(validateAnswers(bundled(LKS), a, { mode: 'submit' }).ok).toBe(true);
  });

  test('a visible module is required; hidden wrong answers do not produce errors', () => {
    const a = sample(LKS, 'complete');
    delete a.prosesPelayanan.modulLksa.kamarTerpisah;
    expect(messages(validateAnswers(bundled(LKS), a, { mode: 'submit' }))).toEqual(['Kamar tidur anak laki-laki dan perempuan terpisah wajib diisi']);
    a.profil.statusBadanHukum = 'belum-berbadan-hukum';
    a.profil.namaNotaris = 12345; // hidden now: ignored, not an error
    a.profil.sasaranPmks = ['fakir-miskin'];
    expect(validateAnswers(bundled(LKS), a, { mode: 'submit' })).toMatchObject({ ok: true, errors: [] });
  });
});

describe('evaluator-only questions', () => {
  const TKSK = 'tksk-kinerja-tahunan';
  test('not required from the operator, and an operator cannot set them', () => {
    const a = sample(TKSK, 'complete');
    expect(validateAnswers(bundled(TKSK), a, { mode: 'submit', role: 'operator' }).ok).toBe(true);
    a.verifikasi = { konfirmasiMasyarakat: 4 };
    const result = validateAnswers(bundled(TKSK), a, { mode: 'submit', role: 'operator' });
    expect(result.ok).toBe(true);
    expect((result.value as any).verifikasi).toBeUndefined();
  });

  test('required from the evaluator at the end of review', () => {
    const a = sample(TKSK, 'complete');
    expect(messages(validateAnswers(bundled(TKSK), a, { mode: 'submit', role: 'evaluator' }))).toEqual(['C. Verifikasi Evaluator wajib diisi']);
    a.verifikasi = {};
    expect(messages(validateAnswers(bundled(TKSK), a, { mode: 'submit', role: 'evaluator' }))).toEqual(['Konfirmasi masyarakat atas kinerja TKSK wajib diisi']);
    a.verifikasi = { konfirmasiMasyarakat: 3, catatanEvaluator: 'Camat mengonfirmasi kehadiran rutin.' };
    const ok = validateAnswers(bundled(TKSK), a, { mode: 'submit', role: 'evaluator' });
    expect(ok.ok).toBe(true);
    expect((ok.value as any).verifikasi.konfirmasiMasyarakat).toBe(3);
  });
});

describe('evidence counts', () => {
  const counts = { 'manajemen.aktaPendirian': 1, 'manajemen.tandaDaftar': 1, 'manajemen.adArt': 1, 'manajemen.strukturOrganisasi': 2, 'manajemen.rekeningBank': 1, 'manajemen.npwpLembaga': 1 };

  test('submission needs the minimum number of files where the answer claims the document exists', () => {
    const a = sample(LKS, 'complete');
    expect(validateAnswers(bundled(LKS), a, { mode: 'submit', evidence: counts }).ok).toBe(true);
    const missing = { ...counts, 'manajemen.tandaDaftar': 0 };
    const result = validateAnswers(bundled(LKS), a, { mode: 'submit', evidence: missing });
    expect(result.errors).toEqual([{ path: 'manajemen.tandaDaftar', pointer: '/manajemen/tandaDaftar', keyword: 'x-evidence', title: 'Tanda Daftar LKS masih berlaku', message: 'Bukti dukung untuk Tanda Daftar LKS masih berlaku wajib diunggah (minimal 1 berkas)' }]);
    a.manajemen.tandaDaftar = 'belum-ada'; // nothing to upload
    expect(validateAnswers(bundled(LKS), a, { mode: 'submit', evidence: missing }).ok).toBe(true);
    expect(validateAnswers(bundled(LKS), a, { mode: 'draft', evidence: missing }).ok).toBe(true);
  });

  test('too many files are refused even in a draft', () => {
    const result = validateAnswers(bundled(LKS), sample(LKS, 'complete'), { mode: 'draft', evidence: { ...counts, 'manajemen.adArt': 4 } });
    expect(messages(result)).toEqual(['Bukti dukung untuk Anggaran Dasar / Anggaran Rumah Tangga (AD/ART) paling banyak 3 berkas']);
  });
});
