/**
 * The leadership summary: figures and the change against the previous cycle of the same
 * instrument, computed independently from the seed; the generated narrative; the A4 print view.
 */
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
    avgTotal: { now: number; before: number; delta: number };
    responses: { now: number; before: number };
    sections: { key: string; now: number | null; before: number | null; delta: number | null }[];
    kabkota: { kabkotaCode: string; now: number | null; before: number | null }[];
  } | null;
  narrative: string[];
  dashboard: { totals: { responses: number; avgTotal: number } };
}

async function summary(agent: Agent, cycleId = seeded.cycleId): Promise<SummaryJson> {
  const res = await agent.get(`/api/laporan/${cycleId}/ringkasan`).set('Accept', 'application/json');
  expect(res.status).toBe(200);
  return res.body as SummaryJson;
}

describe('leadership summary', () => {
  it('compares with the previous year of the same instrument, figure by figure', async () => {
    const s = await summary(pimpinan);
    const now = expectedFigures(seeded);
    const before = expectedFigures(seeded, () => true, 'lastYear');
    expect(s.comparison!.previous).toMatchObject({ year: 2025, name: 'Monev LKS 2025' });
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
    expect(s.narrative[1]).toContain(`Rata-rata skor akhir ${avg} dari ${now.scored} LKS yang telah dinilai`);
    expect(s.narrative[1]).toMatch(/(naik|turun) \d+,\d\d poin dibanding 2025/);
    expect(s.narrative.join(' ')).toContain('memerlukan pembinaan intensif');
  });

  it('checklist 7: an evaluator of Lebak gets Lebak-only figures on both sides of the comparison', async () => {
    const s = await summary(lebak);
    const lebakOnly = (e: { kabkota: string }) => e.kabkota === '36.02';
    expect(s.dashboard.totals.responses).toBe(expectedFigures(seeded, lebakOnly).responses);
    expect(s.comparison!.avgTotal.before).toBeCloseTo(expectedFigures(seeded, lebakOnly, 'lastYear').avgTotal!, 2);
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
    expect(page.text).toContain(`/laporan/${seeded.cycleId}/ringkasan/cetak`);
    const print = await pimpinan.get(`/laporan/${seeded.cycleId}/ringkasan/cetak`).set('Accept', 'text/html');
    expect(print.status).toBe(200);
    for (const text of ['PEMERINTAH PROVINSI BANTEN', 'DINAS SOSIAL', 'Kepala Dinas Sosial Provinsi Banten', 'Dicetak pada', 'Dari 12 LKS sasaran']) expect(print.text).toContain(text);
    expect(print.text).not.toMatch(/<nav[\s>]/);
    expect(print.text).not.toContain('site-header');
    const charts = (print.text.match(/<figure class="chart"/g) ?? []).length;
    expect(charts).toBeGreaterThanOrEqual(4);
    expect((print.text.match(/<table class="chart-data">/g) ?? []).length).toBe(charts);
  });
});
