/**
 * Report card shaping and export rows from the bundled LKS instrument and engine-computed scores
 * (pure: no database), and the CSV/XLSX writers on hand-made rows (checklist 29).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { loadForm, questions, score } from '../../../server/domain/forms';
import { scoreRecord } from '../../../server/domain/fill';
import { buildReportCard, exportPlan, type CardInput } from '../../../server/domain/reports';
import { writeCsv, writeXlsx } from '../../../server/resources/reports-export';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const form = loadForm(JSON.parse(fs.readFileSync(path.join(ROOT, 'forms/lks-monev-tahunan.json'), 'utf8')));
const answers = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/forms/lks-monev-tahunan.complete.json'), 'utf8'));
const scored = questions(form).filter((q) => q.kind === 'question' && q.scoreMax !== null && !q.inRepeat);
const allAt = (level: number) => Object.fromEntries(scored.map((q) => [q.path, Math.round(level * (q.scoreMax as number))]));

function input(over: Partial<CardInput> = {}): CardInput {
  const self = scoreRecord(score(form, answers, allAt(1)));
  const verified = scoreRecord(score(form, answers, { ...allAt(0.75), 'manajemen.aktaPendirian': 0 }));
  return {
    response: { id: 'r1', state: 'verified', answers, rev: 4, selfScore: self, verifiedScore: verified, review: [{ path: 'manajemen.aktaPendirian', comment: 'Tidak ada akta', reason: 'Dokumen tidak ditemukan' }] },
    organisation: { nama: 'LKSA Uji', kabkotaCode: '36.02', jenisPelayanan: 'lksa_anak', akreditasi: 'B', akreditasiBerlakuSampai: '2027-05-10' },
    cycle: { id: 'c', name: 'Monev 2026', year: 2026 },
    form: { ...form, sections: form.sections, questions: form.questions },
    history: [
      { cycleName: 'Monev 2025', year: 2025, selfScore: scoreRecord(score(form, answers, allAt(0.5))), verifiedScore: null },
      { cycleName: 'Monev 2024', year: 2024, selfScore: scoreRecord(score(form, answers, allAt(0.25))), verifiedScore: scoreRecord(score(form, answers, allAt(0.25))) },
    ],
    ...over,
  };
}

describe('report card', () => {
  it('counts the verified score, keeps both columns per item, and recommends only for weak items', () => {
    const card = buildReportCard(input());
    expect(card.basis).toBe('verified');
    const akta = card.items.flatMap((g) => g.rows).find((r) => r.path === 'manajemen.aktaPendirian')!;
    expect(akta).toMatchObject({ self: 4, verified: 0, effective: 0, comment: 'Tidak ada akta', reason: 'Dokumen tidak ditemukan' });
    const recs = card.weakSections.flatMap((s) => s.recommendations);
    for (const r of recs) expect(r.points! < form.recommendationThreshold * r.max).toBe(true);
    expect(recs.map((r) => r.title)).toContain(scored.find((q) => q.path === 'manajemen.aktaPendirian')!.title);
    expect(card.identity.find((r) => r.label === 'Akreditasi')!.value).toBe('B (berlaku sampai 10 Mei 2027)');
  });

  it('puts earlier years in order before this year, each with the score that counted then', () => {
    const card = buildReportCard(input());
    expect(card.history.columns.map((c) => [c.label, c.basis])).toEqual([['2024', 'verified'], ['2025', 'self'], ['2026', 'verified']]);
    expect(card.history.rows[0].values[2]).toBe(card.score.total);
    expect(card.history.rows.slice(2).map((r) => r.label)).toEqual(form.sections.filter((s) => s.scored).map((s) => s.title));
  });

  it('leaves out items the organisation was not asked (hidden by a condition)', () => {
    const noModule = JSON.parse(JSON.stringify(answers));
    noModule.profil.sasaranPmks = ['lanjut-usia'];
    noModule.profil.jenisPelayanan = 'lansia';
    const rec = scoreRecord(score(form, noModule));
    const hidden = rec.items.filter((i) => i.status === 'hidden').map((i) => i.path);
    expect(hidden.length).toBeGreaterThan(0);
    const card = buildReportCard(input({ response: { id: 'r2', state: 'submitted', answers: noModule, selfScore: rec, verifiedScore: null } }));
    const shown = card.items.flatMap((g) => g.rows).map((r) => r.path);
    for (const p of hidden) expect(shown).not.toContain(p);
    expect(card.basis).toBe('self');
  });
});

describe('export rows', () => {
  const plan = exportPlan(form);
  const col = (name: string) => plan.headers.indexOf(name);

  it('labels every question with its section and writes option titles, lists and repeat rows', () => {
    const rec = scoreRecord(score(form, answers));
    const row = plan.row({ _id: 'r1', organisationId: 'o1', kabkotaCode: '36.02', state: 'submitted', answers, selfScore: rec, verifiedScore: null }, { nama: 'LKSA Uji', jenisPelayanan: 'lksa_anak' });
    expect(row.length).toBe(plan.headers.length);
    const q = (p: string) => questions(form).find((x) => x.path === p)!;
    const header = (p: string) => `${form.sections.find((s) => s.key === q(p).section)!.title} – ${q(p).title}`;
    expect(row[col(header('profil.kapasitas'))]).toBe(answers.profil.kapasitas);
    expect(row[col(header('profil.statusBadanHukum'))]).toBe(q('profil.statusBadanHukum').options!.find((o) => o.value === answers.profil.statusBadanHukum)!.title);
    expect(row[col(header('profil.sasaranPmks'))]).toBe(answers.profil.sasaranPmks.map((v: string) => q('profil.sasaranPmks').options!.find((o) => o.value === v)!.title).join('; '));
    expect(String(row[col(header('profil.penerimaManfaatUsia'))]).split(' | ')).toHaveLength(answers.profil.penerimaManfaatUsia.length);
    expect(row[col('Kabupaten/Kota')]).toBe('Kabupaten Lebak');
    expect(row[col('Jenis pelayanan')]).toBe('LKSA (anak)');
    expect(row[col('Skor akhir')]).toBe(rec.total);
    expect(row[col('Dasar skor akhir')]).toBe('Penilaian mandiri');
    const akta = plan.headers.findIndex((h) => h.startsWith('Poin: Akta pendirian'));
    expect(row[akta]).toBe(rec.items.find((i) => i.path === 'manajemen.aktaPendirian')!.points);
  });

  it('reads item points from countedPoints for records of the form version, the same cells as from the items', () => {
    const order = { version: form.version, paths: score(form, {}).items.map((i) => i.path) };
    const positional = exportPlan(form, order);
    // Without the age module, some items are hidden and do not count: null in countedPoints.
    const noModule = { ...JSON.parse(JSON.stringify(answers)), profil: { ...answers.profil, sasaranPmks: ['lanjut-usia'] } };
    const rec = scoreRecord(score(form, noModule, { ...allAt(0.5), 'manajemen.aktaPendirian': 1 }));
    expect(rec.countedPoints).toHaveLength(rec.items.length);
    expect(rec.countedPoints.some((p) => p === null)).toBe(true);
    const doc = { _id: 'r1', organisationId: 'o1', kabkotaCode: '36.02', state: 'submitted', answers: noModule, selfScore: rec, verifiedScore: null };
    // As the export projects it: countedPoints, no items.
    const projected = { ...doc, formVersion: form.version, selfScore: { ...rec, items: undefined } };
    expect(positional.needsItems(projected)).toBe(false);
    expect(positional.row(projected, undefined)).toEqual(plan.row({ ...doc, selfScore: { ...rec, countedPoints: undefined } }, undefined));
    // Another version or point count: positions say nothing, the query layer must fetch the items.
    expect(positional.needsItems({ ...projected, formVersion: 'other' })).toBe(true);
    expect(positional.needsItems({ ...projected, selfScore: { ...projected.selfScore, countedPoints: rec.countedPoints.slice(1) } })).toBe(true);
    // A record stored before countedPoints existed: its items are fetched, then read by path.
    const older = { ...projected, selfScore: { ...rec, items: undefined, countedPoints: undefined } };
    expect(positional.needsItems(older)).toBe(true);
    const fetched = { ...older, selfScore: { ...older.selfScore, items: rec.items } };
    expect(positional.needsItems(fetched)).toBe(false);
    expect(positional.row(fetched, undefined)).toEqual(positional.row(projected, undefined));
    // No score, nothing to fetch.
    expect(positional.needsItems({ ...doc, selfScore: null })).toBe(false);
  });

  it('a draft without answers gives an empty row apart from identity and state', () => {
    const row = plan.row({ _id: 'r2', organisationId: 'o2', state: 'draft', answers: {} }, undefined);
    expect(row[col('Tahap')]).toBe('Belum mulai');
    expect(row[col('Nama lembaga')]).toBe('o2');
    expect(row.slice(9).every((c) => c === null)).toBe(true);
  });
});

describe('writers (checklist 29)', () => {
  async function* rows() {
    yield ['Nama', 'Nilai', 'Teks'];
    yield ['=1+2', -5, '-5'];
    yield ['+SUM(A1)', 12.5, '@cmd'];
    yield ['\tx', null, 'biasa, dengan koma'];
  }

  it('CSV: formulas become text, numbers stay numbers, commas quoted, BOM and CRLF', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await writeCsv(rows(), out)).toBe(3);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('\r\n');
    expect(parse(text.slice(1))).toEqual([
      ['Nama', 'Nilai', 'Teks'], ["'=1+2", '-5', '-5'], ["'+SUM(A1)", '12.5', "'@cmd"], ["'\tx", '', 'biasa, dengan koma'],
    ]);
  });

  it('XLSX: formula-like text is a string cell as typed (no visible "\'"), never a formula; negative numbers stay numeric cells', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await writeXlsx(rows(), out)).toBe(3);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell('A2').value).toBe('=1+2');
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A2').formula).toBeUndefined();
    for (const ref of ['A3', 'C3', 'A4']) expect(sheet.getCell(ref).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A3').value).toBe('+SUM(A1)');
    expect(sheet.getCell('A4').value).toBe('\tx');
    expect(sheet.getCell('B2').value).toBe(-5);
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('C2').value).toBe('-5');
    expect(sheet.getCell('C3').value).toBe('@cmd');
    expect(sheet.getCell('B3').value).toBe(12.5);
  });
});
