/**
 * Report cards (rapor): content against the seeded score records, scoping and audit of
 * out-of-scope reads (checklist 6, 37), escaping in every view (checklist 18), the A4 print view
 * and the bulk print with one organisation per page.
 */
import { signedIn, type Agent } from '../../helpers/session';
import { questions } from '../../../server/domain/forms';
import { AuditEntry } from '../../../server/model/audit';
import { Organisation } from '../../../server/model/organisation';
import { ResponseModel } from '../../../server/model/response';
import { ENTRIES, seedReports, type Seeded } from './seed';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();

let seeded: Seeded;
let admin: Agent;
let lebak: Agent;
let operatorA: Agent;

const HOSTILE_NAME = '<script>alert(1)</script> LKS {{constructor}}';
const HOSTILE_COMMENT = '"><img src=x onerror=alert(2)>';

beforeAll(async () => {
  seeded = await seedReports();
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
  lebak = (await signedIn(env.app, { username: 'eval-lebak', role: 'evaluator', kabkota: ['36.02'] })).agent;
  operatorA = (await signedIn(env.app, { username: 'op-a1', role: 'operator', organisationIds: [seeded.orgIds.A1] })).agent;
}, 60000);

interface CardJson {
  basis: string;
  score: { total: number; grade: string };
  self: { total: number } | null;
  verified: { total: number } | null;
  identity: { label: string; value: string }[];
  sections: { key: string; self: number | null; verified: number | null; effective: number | null }[];
  items: { key: string; rows: { path: string; self: number | null; verified: number | null; effective: number | null; comment: string | null; reason: string | null }[] }[];
  weakSections: { key: string; effective: number; recommendations: { title: string; text: string; points: number; max: number }[] }[];
  history: { columns: { label: string; current: boolean }[]; rows: { label: string; values: (number | string | null)[] }[] };
  bucket: string;
}

describe('report card content', () => {
  it('shows identity, the verified score beside the self score, every item and the evaluator notes', async () => {
    const res = await operatorA.get(`/api/rapor/${seeded.responseIds.A1}`).set('Accept', 'application/json');
    expect(res.status).toBe(200);
    const card = res.body as CardJson;
    const { self, verified } = seeded.scores.A1;
    expect(card.basis).toBe('verified');
    expect(card.score.total).toBe(verified!.total);
    expect(card.score.grade).toBe(verified!.grade);
    expect(card.self!.total).toBe(self!.total);
    expect(card.identity).toEqual(expect.arrayContaining([
      { label: 'Nama lembaga', value: 'LKSA Harapan Lebak' }, { label: 'Kabupaten/Kota', value: 'Kabupaten Lebak' },
      { label: 'Tanda Daftar', value: '460/A1/Dinsos/2024, berlaku sampai 1 Februari 2027' },
    ]));
    for (const s of card.sections) {
      expect(s.self).toBe(self!.sections[s.key].score);
      expect(s.verified).toBe(verified!.sections[s.key].score);
      expect(s.effective).toBe(verified!.sections[s.key].score);
    }
    const scoredPaths = questions(seeded.form).filter((q) => q.kind === 'question' && q.scoreMax !== null && !q.inRepeat).map((q) => q.path);
    const rows = card.items.flatMap((g) => g.rows);
    expect(rows.map((r) => r.path).sort()).toEqual([...new Set(scoredPaths.filter((p) => verified!.items.find((i) => i.path === p)?.status !== 'hidden'))].sort());
    const akta = rows.find((r) => r.path === 'manajemen.aktaPendirian')!;
    expect(akta).toMatchObject({ self: 4, verified: 3, effective: 3, comment: 'Akta asli sudah diperiksa saat visitasi.', reason: 'Bukti hanya salinan tanpa legalisasi' });
  });

  it('lists the weakest sections (lowest counted score first) with the instrument\'s recommendations for weak items', async () => {
    const card = (await operatorA.get(`/api/rapor/${seeded.responseIds.A1}`).set('Accept', 'application/json')).body as CardJson;
    const verified = seeded.scores.A1.verified!;
    const lowest = Object.entries(verified.sections).filter(([, s]) => s.score !== null).sort((a, b) => (a[1].score as number) - (b[1].score as number)).slice(0, 3).map(([k]) => k);
    expect(card.weakSections.map((s) => s.key)).toEqual(lowest);
    const sarpras = card.weakSections.find((s) => s.key === 'sarpras')!;
    const withText = questions(seeded.form).filter((q) => q.section === 'sarpras' && q.recommendation && q.scoreMax !== null);
    expect(sarpras.recommendations.length).toBeGreaterThan(0);
    for (const r of sarpras.recommendations) {
      expect(r.points).toBeLessThan(seeded.form.recommendationThreshold * r.max);
      expect(withText.map((q) => q.recommendation)).toContain(r.text);
    }
  });

  it('puts the organisation\'s previous year beside this year', async () => {
    const card = (await operatorA.get(`/api/rapor/${seeded.responseIds.A1}`).set('Accept', 'application/json')).body as CardJson;
    expect(card.history.columns.map((c) => [c.label, c.current])).toEqual([['2025', false], ['2026', true]]);
    expect(card.history.rows[0].values).toEqual([seeded.scores.A1.lastYear!.total, seeded.scores.A1.verified!.total]);
    expect(card.history.rows[1].values).toEqual([seeded.scores.A1.lastYear!.grade, seeded.scores.A1.verified!.grade]);
  });

  it('a response not started has no score, and says so', async () => {
    const res = await admin.get(`/api/rapor/${seeded.responseIds.A5}`).set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ basis: null, bucket: 'not_started', score: { total: null } });
    const page = await admin.get(`/rapor/${seeded.responseIds.A5}`).set('Accept', 'text/html');
    expect(page.text).toContain('Belum ada skor');
  });
});

describe('report card access', () => {
  it('checklist 6: an operator reading another organisation\'s card gets 404.1 and an authz.denied audit entry', async () => {
    for (const path of [`/api/rapor/${seeded.responseIds.B1}`, `/rapor/${seeded.responseIds.B1}`, `/rapor/${seeded.responseIds.B1}/cetak`]) {
      const res = await operatorA.get(path).set('Accept', path.startsWith('/api') ? 'application/json' : 'text/html');
      expect(res.status).toBe(404);
      if (path.startsWith('/api')) expect(res.body.code).toBe(404.1);
      expect(res.text).not.toContain('LKSA Serang Mandiri');
    }
    const denied = await AuditEntry.find({ action: 'authz.denied', targetId: seeded.responseIds.B1 }).lean();
    expect(denied.length).toBe(3);
    expect(denied[0]).toMatchObject({ targetType: 'response', role: 'operator' });
  });

  it('an id that exists nowhere is the same 404.1, without an audit entry', async () => {
    const before = await AuditEntry.countDocuments({ action: 'authz.denied' });
    const res = await operatorA.get('/api/rapor/0123456789abcdef01234567').set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(404.1);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied' })).toBe(before);
  });

  it('checklist 6: an evaluator of Lebak reads Lebak cards, not Serang ones', async () => {
    expect((await lebak.get(`/api/rapor/${seeded.responseIds.A2}`).set('Accept', 'application/json')).status).toBe(200);
    const res = await lebak.get(`/api/rapor/${seeded.responseIds.B1}`).set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(404.1);
  });

  it('the previous years shown are only the same organisation\'s', async () => {
    const card = (await admin.get(`/api/rapor/${seeded.responseIds.B2}`).set('Accept', 'application/json')).body as CardJson;
    expect(card.history.columns.map((c) => c.label)).toEqual(['2026']);
  });
});

describe('report card views', () => {
  it('the page has the section chart with its data table and a print link', async () => {
    const res = await operatorA.get(`/rapor/${seeded.responseIds.A1}`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<figure class="chart" data-chart="hbar"');
    expect(res.text).toContain('<table class="chart-data">');
    expect(res.text).toContain(`href="/rapor/${seeded.responseIds.A1}/cetak"`);
    expect(res.text).toContain('Akta asli sudah diperiksa saat visitasi.');
  });

  it('the print view has the letterhead, print date and signature block, and no navigation', async () => {
    const res = await operatorA.get(`/rapor/${seeded.responseIds.A1}/cetak`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    for (const text of ['PEMERINTAH PROVINSI BANTEN', 'DINAS SOSIAL', 'Dicetak pada', 'Kepala Dinas Sosial Provinsi Banten', 'NIP.']) expect(res.text).toContain(text);
    expect(res.text).not.toContain('site-header');
    expect(res.text).not.toMatch(/<nav[\s>]/);
    expect(res.text).toContain('class="print-toolbar no-print"');
    expect(res.text).toContain('/assets/report.css');
  });

  it('bulk print: one sheet per organisation in scope, a page break before every sheet but the first', async () => {
    const res = await admin.get(`/laporan/${seeded.cycleId}/rapor/cetak`).set('Accept', 'text/html');
    expect(res.status).toBe(200);
    const sheets = res.text.match(/<section class="sheet[^"]*"/g) ?? [];
    expect(sheets.length).toBe(ENTRIES.length);
    expect(sheets[0]).toBe('<section class="sheet"');
    expect(sheets.slice(1).every((s) => s === '<section class="sheet page-break"')).toBe(true);
    expect((res.text.match(/PEMERINTAH PROVINSI BANTEN/g) ?? []).length).toBe(ENTRIES.length);
    const lebakRes = await lebak.get(`/laporan/${seeded.cycleId}/rapor/cetak`).set('Accept', 'text/html');
    expect((lebakRes.text.match(/<section class="sheet/g) ?? []).length).toBe(ENTRIES.filter((e) => e.kabkota === '36.02').length);
    for (const e of ENTRIES.filter((x) => x.kabkota !== '36.02')) expect(lebakRes.text).not.toContain(e.nama);
  });

  it('bulk print keeps the filters and pages through them', async () => {
    const res = await admin.get(`/laporan/${seeded.cycleId}/rapor/cetak?kabkota=36.71&hal=1`).set('Accept', 'text/html');
    expect((res.text.match(/<section class="sheet/g) ?? []).length).toBe(3);
    const beyond = await admin.get(`/laporan/${seeded.cycleId}/rapor/cetak?hal=2`).set('Accept', 'text/html');
    expect(beyond.status).toBe(200);
    expect(beyond.text).toContain('Tidak ada rapor untuk dicetak');
    expect((await admin.get(`/laporan/${seeded.cycleId}/rapor/cetak?hal=0`).set('Accept', 'text/html')).status).toBe(400);
  });

  it('checklist 18: hostile names and notes render inert in the card, its print view and the bulk print', async () => {
    await Organisation.updateOne({ _id: seeded.orgIds.C1 }, { $set: { 'identity.nama': HOSTILE_NAME } });
    await ResponseModel.updateOne({ _id: seeded.responseIds.C1 }, { $set: { review: [{ path: 'manajemen.aktaPendirian', comment: HOSTILE_COMMENT, reason: HOSTILE_COMMENT }] } });
    for (const path of [`/rapor/${seeded.responseIds.C1}`, `/rapor/${seeded.responseIds.C1}/cetak`, `/laporan/${seeded.cycleId}/rapor/cetak`, `/dasbor/${seeded.cycleId}`]) {
      const res = await admin.get(path).set('Accept', 'text/html');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<script>alert(1)</script>');
      expect(res.text).not.toContain('<img src=x');
      expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      if (!path.startsWith('/dasbor')) expect(res.text).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;');
    }
  });
});
