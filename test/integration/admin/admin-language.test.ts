/**
 * Admin screens speak the administrator's language: the pages an admin reads (cycles, instruments,
 * register form, users, audit log) show titles and labels, never instrument ids, subject-type
 * codes ("KARANG_TARUNA") or region codes ("36.01"); kab/kota always say Kabupaten or Kota. The
 * audit log names every action and its target, and summarises admin entries without codes.
 */
import { signedIn, type Agent } from '../../helpers/session';
import { useTestApp } from '../../helpers/env';
import { AUDIT_ACTIONS } from '../../../server/domain/workflow/audit';
import { AuditEntry } from '../../../server/model/audit';
import { auditActionLabel } from '../../../server/resources/audit-admin';
import { seedReports, type Seeded } from '../reports/seed';

const env = useTestApp();

let admin: Agent;
let seeded: Seeded;

beforeAll(async () => {
  seeded = await seedReports();
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
}, 60000);

/** What a person reads on a page: its text, without markup, attribute values or scripts. */
async function visibleText(path: string): Promise<string> {
  const res = await admin.get(path).set('Accept', 'text/html');
  expect(res.status).toBe(200);
  return res.text.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/\s+/g, ' ');
}

const RAW_CODES = [/\b36\.\d\d(\.\d\d)?\b/, /\b[A-Z]{2,}_[A-Z_]{2,}\b/, /\b(lks-monev-tahunan|karang-taruna-klasifikasi|tksk-kinerja-tahunan)\b/, /forms:check/, /\b[0-9a-f]{24}\b/];

function expectNoCodes(path: string, text: string): void {
  for (const code of RAW_CODES) expect([path, text.match(code)?.[0] ?? null]).toEqual([path, null]);
}

describe('admin screens without technical values', () => {
  it('cycle, instrument, register and user pages show titles and labels, not codes', async () => {
    const version = seeded.form.version;
    const pages = ['/admin/siklus', `/admin/siklus/${seeded.cycleId}`, '/admin/siklus/baru', '/admin/instrumen',
      `/admin/instrumen/lks-monev-tahunan/${version}`, `/admin/instrumen/karang-taruna-klasifikasi/${version}`, '/admin/lembaga/baru',
      `/admin/lembaga/${seeded.orgIds.A1}`, '/admin/pengguna', '/admin/pengguna/baru', '/admin/pengaturan'];
    for (const path of pages) expectNoCodes(path, await visibleText(path));

    const list = await visibleText('/admin/siklus');
    expect(list).toContain(`Instrumen Monitoring dan Evaluasi Tahunan LKS, versi ${version}`);
    const detail = await visibleText(`/admin/siklus/${seeded.cycleId}`);
    for (const region of ['Kabupaten Lebak', 'Kabupaten Serang', 'Kota Tangerang']) expect(detail).toContain(region);
    const instruments = await visibleText('/admin/instrumen');
    expect(instruments).toContain('Karang Taruna');
    expect(await visibleText(`/admin/instrumen/karang-taruna-klasifikasi/${version}`)).toMatch(/Jenis lembaga Karang Taruna/);
  });

  it('the audit log labels every action, names targets and summarises admin entries in words', async () => {
    for (const action of AUDIT_ACTIONS) expect([action, auditActionLabel(action) === action]).toEqual([action, false]);
    const base = { at: new Date(), actorName: 'admin1', role: 'admin', ip: '127.0.0.1' };
    await AuditEntry.insertMany([
      { ...base, action: 'cycle.create', targetType: 'cycle', targetId: seeded.cycleId, details: { name: 'Monev LKS 2026', year: 2026, formId: 'lks-monev-tahunan', formVersion: seeded.form.version } },
      { ...base, action: 'user.create', targetType: 'user', targetId: '0123456789abcdef01234567', details: { username: 'eval.tangerang', role: 'evaluator', organisationIds: [], kabkota: ['36.03', '36.71'] } },
      { ...base, action: 'instrument.publish', targetType: 'instrument', targetId: `karang-taruna-klasifikasi@${seeded.form.version}`, details: { formId: 'karang-taruna-klasifikasi', version: seeded.form.version } },
      { ...base, action: 'report.print', targetType: 'cycle', targetId: seeded.cycleId, details: { document: 'summary', nomor: '400.9/1/Dinsos/2026', tanggal: '2026-12-07', filters: null } },
      { ...base, action: 'deadline.extend', targetType: 'response', targetId: seeded.responseIds.A1, organisationId: seeded.orgIds.A1, details: { until: new Date('2026-09-10T10:00:00Z'), reason: 'Banjir', previous: null } },
      { ...base, action: 'demo.seed', actorName: 'sistem', role: null, details: { organisations: 40, cycles: 2, responses: 70 } },
    ]);
    const text = await visibleText('/admin/audit');
    expectNoCodes('/admin/audit', text);
    for (const words of [
      'Siklus dibuat', 'Siklus Monev LKS 2026', `Monev LKS 2026; instrumen Instrumen Monitoring dan Evaluasi Tahunan LKS, versi ${seeded.form.version}`,
      'Akun dibuat', 'Akun eval.tangerang, peran Evaluator; cakupan: Kabupaten Tangerang, Kota Tangerang',
      'Instrumen diterbitkan', `Instrumen Klasifikasi Karang Taruna, versi ${seeded.form.version}`,
      'Ringkasan pimpinan dicetak', 'Nomor surat 400.9/1/Dinsos/2026, tanggal 7 Desember 2026',
      'Batas waktu diperpanjang', 'Tanggapan LKSA Harapan Lebak', 'Alasan: Banjir',
      'Data demo dibuat', '40 lembaga, 2 siklus, 70 tanggapan',
    ]) expect([words, text.includes(words)]).toEqual([words, true]);
  });
});
