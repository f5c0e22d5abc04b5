/**
 * The three bundled instruments pass `forms:check` (the same checks as an admin upload) and
 * contain what the issue asks for; the script itself reports problems with file + pointer.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkFiles, questions } from '../../../server/domain/forms';
import { bundled, definitionJson, FORMS_DIR } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

function runCheck(dir?: string) {
  const args = ['-r', './scripts/register-ts.js', 'scripts/forms-check.ts', ...(dir ? [dir] : [])];
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
}

describe('bundled instruments', () => {
  test('every definition in forms/ passes the checks', () => {
    const results = checkFiles(FORMS_DIR);
    expect(results.map((r) => path.basename(r.file))).toEqual([
      'karang-taruna-klasifikasi.json', 'lks-monev-tahunan.json', 'tksk-kinerja-tahunan.json',
    ]);
    for (const r of results) expect({ file: r.file, problems: r.problems }).toEqual({ file: r.file, problems: [] });
  });

  test('npm run forms:check exits 0 on forms/ and 1 with file#pointer lines on a broken copy', () => {
    const good = runCheck();
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('ok   forms/lks-monev-tahunan.json  lks-monev-tahunan@2026.1');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-check-'));
    try {
      const broken = definitionJson('tksk-kinerja-tahunan') as any;
      broken.properties.pelaporan.properties.laporanBulanan['x-score'].bands[0].max = 9; // overlaps the next band
      fs.writeFileSync(path.join(dir, 'tksk.json'), JSON.stringify(broken));
      const bad = runCheck(dir);
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain('tksk.json#/properties/pelaporan/properties/laporanBulanan/x-score/bands: "pelaporan.laporanBulanan": band saling tumpang tindih');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('LKS: profile unscored, six weighted standards, ≥ 60 scored items, 26 PMKS categories', () => {
    const form = bundled('lks-monev-tahunan');
    expect(form.key).toBe('lks-monev-tahunan@2026.1');
    expect(form.subjectType).toBe('LKS');
    expect(form.sections.map((s) => [s.key, s.weight, s.scored])).toEqual([
      ['profil', null, false], ['manajemen', 20, true], ['program', 15, true], ['prosesPelayanan', 20, true],
      ['sdm', 15, true], ['sarpras', 15, true], ['hasil', 15, true],
    ]);
    const scored = questions(form).filter((q) => q.scoreMax !== null);
    expect(scored.length).toBe(64);
    const maxBySection = (key: string) => scored.filter((q) => q.section === key).reduce((a, q) => a + (q.scoreMax ?? 0), 0);
    // 13×4 · 5×4 + kemitraan capped at 4 · 10×4 + 13 LKSA items × 2 · 7×4 · 8×4 · 7×4
    expect([maxBySection('manajemen'), maxBySection('program'), maxBySection('prosesPelayanan'), maxBySection('sdm'), maxBySection('sarpras'), maxBySection('hasil')])
      .toEqual([52, 24, 66, 28, 32, 28]);
    const sasaran = questions(form).find((q) => q.path === 'profil.sasaranPmks');
    expect(sasaran?.multiple).toBe(true);
    expect(sasaran?.options).toHaveLength(26);
    const repeat = questions(form).find((q) => q.path === 'profil.penerimaManfaatUsia');
    expect(repeat?.kind).toBe('repeat');
    expect(questions(form).find((q) => q.path === 'profil.penerimaManfaatUsia.*.kelompokUsia')?.inRepeat).toBe(true);
    expect(form.grades.map((g) => `${g.grade}:${g.min}`)).toEqual(['A:86', 'B:71', 'C:56', 'D:0']);
    expect(form.caps).toEqual([{ id: 'tanda-daftar', maxGrade: 'C', reason: 'Tanda Daftar LKS tidak berlaku: predikat paling tinggi C' }]);
  });

  test('LKS: every scored item has help text; legal items require evidence; N/A only where marked', () => {
    const qs = questions(bundled('lks-monev-tahunan'));
    for (const q of qs.filter((x) => x.scoreMax !== null)) {
      expect(q.description && q.description.length > 20).toBe(true);
      expect(q.recommendation).toBeTruthy();
    }
    const withEvidence = qs.filter((q) => q.evidence).map((q) => q.path);
    expect(withEvidence).toEqual(expect.arrayContaining(['manajemen.aktaPendirian', 'manajemen.tandaDaftar', 'manajemen.adArt', 'manajemen.npwpLembaga']));
    expect(qs.filter((q) => q.notApplicable).map((q) => q.path)).toEqual(['sarpras.ruangTidur', 'sarpras.dapur']);
    const modul = qs.filter((q) => q.path.startsWith('prosesPelayanan.modulLksa.'));
    expect(modul).toHaveLength(13);
    for (const q of modul) {
      expect(q.conditional).toBe(true);
      expect(q.options?.map((o) => o.value)).toEqual(['ya', 'sebagian', 'tidak']);
      expect(q.scoreMax).toBe(2);
    }
  });

  test('Karang Taruna: four classes, six aspects of equal weight', () => {
    const form = bundled('karang-taruna-klasifikasi');
    expect(form.grades.map((g) => g.grade)).toEqual(['Percontohan', 'Maju', 'Berkembang', 'Tumbuh']);
    expect(form.sections.filter((s) => s.scored).map((s) => s.weight)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(questions(form).filter((q) => q.scoreMax !== null)).toHaveLength(21);
  });

  test('TKSK: evaluator-only confirmation and a months-on-time band item', () => {
    const qs = questions(bundled('tksk-kinerja-tahunan'));
    const konfirmasi = qs.find((q) => q.path === 'verifikasi.konfirmasiMasyarakat');
    expect(konfirmasi?.evaluatorOnly).toBe(true);
    expect(konfirmasi?.scoreMax).toBe(4);
    const laporan = qs.find((q) => q.path === 'pelaporan.laporanBulanan');
    expect([laporan?.minimum, laporan?.maximum, laporan?.scoreMax]).toEqual([0, 12, 4]);
  });

  test('question list carries labels, options and widget hints for reports and renderers', () => {
    const qs = questions(bundled('lks-monev-tahunan'));
    const tanda = qs.find((q) => q.path === 'manajemen.tandaDaftar');
    expect(tanda).toMatchObject({
      kind: 'question', title: 'Tanda Daftar LKS masih berlaku', section: 'manajemen', sectionTitle: 'A. Manajemen dan Organisasi',
      widget: 'radio', required: true, scoreMax: 4, pointer: '/manajemen/tandaDaftar', schemaPointer: '/properties/manajemen/properties/tandaDaftar',
    });
    expect(tanda?.options?.[0]).toEqual({ value: 'berlaku', title: 'Masih berlaku' });
    const skala = qs.find((q) => q.path === 'manajemen.visiMisi');
    expect(skala?.type).toBe('integer');
    expect(skala?.options?.map((o) => o.value)).toEqual([0, 1, 2, 3, 4]);
    // Display order follows x-order of the sections.
    expect(qs.filter((q) => q.kind === 'section').map((q) => q.key)).toEqual(['profil', 'manajemen', 'program', 'prosesPelayanan', 'sdm', 'sarpras', 'hasil']);
    expect(Object.isFrozen(qs)).toBe(true);
  });
});
