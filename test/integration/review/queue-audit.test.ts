/**
 * The queue's filters and paging, the admin audit log's filters, and what each role sees in a
 * response's timeline. Filters are strings checked against allow-lists: operator objects in the
 * query (`?status[$ne]=x`) or values outside the lists are 400.4, never a MongoDB operator (3).
 */
import mongoose from 'mongoose';
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { createOrganisation } from '../fill/fixtures';
import { adminAgent, currentRev, evaluatorIn, openScenario, operatorOf, startReview, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();

const rowsOf = (html: string) => [...html.matchAll(/<tr data-response-id="([0-9a-f]{24})" data-response-state="(\w+)"/g)].map((m) => ({ id: m[1], state: m[2] }));

describe('review queue', () => {
  it('checklist 3: filters by status, kabupaten/kota, instrument, cycle and grade; operator objects and unknown values are 400.4', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    await submitAsOperator(env.app, s.orgB, s.responseB, { profil: { namaLembaga: 'B', kapasitas: 1 }, manajemen: { tandaDaftar: 1, rapat: 0 } });
    const ev = await evaluatorIn(env.app, 'all');
    await startReview(ev, s.responseB);

    const all = rowsOf((await ev.get('/tinjauan').expect(200)).text);
    expect(all.map((r) => r.id).sort()).toEqual([s.responseA, s.responseB].sort());
    expect(rowsOf((await ev.get('/tinjauan?status=submitted').expect(200)).text)).toEqual([{ id: s.responseA, state: 'submitted' }]);
    expect(rowsOf((await ev.get('/tinjauan?status=in_review').expect(200)).text)).toEqual([{ id: s.responseB, state: 'in_review' }]);
    expect(rowsOf((await ev.get('/tinjauan?kabkota=36.73').expect(200)).text).map((r) => r.id)).toEqual([s.responseB]);
    expect(rowsOf((await ev.get('/tinjauan?predikat=uji-lks:A').expect(200)).text).map((r) => r.id)).toEqual([s.responseA]); // 87.5
    expect(rowsOf((await ev.get('/tinjauan?predikat=uji-lks:D').expect(200)).text).map((r) => r.id)).toEqual([s.responseB]); // 12.5
    expect(rowsOf((await ev.get('/tinjauan?instrumen=uji-lks').expect(200)).text)).toHaveLength(2);
    expect(rowsOf((await ev.get(`/tinjauan?siklus=${s.cycleId}&status=submitted`).expect(200)).text)).toHaveLength(1);
    expect(rowsOf((await ev.get('/tinjauan?status=draft').expect(200)).text)).toEqual([]);

    for (const query of ['status[$ne]=x', 'status%5B%24ne%5D=x', 'status=$ne', 'status=submitted&status=draft', 'kabkota[$gt]=', 'kabkota=99.99',
      'instrumen=lain', 'predikat=Z', 'predikat=uji-lks:Z', 'siklus=lain', `siklus=${String(new mongoose.Types.ObjectId())}`, 'siklus[$where]=1', 'halaman=0', 'halaman=abc', '%24where=1']) {
      const res = await ev.get(`/tinjauan?${query}`).set('Accept', 'application/json');
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 400.4 });
    }
    // the list does not leak what a JSON body might try either: the queue reads no body at all
    expect((await ev.get('/tinjauan?halaman=2').expect(200)).text).toContain('2 tanggapan · halaman 2 dari 1');
  });

  it('pages of 25, oldest submission first', async () => {
    const s = await openScenario();
    const base = await ResponseModel.findById(s.responseA).lean();
    const docs = [];
    for (let i = 0; i < 27; i++) {
      const org = await createOrganisation(`LKS Antre ${String(i).padStart(2, '0')}`, '36.02');
      docs.push({ ...base, _id: new mongoose.Types.ObjectId(), organisationId: new mongoose.Types.ObjectId(org), state: 'submitted', submittedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    }
    await ResponseModel.insertMany(docs);
    const ev = await evaluatorIn(env.app, ['36.02']);
    const p1 = await ev.get('/tinjauan').expect(200);
    expect(rowsOf(p1.text)).toHaveLength(25);
    expect(p1.text).toContain('27 tanggapan · halaman 1 dari 2');
    expect(p1.text.indexOf('LKS Antre 00')).toBeLessThan(p1.text.indexOf('LKS Antre 24'));
    expect(p1.text).toContain('href="/tinjauan?halaman&#x3D;2"'); // Handlebars escapes '='
    const p2 = await ev.get('/tinjauan?halaman=2').expect(200);
    expect(rowsOf(p2.text)).toHaveLength(2);
    expect(p2.text).toContain('LKS Antre 26');
  });
});

describe('audit timeline and log', () => {
  it('the evaluator sees every entry with addresses; the operator sees the workflow without score details, staff by role, no addresses', async () => {
    const s = await openScenario();
    const { op } = await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02'], 'penilai.timeline');
    const rev = await startReview(ev, s.responseA);
    await ev.post(`/tinjauan/${s.responseA}`).type('form').send({
      _csrf: ev.csrf, rev, _action: 'return', 'score.manajemen.rapat': '1', 'reason.manajemen.rapat': 'Notulen <b>kurang</b>',
      'comment.manajemen.tandaDaftar': 'Unggah ulang <script>alert(1)</script>', 'needsFix.manajemen.tandaDaftar': 'on',
    }).expect(303);

    const staff = await ev.get(`/tanggapan/${s.responseA}/riwayat`).expect(200);
    expect(staff.text).toContain('data-audit-action="score.change"');
    expect(staff.text).toContain('Rapat pengurus rutin: nilai mandiri → 1.');
    expect(staff.text).toContain('Notulen &lt;b&gt;kurang&lt;/b&gt;');
    expect(staff.text).not.toContain('<script>alert(1)</script>');
    expect(staff.text).toContain('penilai.timeline');
    expect(staff.text).toContain('alamat 127.0.0.1');
    expect(staff.text).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z">[^<]+WIB<\/time>/);

    const own = await op.get(`/tanggapan/${s.responseA}/riwayat`).expect(200);
    expect(own.text).toContain('data-audit-action="response.return"');
    expect(own.text).toContain('Perlu diperbaiki – Tanda Daftar LKS masih berlaku: Unggah ulang &lt;script&gt;');
    expect(own.text).not.toContain('data-audit-action="score.change"');
    expect(own.text).not.toContain('penilai.timeline');
    expect(own.text).not.toContain('127.0.0.1');
    const ownJson = await op.get(`/tanggapan/${s.responseA}/riwayat`).set('Accept', 'application/json').expect(200);
    expect(ownJson.body.entries.map((e: { action: string }) => e.action)).toEqual(['response.answers_changed', 'evidence.upload', 'response.submit', 'response.start_review', 'response.return']);
    expect(ownJson.body.entries.every((e: { ip: string }) => e.ip === '')).toBe(true);

    const otherOp = await operatorOf(env.app, s.orgB);
    expect((await otherOp.get(`/tanggapan/${s.responseA}/riwayat`)).status).toBe(404);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', targetId: s.responseA, role: 'operator' })).toBe(1);
  });

  it('admin audit log: filters by action, user and WIB dates, pages; 403 for others; operator objects are 400.4', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02'], 'penilai.log');
    await startReview(ev, s.responseA);
    const admin = await adminAgent(env.app);
    const page = await admin.get('/admin/audit').expect(200);
    expect(page.text).toContain('data-audit-action="response.start_review"');
    expect(page.text).toContain(`href="/tanggapan/${s.responseA}/riwayat"`);

    const byAction = await admin.get('/admin/audit?aksi=response.start_review').set('Accept', 'application/json').expect(200);
    expect(byAction.body.total).toBe(1);
    expect(byAction.body.entries[0]).toMatchObject({ action: 'response.start_review', who: 'penilai.log', roleLabel: 'Evaluator', ip: expect.stringMatching(/127\.0\.0\.1/) });
    const byUser = await admin.get('/admin/audit?pengguna=penilai.log').set('Accept', 'application/json').expect(200);
    expect(byUser.body.entries.map((e: { action: string }) => e.action).sort()).toEqual(['login.success', 'response.start_review']);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const inRange = await admin.get(`/admin/audit?dari=${today}&sampai=${today}&pengguna=penilai.log`).set('Accept', 'application/json').expect(200);
    expect(inRange.body.total).toBe(2);
    const before = await admin.get('/admin/audit?sampai=2020-01-01').set('Accept', 'application/json').expect(200);
    expect(before.body.total).toBe(0);

    for (const query of ['aksi[$ne]=x', 'aksi=tidak.ada', 'pengguna[$regex]=.*', 'dari=2026-02-30', 'sampai=kemarin', 'halaman=-1']) {
      const res = await admin.get(`/admin/audit?${query}`).set('Accept', 'application/json');
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 400.4 });
    }
    expect((await ev.get('/admin/audit').set('Accept', 'application/json')).status).toBe(403);
    expect(await currentRev(s.responseA)).toBeGreaterThan(0);
  });
});
