/**
 * Scoring with expected values worked out by hand from the sample answers (FORMAT.md §6):
 * section = Σpoints / Σmax × 100, total = Σ weight × section / Σ weight.
 */
import { score } from '../../../server/domain/forms';
import { bundled, sample } from './helpers';
import { tinyForm } from './tiny-form';

const LKS = 'lks-monev-tahunan';
const r2 = (x: number) => Math.round(x * 100) / 100;
const pct = (points: number, max: number) => (points / max) * 100;
const weighted = (parts: Array<[number, number]>) => parts.reduce((a, [w, s]) => a + w * s, 0) / parts.reduce((a, [w]) => a + w, 0);

// LKS complete sample, by hand (see test/fixtures/forms/lks-monev-tahunan.complete.json):
// A: 4+4+3+4+3+4+4+2+3+4+3+2+3 = 43 of 13×4 = 52
// B: 3+2+4+3 + kemitraan 3 partners = 3 + 2 = 17 of 24
// C: 3+3+3+3+4+3+2+3+3+2 = 29 of 40, LKSA module 10×ya(2) + 2×sebagian(1) + 1×tidak(0) = 22 of 26
// D: 2 + rasio 8 → band 6-8 = 3 + 3+3+4+2+2 = 19 of 28
// E: 4+3+4+3+3+3+2+1 = 23 of 32
// F: 95 % → band 90-110 = 4 + 4+3 + 4 people → band 3-5 = 3 + 2+1+3 = 20 of 28
const A = pct(43, 52), B = pct(17, 24), C = pct(29 + 22, 40 + 26), D = pct(19, 28), E = pct(23, 32), F = pct(20, 28);

describe('LKS instrument', () => {
  test('complete sample: sections, weighted total, grade B, three recommendations', () => {
    const s = score(bundled(LKS), sample(LKS, 'complete'));
    expect(s.sections.map((x) => [x.key, x.score])).toEqual([
      ['manajemen', r2(A)], ['program', r2(B)], ['prosesPelayanan', r2(C)], ['sdm', r2(D)], ['sarpras', r2(E)], ['hasil', r2(F)],
    ]);
    const total = r2(weighted([[20, A], [15, B], [20, C], [15, D], [15, E], [15, F]]));
    expect(total).toBe(74.29);
    expect(s.total).toBe(total);
    expect(s.grade).toEqual({ grade: 'B', label: 'Baik', min: 71 });
    expect(s.caps).toEqual([]);
    expect(s.recommendations.map((r) => [r.path, r.points, r.max])).toEqual([
      ['prosesPelayanan.modulLksa.kebijakanPerlindunganAnak', 0, 2], ['sarpras.aksesibilitas', 1, 4], ['hasil.surveiKepuasan', 1, 4],
    ]);
    expect(s.recommendations[0].text).toBe('Minta seluruh staf dan relawan menandatangani kebijakan perlindungan anak.');
    expect(s.items).toHaveLength(64);
    expect(s.items.find((i) => i.path === 'program.kemitraan')).toMatchObject({ points: 3, max: 4, status: 'scored', counted: true });
  });

  test('hidden conditional module: not scored and out of section C', () => {
    const a = sample(LKS, 'complete');
    a.profil.sasaranPmks = ['lanjut-usia-terlantar'];
    const s = score(bundled(LKS), a);
    const c = s.sections.find((x) => x.key === 'prosesPelayanan');
    expect(c).toMatchObject({ points: 29, max: 40, score: 72.5, counted: 10 });
    const hidden = s.items.filter((i) => i.status === 'hidden');
    expect(hidden).toHaveLength(13);
    expect(hidden.every((i) => i.path.startsWith('prosesPelayanan.modulLksa.') && i.points === 0 && !i.counted)).toBe(true);
    expect(s.total).toBe(r2(weighted([[20, A], [15, B], [20, 72.5], [15, D], [15, E], [15, F]])));
  });

  test('N/A leaves the denominator (luar panti: ruang tidur and dapur)', () => {
    const a = sample(LKS, 'complete');
    a.profil.bentukPelayanan = 'luar-panti';
    a.sarpras.ruangTidur = 'na';
    a.sarpras.dapur = 'na';
    const s = score(bundled(LKS), a);
    // E: 23 − 3 (ruang tidur) − 3 (dapur) = 17 of 32 − 8 = 24
    expect(s.sections.find((x) => x.key === 'sarpras')).toMatchObject({ points: 17, max: 24, score: r2(pct(17, 24)) });
    expect(s.notApplicable).toEqual(['sarpras.ruangTidur', 'sarpras.dapur']);
    expect(s.total).toBe(r2(weighted([[20, A], [15, B], [20, C], [15, D], [15, pct(17, 24)], [15, F]])));
  });

  test.each([
    [5, 4], [6, 3], [8, 3], [9, 2], [12, 2], [13, 1], [20, 1], [21, 0], [400, 0],
  ])('numeric band: rasio pengasuh %i → %i points', (ratio, points) => {
    const a = sample(LKS, 'complete');
    a.sdm.rasioPengasuh = ratio;
    const s = score(bundled(LKS), a);
    expect(s.items.find((i) => i.path === 'sdm.rasioPengasuh')?.points).toBe(points);
    expect(s.sections.find((x) => x.key === 'sdm')?.score).toBe(r2(pct(19 - 3 + points, 28)));
  });

  test.each([[24, 0], [25, 1], [89, 3], [90, 4], [110, 4], [111, 2], [300, 2]])('numeric band: terlayani %i %% → %i points', (percent, points) => {
    const a = sample(LKS, 'complete');
    a.hasil.persentaseTerlayani = percent;
    expect(score(bundled(LKS), a).items.find((i) => i.path === 'hasil.persentaseTerlayani')?.points).toBe(points);
  });

  test('knock-out cap: expired Tanda Daftar lowers the grade to C, the score stays', () => {
    const a = sample(LKS, 'complete');
    a.manajemen.tandaDaftar = 'kedaluwarsa';
    const s = score(bundled(LKS), a);
    const total = r2(weighted([[20, pct(39, 52)], [15, B], [20, C], [15, D], [15, E], [15, F]]));
    expect(s.total).toBe(total);
    expect(total).toBe(72.75);
    expect(s.uncappedGrade?.grade).toBe('B');
    expect(s.grade?.grade).toBe('C');
    expect(s.caps).toEqual([{ id: 'tanda-daftar', maxGrade: 'C', reason: 'Tanda Daftar LKS tidak berlaku: predikat paling tinggi C' }]);
  });

  test('knock-out cap on an otherwise excellent LKS: A becomes C', () => {
    const a = sample(LKS, 'complete');
    for (const key of ['manajemen', 'program', 'prosesPelayanan', 'sdm', 'sarpras', 'hasil']) {
      for (const [k, v] of Object.entries(a[key])) if (typeof v === 'number') a[key][k] = 4;
    }
    for (const k of Object.keys(a.prosesPelayanan.modulLksa)) a.prosesPelayanan.modulLksa[k] = 'ya';
    Object.assign(a.sdm, { rasioPengasuh: 4 });
    Object.assign(a.hasil, { persentaseTerlayani: 100, jumlahBerhasil: 12 });
    a.program.kemitraan = ['puskesmas', 'sekolah', 'dunia-usaha', 'perguruan-tinggi', 'pemerintah-desa'];
    expect(score(bundled(LKS), a)).toMatchObject({ total: 100, grade: { grade: 'A' }, caps: [] });
    a.manajemen.tandaDaftar = 'kedaluwarsa';
    const s = score(bundled(LKS), a);
    expect(s.total).toBe(r2(weighted([[20, pct(48, 52)], [80, 100]])));
    expect(s.uncappedGrade?.grade).toBe('A');
    expect(s.grade).toEqual({ grade: 'C', label: 'Cukup', min: 56 });
  });

  test('evaluator overrides move only the named items, clamped to 0..max', () => {
    const form = bundled(LKS);
    const a = sample(LKS, 'complete');
    const base = score(form, a);
    const s = score(form, a, { 'manajemen.visiMisi': 0, 'manajemen.adArt': 99, 'sarpras.apar': -2, 'tidak.ada': 3, 'prosesPelayanan.modulLksa.kamarTerpisah': 1 });
    expect(s.items.find((i) => i.path === 'manajemen.visiMisi')).toMatchObject({ points: 0, answerPoints: 3, status: 'overridden' });
    expect(s.items.find((i) => i.path === 'manajemen.adArt')).toMatchObject({ points: 4, answerPoints: 3 });
    expect(s.items.find((i) => i.path === 'sarpras.apar')).toMatchObject({ points: 0, answerPoints: 2 });
    expect(s.sections.find((x) => x.key === 'manajemen')?.points).toBe(43 - 3 + 1);
    const named = new Set(['manajemen.visiMisi', 'manajemen.adArt', 'sarpras.apar', 'prosesPelayanan.modulLksa.kamarTerpisah']);
    s.items.forEach((item, i) => { if (!named.has(item.path)) expect(item).toEqual(base.items[i]); });
    expect(s.ignoredOverrides).toEqual(['tidak.ada']);
  });

  test('an override on a hidden item is ignored; on an N/A item it makes the item count', () => {
    const a = sample(LKS, 'complete');
    a.profil.sasaranPmks = ['fakir-miskin'];
    a.sarpras.ruangTidur = 'na';
    const s = score(bundled(LKS), a, { 'prosesPelayanan.modulLksa.kamarTerpisah': 2, 'sarpras.ruangTidur': 1 });
    expect(s.ignoredOverrides).toEqual(['prosesPelayanan.modulLksa.kamarTerpisah']);
    expect(s.sections.find((x) => x.key === 'sarpras')).toMatchObject({ points: 23 - 3 + 1, max: 32 });
  });

  test('unanswered items count as 0 of their maximum (drafts)', () => {
    const a = sample(LKS, 'complete');
    delete a.manajemen.visiMisi;
    const s = score(bundled(LKS), a);
    expect(s.items.find((i) => i.path === 'manajemen.visiMisi')).toMatchObject({ status: 'unanswered', points: 0, counted: true });
    expect(s.sections.find((x) => x.key === 'manajemen')).toMatchObject({ points: 40, max: 52 });
  });

  test('deterministic and pure', () => {
    const a = sample(LKS, 'complete');
    const copy = structuredClone(a);
    expect(score(bundled(LKS), a)).toEqual(score(bundled(LKS), copy));
    expect(a).toEqual(copy);
  });
});

describe('Karang Taruna and TKSK', () => {
  test('Karang Taruna: six equally weighted aspects → Berkembang', () => {
    const s = score(bundled('karang-taruna-klasifikasi'), sample('karang-taruna-klasifikasi', 'complete'));
    // anggota aktif 32 → band 30-49 = 3 points
    const parts = [pct(4 + 3 + 3 + 2, 16), pct(3 + 2 + 1, 12), pct(3 + 2 + 3, 12), pct(4 + 3 + 3 + 2, 16), pct(4 + 1 + 3, 12), pct(4 + 3 + 1 + 3, 16)];
    expect(s.sections.map((x) => x.score)).toEqual(parts.map(r2));
    expect(s.total).toBe(r2(parts.reduce((a, b) => a + b) / 6));
    expect(s.grade?.grade).toBe('Berkembang');
  });

  test('TKSK: the evaluator-only item is pending until filled, then counts', () => {
    const form = bundled('tksk-kinerja-tahunan');
    const a = sample('tksk-kinerja-tahunan', 'complete');
    // laporan 10 bulan → band 10-11 = 3; kasus 6 → band 5-9 = 3; rapat 3 pihak = 3
    const pelaporan = pct(3 + 3 + 2, 12), penanganan = pct(3 + 3 + 4, 12);
    const before = score(form, a);
    expect(before.items.find((i) => i.path === 'verifikasi.konfirmasiMasyarakat')).toMatchObject({ status: 'pending', counted: false });
    expect(before.sections.find((x) => x.key === 'verifikasi')?.score).toBeNull();
    expect(before.total).toBe(r2(weighted([[40, pelaporan], [40, penanganan]])));
    expect(before.grade?.label).toBe('Baik');
    a.verifikasi = { konfirmasiMasyarakat: 1 };
    const after = score(form, a);
    expect(after.total).toBe(r2(weighted([[40, pelaporan], [40, penanganan], [20, 25]])));
    expect(after.total).toBe(65);
    expect(after.grade?.label).toBe('Cukup');
    expect(after.recommendations.map((r) => r.path)).toEqual(['verifikasi.konfirmasiMasyarakat']);
  });

  test.each([[12, 4], [11, 3], [10, 3], [9, 2], [7, 2], [6, 1], [4, 1], [3, 0], [0, 0]])('TKSK: %i monthly reports on time → %i points', (months, points) => {
    const a = sample('tksk-kinerja-tahunan', 'complete');
    a.pelaporan.laporanBulanan = months;
    expect(score(bundled('tksk-kinerja-tahunan'), a).items[0]).toMatchObject({ path: 'pelaporan.laporanBulanan', points });
  });
});

describe('grade bands and empty sections (small definition)', () => {
  const form = tinyForm();
  test('a total exactly at a band minimum gets that band', () => {
    // weights 1 and 3; section two always 10/10 = 100
    expect(score(form, { satu: { nilai: 'a' }, dua: { angka: 60 } })).toMatchObject({ total: r2((86 + 3 * 100) / 4) });
    const one = tinyForm((d) => { delete d.properties.dua['x-weight']; delete d.properties.satu['x-weight']; delete d.properties.dua.properties.angka['x-score']; });
    expect(score(one, { satu: { nilai: 'a' } })).toMatchObject({ total: 86, grade: { grade: 'A' } });
    expect(score(one, { satu: { nilai: 'b' } })).toMatchObject({ total: 85.99, grade: { grade: 'B' } });
  });

  test('a section whose items are all N/A has no score and leaves the total', () => {
    const s = score(form, { satu: { nilai: 'na' }, dua: { angka: 10 } });
    expect(s.sections.map((x) => x.score)).toEqual([null, 0]);
    expect(s.total).toBe(0);
    const none = score(form, { satu: { nilai: 'na' } }, { 'dua.angka': Number.NaN });
    expect(none.sections.map((x) => x.score)).toEqual([null, 0]);
  });

  test('nothing counted → no total and no grade', () => {
    const only = tinyForm((d) => { delete d.properties.dua; d.required = ['satu']; });
    expect(score(only, { satu: { nilai: 'na' } })).toMatchObject({ total: null, grade: null, uncappedGrade: null });
  });
});
