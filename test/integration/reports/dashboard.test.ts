/**
 * Dashboard figures (JSON API and page) against figures computed independently from the seed,
 * for each role's scope (checklist 6, 7), with every filter, and the filter-injection rule
 * (checklist 3). Score figures count verified scores by default; `?dasar=semua` includes self
 * scores, and every listed row then says which basis it has.
 */
import request from 'supertest';
import { signedIn, type Agent } from '../../helpers/session';
import { Cycle } from '../../../server/model/cycle';
import { ENTRIES, seedReports, type Seeded } from './seed';
import { expectCoreFigures, expectedFigures, type Expected } from './expected';
import { ResponseModel } from '../../../server/model/response';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();

let seeded: Seeded;
let admin: Agent;
let lebak: Agent;
let operatorA: Agent;
let pimpinan: Agent;

beforeAll(async () => {
  seeded = await seedReports();
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
  lebak = (await signedIn(env.app, { username: 'eval-lebak', role: 'evaluator', kabkota: ['36.02'] })).agent;
  pimpinan = (await signedIn(env.app, { username: 'pimpinan1', role: 'pimpinan', kabkota: 'all' })).agent;
  operatorA = (await signedIn(env.app, { username: 'op-a1', role: 'operator', organisationIds: [seeded.orgIds.A1] })).agent;
}, 60000);

interface DashJson {
  dashboard: {
    basis: 'verified' | 'all';
    totals: { responses: number; byBucket: Record<string, number>; scored: number; verifiedBasis: number; selfBasis: number; avgTotal: number | null; guidance: number };
    completion: { kabkotaCode: string; counts: Record<string, number>; total: number }[];
    grades: { grade: string; count: number }[];
    byKabkota: { kabkotaCode: string; avgTotal: number | null }[];
    sections: { key: string; avg: number | null }[];
    top: { responseId: string; nama: string; total: number; basis: string; bucket: string }[];
    bottom: { responseId: string; nama: string; basis: string }[];
    guidance: { count: number; rows: { responseId: string; basis: string }[] };
  };
}

async function dash(agent: Agent, query = ''): Promise<DashJson['dashboard']> {
  const res = await agent.get(`/api/dasbor/${seeded.cycleId}${query}`).set('Accept', 'application/json');
  expect(res.status).toBe(200);
  return (res.body as DashJson).dashboard;
}

const keyOfResponse = (id: string) => ENTRIES.find((e) => seeded.responseIds[e.key] === id)?.key;

function expectFigures(d: DashJson['dashboard'], want: Expected): void {
  expectCoreFigures(d, want);
  for (const k of d.byKabkota) {
    const avg = want.kabkotaAvg[k.kabkotaCode];
    if (avg === null || avg === undefined) expect(k.avgTotal).toBeNull();
    else expect(k.avgTotal).toBeCloseTo(avg, 2);
  }
  expect(d.top.map((r) => keyOfResponse(r.responseId))).toEqual(want.ranking.slice(0, 10));
  expect(d.bottom.map((r) => keyOfResponse(r.responseId))).toEqual(want.bottom.slice(0, 10));
  expect(d.guidance.count).toBe(want.guidance.length);
  expect(d.guidance.rows.map((r) => keyOfResponse(r.responseId)).sort()).toEqual([...want.guidance].sort());
  expect(d.totals.guidance).toBe(want.guidance.length);
}

describe('dashboard figures', () => {
  it('admin, by default: every score figure counts verified scores only, and says how many self scores it leaves out', async () => {
    const d = await dash(admin);
    const want = expectedFigures(seeded);
    expect(want.responses).toBe(12);
    expect(want).toMatchObject({ scored: 4, verifiedBasis: 4, selfBasis: 5 });
    expect(want.guidance.length).toBeGreaterThan(0);
    expect(d.basis).toBe('verified');
    expectFigures(d, want);
    for (const row of [...d.top, ...d.bottom, ...d.guidance.rows]) expect(row.basis).toBe('verified');
    expect(d.top[0].nama).toBe(ENTRIES.find((e) => e.key === want.ranking[0])!.nama);
    expect((await dash(admin, '?dasar=terverifikasi'))).toEqual(d);
  });

  it('admin, dasar=semua: every score figure counts the verified score, else the self score; each listed row says which', async () => {
    const d = await dash(admin, '?dasar=semua');
    const want = expectedFigures(seeded, () => true, 'now', 'all');
    expect(want).toMatchObject({ scored: 9, verifiedBasis: 4, selfBasis: 5 });
    expect(Object.keys(want.grades).length).toBeGreaterThanOrEqual(3);
    expect(d.basis).toBe('all');
    expectFigures(d, want);
    const basisOf = (id: string) => ENTRIES.find((e) => seeded.responseIds[e.key] === id)!.expectBasis;
    for (const row of [...d.top, ...d.bottom, ...d.guidance.rows]) expect(row.basis).toBe(basisOf(row.responseId));
    expect(d.top.some((r) => r.basis === 'self')).toBe(true);
  });

  it('a returned response\'s self score is never number one as if final: by default it is not listed; with self scores it says self and returned', async () => {
    // B2 (returned) gets the best self score of all
    const b2 = seeded.responseIds.B2;
    const before = await ResponseModel.findById(b2, { selfScore: 1 }).lean();
    await ResponseModel.updateOne({ _id: b2 }, { $set: { 'selfScore.total': 99.5, 'selfScore.grade': 'A' } });
    try {
      const d = await dash(pimpinan);
      expect([...d.top, ...d.bottom].map((r) => r.responseId)).not.toContain(b2);
      const all = await dash(pimpinan, '?dasar=semua');
      expect(all.top[0]).toMatchObject({ responseId: b2, basis: 'self', bucket: 'returned' });
      const page = await pimpinan.get(`/dasbor/${seeded.cycleId}?dasar=semua`).set('Accept', 'text/html');
      const firstRow = page.text.slice(page.text.indexOf('data-list="top"')).match(/<tr class="self-score">[\s\S]*?<\/tr>/)![0];
      expect(firstRow).toContain('Penilaian mandiri (belum diverifikasi)');
      expect(firstRow).toContain('Dikembalikan');
    } finally {
      await ResponseModel.updateOne({ _id: b2 }, { $set: { selfScore: before!.selfScore } });
    }
  });

  it('pimpinan with the whole province sees the same figures as admin', async () => {
    expect(await dash(pimpinan)).toEqual(await dash(admin));
  });

  it('checklist 7: an evaluator of Lebak sees only Lebak rows, counts and names', async () => {
    const d = await dash(lebak);
    expectFigures(d, expectedFigures(seeded, (e) => e.kabkota === '36.02'));
    expect(d.completion.map((c) => c.kabkotaCode)).toEqual(['36.02']);
    const lebakNames = ENTRIES.filter((e) => e.kabkota === '36.02').map((e) => e.nama);
    for (const row of [...d.top, ...d.bottom]) expect(lebakNames).toContain(row.nama);
  });

  it('checklist 7: an operator gets the figures of their own organisation only', async () => {
    const d = await dash(operatorA);
    expectFigures(d, expectedFigures(seeded, (e) => e.key === 'A1'));
    expect(d.totals.responses).toBe(1);
    expect(d.top.map((r) => r.responseId)).toEqual([seeded.responseIds.A1]);
  });

  it('checklist 7: an evaluator filtering on another kab/kota gets zero rows, not that kab/kota', async () => {
    const d = await dash(lebak, '?kabkota=36.04');
    expect(d.totals.responses).toBe(0);
    expect(d.completion).toEqual([]);
    expect(d.top).toEqual([]);
  });

  it.each([
    ['kabkota=36.04', (e: (typeof ENTRIES)[number]) => e.kabkota === '36.04'],
    ['jenis=lanjut_usia', (e: (typeof ENTRIES)[number]) => e.jenis === 'lanjut_usia'],
    ['status=not_started', (e: (typeof ENTRIES)[number]) => e.expectBucket === 'not_started'],
    ['status=submitted', (e: (typeof ENTRIES)[number]) => e.expectBucket === 'submitted'],
  ])('filter %s gives the figures of exactly those responses', async (query, include) => {
    expectFigures(await dash(admin, `?${query}`), expectedFigures(seeded, include));
  });

  it('grade filter keeps the responses whose counted grade is that grade (the verified grade by default)', async () => {
    for (const [basis, query] of [['verified', ''], ['all', '&dasar=semua']] as const) {
      const all = expectedFigures(seeded, () => true, 'now', basis);
      const grade = Object.keys(all.grades).sort()[0];
      const d = await dash(admin, `?predikat=${grade}${query}`);
      expect(d.totals.scored).toBe(all.grades[grade]);
      expect(d.totals.responses).toBe(all.grades[grade]);
      expect(d.grades.filter((g) => g.count > 0).map((g) => g.grade)).toEqual([grade]);
    }
  });

  it('checklist 3: an unknown filter value is refused with 400.4; operator syntax is a different, ignored key', async () => {
    for (const bad of ['?status=deleted', '?kabkota=36.99', '?predikat=Z', '?jenis=%24ne', '?status=a&status=b', '?dasar=mandiri', '?dasar=semua&dasar=semua']) {
      const res = await admin.get(`/api/dasbor/${seeded.cycleId}${bad}`).set('Accept', 'application/json');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(400.4);
    }
    const res = await admin.get(`/api/dasbor/${seeded.cycleId}?status[$ne]=x&kabkota[$gt]=`).set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body.dashboard.totals.responses).toBe(12);
  });

  it('an unknown or malformed cycle id is 404.1', async () => {
    for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
      const res = await admin.get(`/api/dasbor/${id}`).set('Accept', 'application/json');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(404.1);
    }
  });

  it('anonymous callers are refused (401.1), and the page sends them to the login', async () => {
    const api = await request(env.app).get(`/api/dasbor/${seeded.cycleId}`).set('Accept', 'application/json');
    expect(api.status).toBe(401);
    expect(api.body.code).toBe(401.1);
    const page = await request(env.app).get(`/dasbor/${seeded.cycleId}`).set('Accept', 'text/html');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/login\?next=/);
  });
});

describe('dashboard page', () => {
  it('/dasbor redirects to the newest open cycle', async () => {
    const res = await admin.get('/dasbor').set('Accept', 'text/html');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/dasbor/${seeded.cycleId}`);
  });

  it('/dasbor prefers a newer closed cycle to an older open one, never a draft; the picker marks closed cycles', async () => {
    const base = { formId: 'lks-monev-tahunan', formVersion: '2026.1', subjectType: 'LKS', opensAt: new Date('2027-06-01'), closesAt: new Date('2027-08-31') };
    const closed = await Cycle.create({ ...base, name: 'Monev LKS 2027', year: 2027, status: 'closed', closedAt: new Date('2027-09-01') });
    const draft = await Cycle.create({ ...base, name: 'Monev LKS 2028', year: 2028, status: 'draft' });
    try {
      const res = await admin.get('/dasbor').set('Accept', 'text/html');
      expect(res.headers.location).toBe(`/dasbor/${String(closed._id)}`);
      const page = await admin.get(`/dasbor/${seeded.cycleId}`).set('Accept', 'text/html');
      // the year only once: the names already say it
      expect(page.text).toContain('Monev LKS 2027 – ditutup');
      expect(page.text).toContain('Monev LKS 2026<');
      expect(page.text).not.toMatch(/\(20\d\d\)/);
    } finally {
      await Cycle.deleteMany({ _id: { $in: [closed._id, draft._id] } });
    }
  });

  it('renders every figure as a table (works without JavaScript), with chart holders and drill-down links', async () => {
    const res = await admin.get(`/dasbor/${seeded.cycleId}`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    const html = res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(html).toContain('Kemajuan pengisian per kabupaten/kota');
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect((html.match(/<table class="chart-data">/g) ?? []).length).toBe((html.match(/<figure class="chart"/g) ?? []).length);
    expect(html).toContain(`href="/rapor/${seeded.responseIds.B1}"`);
    expect(html).toContain(`/dasbor/${seeded.cycleId}?kabkota=36.02`);
    expect(html).toContain('/assets/vendor/chart.umd.min.js');
    expect(html).toContain('/assets/charts.js');
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script (CSP)
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).toContain(`/laporan/${seeded.cycleId}/ekspor.xlsx`);
  });

  it('states its score basis: verified by default with an explicit link and choice to include self scores, labelled as such', async () => {
    const res = await admin.get(`/dasbor/${seeded.cycleId}`).set('Accept', 'text/html');
    const html = res.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
    expect(html).toContain('Dasar skor: hanya skor terverifikasi (4 lembaga). 5 lembaga yang baru memiliki skor penilaian mandiri tidak dihitung');
    expect(html).toContain(`href="/dasbor/${seeded.cycleId}?dasar=semua">Sertakan skor penilaian mandiri</a>`);
    expect(html).toMatch(/<select id="f-basis" name="dasar">\s*<option value="terverifikasi" selected>Hanya skor terverifikasi \(bawaan\)<\/option><option value="semua">Sertakan skor penilaian mandiri yang belum diverifikasi<\/option>/);
    expect(html).toContain('<dt>Rata-rata skor terverifikasi</dt>');
    for (const heading of ['Sebaran predikat', 'Rata-rata skor per aspek', 'Skor tertinggi', 'Skor terendah']) {
      expect(html).toMatch(new RegExp(`${heading} <span class="basis-tag">\\(skor terverifikasi\\)</span>`));
    }
    const all = await admin.get(`/dasbor/${seeded.cycleId}?dasar=semua&kabkota=36.02`).set('Accept', 'text/html');
    const allHtml = all.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(allHtml).toContain('Dasar skor: campuran 1 skor terverifikasi dan 2 skor penilaian mandiri yang belum diverifikasi.');
    expect(allHtml).toContain(`href="/dasbor/${seeded.cycleId}?kabkota=36.02">Tampilkan hanya skor terverifikasi</a>`);
    expect(allHtml).toContain('<dt>Rata-rata skor (terverifikasi dan mandiri)</dt>');
    // drill-down links keep the basis
    expect(allHtml).toContain(`/dasbor/${seeded.cycleId}?kabkota=36.02&status=verified&dasar=semua`);
  });

  it('an operator\'s page says the figures are their own and offers no export', async () => {
    const res = await operatorA.get(`/dasbor/${seeded.cycleId}`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('hanya mencakup lembaga Anda sendiri');
    expect(res.text).not.toContain('ekspor.xlsx');
    for (const e of ENTRIES.filter((x) => x.key !== 'A1')) expect(res.text).not.toContain(e.nama);
  });

  it('an invalid filter on the page is a 400 page, not a crash', async () => {
    const res = await admin.get(`/dasbor/${seeded.cycleId}?status=hapus`).set('Accept', 'text/html');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Parameter tidak valid');
  });
});
