/**
 * The leadership summary: figures and the change against the previous cycle of the same
 * instrument, computed independently from the seed; the generated narrative; the A4 print view.
 * Score figures count verified scores by default (`dasar=semua` includes self scores); the
 * comparison across years is always verified against verified and says how many of each.
 */
import { AuditEntry } from '../../../server/model/audit';
import { signedIn, type Agent } from '../../helpers/session';
import { expectedFigures, round2 } from './expected';
import { seedReports, type Seeded } from './seed';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();

let seeded: Seeded;
let pimpinan: Agent;
let lebak: Agent;

beforeAll(async () => {
  seeded = await seedReports();
  pimpinan = (await signedIn(env.app, { username: 'pimpinan1', role: 'pimpinan', kabkota: 'all' })).agent;
  lebak = (await signedIn(env.app, { username: 'eval-lebak', role: 'evaluator', kabkota: ['36.02'] })).agent;
}, 60000);

interface SummaryJson {
  comparison: {
    previous: { year: number; name: string };
    basis: string;
    scores: { now: number; before: number };
    avgTotal: { now: number; before: number; delta: number };
    responses: { now: number; before: number };
    sections: { key: string; now: number | null; before: number | null; delta: number | null }[];
    kabkota: { kabkotaCode: string; now: number | null; before: number | null }[];
  } | null;
  narrative: string[];
  dashboard: { basis: string; totals: { responses: number; avgTotal: number; scored: number; verifiedBasis: number; selfBasis: number } };
  filters: { dasar: string };
}

async function summary(agent: Agent, cycleId = seeded.cycleId, query = ''): Promise<SummaryJson> {
  const res = await agent.get(`/api/laporan/${cycleId}/ringkasan${query}`).set('Accept', 'application/json');
  expect(res.status).toBe(200);
  return res.body as SummaryJson;
}

describe('leadership summary', () => {
  it('compares with the previous year of the same instrument, verified with verified, figure by figure', async () => {
    const s = await summary(pimpinan);
    const now = expectedFigures(seeded);
    const before = expectedFigures(seeded, () => true, 'lastYear');
    expect(s.comparison!.previous).toMatchObject({ year: 2025, name: 'Monev LKS 2025' });
    expect(s.comparison!.basis).toBe('verified');
    expect(s.comparison!.scores).toEqual({ now: 4, before: before.scored });
    expect(before.scored).toBe(4);
    expect(s.comparison!.responses).toMatchObject({ now: now.responses, before: before.responses });
    expect(s.comparison!.avgTotal.now).toBeCloseTo(now.avgTotal!, 2);
    expect(s.comparison!.avgTotal.before).toBeCloseTo(before.avgTotal!, 2);
    expect(s.comparison!.avgTotal.delta).toBeCloseTo(round2(now.avgTotal! - before.avgTotal!), 2);
    for (const sec of s.comparison!.sections) {
      expect(sec.now).toBeCloseTo(now.sections[sec.key]!, 2);
      expect(sec.before).toBeCloseTo(before.sections[sec.key]!, 2);
    }
    for (const k of s.comparison!.kabkota) {
      expect(k.now).toBeCloseTo(now.kabkotaAvg[k.kabkotaCode]!, 2);
      expect(k.before).toBeCloseTo(before.kabkotaAvg[k.kabkotaCode]!, 2);
    }
  });

  it('the narrative states the figures in Indonesian', async () => {
    const s = await summary(pimpinan);
    const now = expectedFigures(seeded);
    const verifiedPct = ((now.byBucket.verified / now.responses) * 100).toFixed(1).replace('.', ',');
    expect(s.narrative[0]).toBe(
      `Dari ${now.responses} LKS sasaran Monev LKS 2026, ${verifiedPct}% (${now.byBucket.verified}) telah diverifikasi, `
      + `${((5 / 12) * 100).toFixed(1).replace('.', ',')}% (5) masih dalam proses pemeriksaan atau perbaikan, dan 25,0% (3) belum mengirimkan isian.`,
    );
    const avg = now.avgTotal!.toFixed(2).replace('.', ',');
    const before = expectedFigures(seeded, () => true, 'lastYear').avgTotal!.toFixed(2).replace('.', ',');
    expect(s.narrative[1]).toMatch(new RegExp(
      `^Rata-rata skor terverifikasi ${avg} poin, dari 4 LKS yang telah diverifikasi\\. `
      + '5 LKS lain baru memiliki skor penilaian mandiri yang belum diverifikasi dan tidak dihitung dalam angka skor ringkasan ini\\. '
      + `Dibanding 2025, rata-rata skor terverifikasi (naik|turun) \\d+,\\d\\d poin \\(dari ${before} poin menjadi ${avg} poin\\), `
      + 'dari 4 skor terverifikasi tahun ini dan 4 tahun lalu\\.$',
    ));
    expect(s.narrative.join(' ')).toContain('memerlukan pembinaan intensif');
  });

  it('dasar=semua: the figures mix self scores and say so; the year comparison stays verified against verified', async () => {
    const verified = await summary(pimpinan);
    const s = await summary(pimpinan, seeded.cycleId, '?dasar=semua');
    const all = expectedFigures(seeded, () => true, 'now', 'all');
    expect(s.filters.dasar).toBe('semua');
    expect(s.dashboard.basis).toBe('all');
    expect(s.dashboard.totals).toMatchObject({ scored: 9, verifiedBasis: 4, selfBasis: 5 });
    expect(s.dashboard.totals.avgTotal).toBeCloseTo(all.avgTotal!, 2);
    expect(s.comparison).toEqual(verified.comparison);
    expect(s.narrative[1]).toContain(`Rata-rata skor ${all.avgTotal!.toFixed(2).replace('.', ',')} poin dari 9 LKS yang telah dinilai, mencampur 4 skor terverifikasi dan 5 skor penilaian mandiri yang belum diverifikasi.`);
    expect(s.narrative[1]).toContain('dari 4 skor terverifikasi tahun ini dan 4 tahun lalu.');
    const page = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan?dasar=semua`).set('Accept', 'text/html');
    expect(page.text).toContain('Perbandingan antartahun selalu memakai skor terverifikasi saja: 4 skor tahun ini dan 4 skor tahun 2025.');
    expect(page.text).toContain('Dasar skor: campuran 4 skor terverifikasi dan 5 skor penilaian mandiri');
  });

  it('checklist 7: an evaluator of Lebak gets Lebak-only figures on both sides of the comparison', async () => {
    const s = await summary(lebak);
    const lebakOnly = (e: { kabkota: string }) => e.kabkota === '36.02';
    expect(s.dashboard.totals.responses).toBe(expectedFigures(seeded, lebakOnly).responses);
    expect(s.comparison!.avgTotal.before).toBeCloseTo(expectedFigures(seeded, lebakOnly, 'lastYear').avgTotal!, 2);
    expect(s.comparison!.scores).toEqual({ now: 1, before: 2 });
    expect(s.comparison!.kabkota.map((k) => k.kabkotaCode)).toEqual(['36.02']);
    expect(s.narrative[0]).toContain('Dari 5 LKS');
  });

  it('the first cycle of an instrument has nothing to compare with', async () => {
    const s = await summary(pimpinan, seeded.previousCycleId);
    expect(s.comparison).toBeNull();
    const page = await pimpinan.get(`/laporan/${seeded.previousCycleId}/ringkasan`).set('Accept', 'text/html');
    expect(page.text).toContain('Tidak ada siklus tahun sebelumnya');
  });

  it('page and A4 print view: narrative, charts with tables, letterhead and signature, no navigation', async () => {
    const page = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan`).set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Dari 12 LKS sasaran');
    // the letter form before printing: a GET form (works without JavaScript) to the print view
    expect(page.text).toContain(`<form method="get" action="/laporan/${seeded.cycleId}/ringkasan/cetak" class="letter-form no-print"`);
    expect(page.text).toMatch(/<input type="text" id="lf-nomor" name="nomor" value="" maxlength="100"/);
    expect(page.text).toMatch(/<input type="date" id="lf-tanggal" name="tanggal" value="\d{4}-\d{2}-\d{2}" required>/);
    const print = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan/cetak`).set('Accept', 'text/html');
    expect(print.status).toBe(200);
    for (const text of ['PEMERINTAH PROVINSI BANTEN', 'DINAS SOSIAL', 'Kepala Dinas Sosial Provinsi Banten', 'Dicetak pada', 'Dari 12 LKS sasaran']) expect(print.text).toContain(text);
    expect(print.text).not.toMatch(/<nav[\s>]/);
    expect(print.text).not.toContain('site-header');
    const charts = (print.text.match(/<figure class="chart"/g) ?? []).length;
    expect(charts).toBeGreaterThanOrEqual(4);
    expect((print.text.match(/<table class="chart-data">/g) ?? []).length).toBe(charts);
  });

  it('the print view is a letter: number and date as set before printing, on the printout and in the audit log; units and the basis column; the year once', async () => {
    const before = await AuditEntry.countDocuments({ action: 'report.print' });
    const plain = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan/cetak`).set('Accept', 'text/html');
    expect(plain.status).toBe(200);
    expect(plain.text).toContain('aria-label="nomor surat diisi tangan"'); // left blank: a dotted line to write on
    expect(await AuditEntry.countDocuments({ action: 'report.print' })).toBe(before); // nothing set, nothing issued

    const nomor = '400.9/123/Dinsos/2026 <b>';
    const res = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan/cetak?nomor=${encodeURIComponent(nomor)}&tanggal=2026-12-07&predikat=D`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<th scope="row">Nomor surat</th><td>400.9/123/Dinsos/2026 &lt;b&gt;</td>');
    expect(res.text).toContain('<th scope="row">Tanggal surat</th><td>7 Desember 2026</td>');
    expect(res.text).toContain('Serang, 7 Desember 2026'); // the signature carries the letter's date
    // the form on the print view keeps the values and the filters
    expect(res.text).toContain('value="400.9/123/Dinsos/2026 &lt;b&gt;"');
    expect(res.text).toContain('<input type="hidden" name="predikat" value="D">');
    const entry = await AuditEntry.findOne({ action: 'report.print' }).sort({ _id: -1 }).lean();
    expect(entry).toMatchObject({ role: 'pimpinan', targetType: 'cycle', targetId: seeded.cycleId, details: { document: 'summary', nomor, tanggal: '2026-12-07', filters: 'predikat=D' } });

    const print = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan/cetak?dasar=semua`).set('Accept', 'text/html');
    const text = print.text.replace(/&quot;/g, '"');
    expect(text).toContain('Monev LKS 2026</span>'); // not "Monev LKS 2026 (2026)"
    expect(text).not.toMatch(/\(2026\)/);
    expect(text).toMatch(/<td class="num">[+−]\d+,\d\d poin<\/td>/); // a change of a score has its unit
    expect(text).toMatch(/<td class="num">[+−]?\d+,\d poin persen<\/td>/); // a change of a share too
    // the printed top, bottom and grade-D lists keep "Dasar skor" and "Tahap"
    for (const list of ['top', 'bottom', 'guidance']) {
      const table = text.slice(text.indexOf(`data-list="${list}"`)).split('</table>')[0];
      expect(table).toContain('<th scope="col">Dasar skor</th><th scope="col">Tahap</th>');
    }

    for (const bad of ['?tanggal=2026-02-30', '?tanggal=kemarin', `?nomor=${'x'.repeat(101)}`, '?nomor=a&nomor=b']) {
      const refused = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan/cetak${bad}`).set('Accept', 'application/json');
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe(400.4);
    }
  });
});
