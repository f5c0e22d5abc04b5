/**
 * "Tutup siklus" and "Buka kembali siklus": an admin closes an open cycle after a confirmation
 * page that says what happens to the responses; evaluators keep reviewing and verifying but can
 * no longer return a response (nobody could resubmit it); an admin reopens with a reason and a
 * deadline that is still ahead. Policy, CSRF, scope and the audit trail.
 */
import request from 'supertest';
import type { Agent } from '../../helpers/session';
import { AuditEntry } from '../../../server/model/audit';
import { Cycle } from '../../../server/model/cycle';
import { ResponseModel } from '../../../server/model/response';
import { adminAgent, currentRev, evaluatorIn, openScenario, operatorOf, pimpinanAgent, revOf, startReview, submitAsOperator, useReviewEnv } from '../review/setup';

const env = useReviewEnv();
const DAY = 24 * 3600 * 1000;

async function closeCycle(admin: Agent, cycleId: string): Promise<void> {
  const page = await admin.get(`/admin/siklus/${cycleId}/tutup`).expect(200);
  await admin.post(`/admin/siklus/${cycleId}/tutup`).type('form').send({ _csrf: admin.csrf, rev: revOf(page.text), confirm: 'yes' }).expect(303);
}

async function cycleOf(id: string) {
  return (await Cycle.findById(id).lean())!;
}

describe('closing a cycle', () => {
  it('asks for confirmation, explains what happens to the responses, then closes (audited)', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const admin = await adminAgent(env.app);
    const detail = await admin.get(`/admin/siklus/${s.cycleId}`).expect(200);
    expect(detail.text).toContain(`href="/admin/siklus/${s.cycleId}/tutup"`);

    const page = await admin.get(`/admin/siklus/${s.cycleId}/tutup`).expect(200);
    expect(page.text).toContain('1 tanggapan belum dikirim');
    expect(page.text).toContain('1 tanggapan menunggu atau sedang diperiksa');
    expect(page.text).toContain('name="confirm"');
    const unconfirmed = await admin.post(`/admin/siklus/${s.cycleId}/tutup`).type('form').send({ _csrf: admin.csrf, rev: revOf(page.text) });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('Centang pernyataan konfirmasi');
    expect((await cycleOf(s.cycleId)).status).toBe('open');

    const closed = await admin.post(`/admin/siklus/${s.cycleId}/tutup`).type('form')
      .send({ _csrf: admin.csrf, rev: revOf(page.text), confirm: 'yes', note: 'Periode monev 2026 selesai' });
    expect(closed.status).toBe(303);
    const cycle = await cycleOf(s.cycleId);
    expect(cycle.status).toBe('closed');
    expect(cycle.closedAt).toBeInstanceOf(Date);
    expect(cycle.closedBy).toMatch(/^[0-9a-f]{24}$/);
    const entry = await AuditEntry.findOne({ action: 'cycle.close', targetId: s.cycleId }).lean();
    expect(entry).toMatchObject({ role: 'admin', actorId: cycle.closedBy, targetType: 'cycle' });
    expect(entry!.details).toMatchObject({
      note: 'Periode monev 2026 selesai', closesAt: cycle.closesAt,
      responses: { notSubmitted: 1, returned: 0, awaitingReview: 1, verified: 0, total: 2 },
    });

    const after = await admin.get(`/admin/siklus/${s.cycleId}`).expect(200);
    expect(after.text).toContain('data-cycle-state="closed"');
    expect(after.text).toContain('Siklus ditutup (');
    expect(after.text).toContain(`href="/admin/siklus/${s.cycleId}/buka-kembali"`);
    expect(after.text).not.toContain(`href="/admin/siklus/${s.cycleId}/jadwal"`);
    expect(after.text).not.toContain('/perpanjang"'); // extensions would reopen nothing
    expect(after.text).toContain('data-response-state="submitted"'); // the responses are still listed
    const list = await admin.get('/admin/siklus').expect(200);
    expect(list.text).toContain('data-cycle-state="closed"');
    expect(list.text).toContain('Ditutup');
  });

  it('refuses what a closed cycle cannot do: close again, reschedule, extend one response (409)', async () => {
    const s = await openScenario();
    const admin = await adminAgent(env.app);
    await closeCycle(admin, s.cycleId);
    const json = { Accept: 'application/json', 'X-CSRF-Token': admin.csrf };
    const again = await admin.post(`/admin/siklus/${s.cycleId}/tutup`).set(json).send({ rev: 1, confirm: true });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe(409.1);
    const reschedule = await admin.get(`/admin/siklus/${s.cycleId}/jadwal`).set('Accept', 'application/json');
    expect(reschedule.status).toBe(409);
    expect(reschedule.body.code).toBe(409.1);
    const extend = await admin.post(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`).set(json)
      .send({ until: '2099-01-31T17:00', reason: 'Listrik padam' });
    expect(extend.status).toBe(409);
    expect(extend.body.code).toBe(409.11);
    expect((await ResponseModel.findById(s.responseA).lean())!.extensionUntil).toBeNull();
    const extendPage = await admin.get(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`);
    expect(extendPage.status).toBe(409);
    expect(extendPage.text).toContain('Siklus evaluasi sudah ditutup');
    const reopenOpen = await admin.post(`/admin/siklus/${s.cycleId}/buka-kembali`).set(json).send({ rev: 1, reason: 'x' });
    expect(reopenOpen.status).toBe(409); // stale rev: the close raised it to 2
    expect(reopenOpen.body.code).toBe(409.3);
  });

  it('a draft cycle cannot be closed, an open one cannot be reopened (409.1)', async () => {
    const s = await openScenario();
    const admin = await adminAgent(env.app);
    const reopen = await admin.get(`/admin/siklus/${s.cycleId}/buka-kembali`).set('Accept', 'application/json');
    expect(reopen.status).toBe(409);
    expect(reopen.body.code).toBe(409.1);
    await Cycle.updateOne({ _id: s.cycleId }, { $set: { status: 'draft' } });
    const close = await admin.get(`/admin/siklus/${s.cycleId}/tutup`).set('Accept', 'application/json');
    expect(close.status).toBe(409);
    expect(close.body.code).toBe(409.1);
  });

  it('evaluators keep reviewing and verifying after the close, but returning is refused with a clear message', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    await submitAsOperator(env.app, s.orgB, s.responseB);
    const ev = await evaluatorIn(env.app, 'all');
    const rev = await startReview(ev, s.responseA);
    const admin = await adminAgent(env.app);
    await closeCycle(admin, s.cycleId);
    // the review page no longer offers "return" and says why
    const page = await ev.get(`/tinjauan/${s.responseA}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('value="return"');
    expect(page.text).toContain('value="verify"');
    expect(page.text).toContain('Siklus evaluasi sudah ditutup: tanggapan tidak dapat dikembalikan');

    const back = {
      _csrf: ev.csrf, rev, _action: 'return', 'comment.manajemen.tandaDaftar': 'Lampirkan tanda daftar yang berlaku', 'needsFix.manajemen.tandaDaftar': 'on',
    };
    const refused = await ev.post(`/tinjauan/${s.responseA}`).type('form').send(back);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Siklus evaluasi sudah ditutup, jadi tanggapan tidak dapat dikembalikan');
    expect(refused.text).toContain('Lampirkan tanda daftar yang berlaku'); // the typed comment is not lost
    const api = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf)
      .send({ rev: Number(rev), action: 'return', items: [{ path: 'manajemen.tandaDaftar', comment: 'Perbaiki', needsFix: true }] });
    expect(api.status).toBe(409);
    expect(api.body.code).toBe(409.12);
    expect(await ResponseModel.findById(s.responseA).lean()).toMatchObject({ state: 'in_review', rev: Number(rev) });
    expect(await AuditEntry.countDocuments({ action: 'response.return' })).toBe(0);

    // a save and a verification still work; a submitted response can still be taken into review
    const verified = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf).send({ rev: Number(rev), action: 'verify' });
    expect(verified.status).toBe(200);
    expect(verified.body.state).toBe('verified');
    const started = await ev.post(`/api/tinjauan/${s.responseB}`).set('X-CSRF-Token', ev.csrf).send({ rev: await currentRev(s.responseB), action: 'start-review' });
    expect(started.status).toBe(200);
    expect(started.body.state).toBe('in_review');
    // reports go on: the cycle's dashboard and the verified report card still answer
    const pim = await pimpinanAgent(env.app);
    expect((await pim.get(`/dasbor/${s.cycleId}`)).status).toBe(200);
    expect((await pim.get(`/rapor/${s.responseA}`)).status).toBe(200);
  });

  it('scope is unchanged by the close: another kabupaten/kota answers 404, another organisation too', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const admin = await adminAgent(env.app);
    await closeCycle(admin, s.cycleId);
    const serang = await evaluatorIn(env.app, ['36.73']);
    const other = await serang.get(`/tinjauan/${s.responseA}`);
    expect(other.status).toBe(404);
    const opB = await operatorOf(env.app, s.orgB);
    const foreign = await opB.get(`/tanggapan/${s.responseA}`).set('Accept', 'application/json');
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe(404.1);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', targetId: s.responseA })).toBeGreaterThanOrEqual(2);
  });
});

describe('reopening a closed cycle', () => {
  it('needs a reason; keeps a deadline still ahead; audited', async () => {
    const s = await openScenario();
    const admin = await adminAgent(env.app);
    await closeCycle(admin, s.cycleId);
    const page = await admin.get(`/admin/siklus/${s.cycleId}/buka-kembali`).expect(200);
    expect(page.text).toContain('Kosongkan tanggal untuk memakainya');
    const noReason = await admin.post(`/admin/siklus/${s.cycleId}/buka-kembali`).type('form').send({ _csrf: admin.csrf, rev: revOf(page.text), reason: '' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Alasan wajib diisi.');
    const before = await cycleOf(s.cycleId);
    const ok = await admin.post(`/admin/siklus/${s.cycleId}/buka-kembali`).type('form')
      .send({ _csrf: admin.csrf, rev: revOf(page.text), reason: 'Lembaga di Lebak terdampak banjir' });
    expect(ok.status).toBe(303);
    const after = await cycleOf(s.cycleId);
    expect(after.status).toBe('open');
    expect(after.closesAt.toISOString()).toBe(before.closesAt.toISOString());
    expect(after.closedAt).toEqual(before.closedAt); // the latest close stays on record
    const entry = await AuditEntry.findOne({ action: 'cycle.reopen', targetId: s.cycleId }).lean();
    expect(entry!.details).toMatchObject({ reason: 'Lembaga di Lebak terdampak banjir', changes: [], closedBy: before.closedBy });
    const op = await operatorOf(env.app, s.orgA);
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'Lagi' } } }).expect(200);
  });

  it('after the deadline has passed, reopening needs a new deadline that lies ahead', async () => {
    const s = await openScenario({ opensAt: new Date(Date.now() - 20 * DAY), closesAt: new Date(Date.now() - DAY) });
    const admin = await adminAgent(env.app);
    await closeCycle(admin, s.cycleId);
    const page = await admin.get(`/admin/siklus/${s.cycleId}/buka-kembali`).expect(200);
    expect(page.text).toContain('Batas waktu siklus sudah lewat');
    const rev = revOf(page.text);
    const keep = await admin.post(`/admin/siklus/${s.cycleId}/buka-kembali`).type('form').send({ _csrf: admin.csrf, rev, reason: 'Dibuka lagi' });
    expect(keep.status).toBe(422);
    expect(keep.text).toContain('Isi batas waktu baru untuk membuka kembali siklus');
    const past = await admin.post(`/admin/siklus/${s.cycleId}/buka-kembali`).type('form').send({ _csrf: admin.csrf, rev, closesAt: '2001-05-05', reason: 'Dibuka lagi' });
    expect(past.status).toBe(422);
    expect((await cycleOf(s.cycleId)).status).toBe('closed');
    await admin.post(`/admin/siklus/${s.cycleId}/buka-kembali`).type('form').send({ _csrf: admin.csrf, rev, closesAt: '2099-03-31', reason: 'Dibuka lagi' }).expect(303);
    const after = await cycleOf(s.cycleId);
    expect(after).toMatchObject({ status: 'open' });
    expect(after.closesAt.toISOString()).toBe('2099-03-31T16:59:59.999Z');
    const entry = await AuditEntry.findOne({ action: 'cycle.reopen', targetId: s.cycleId }).lean();
    expect(entry!.details).toMatchObject({ after: { closesAt: new Date('2099-03-31T16:59:59.999Z') }, changes: [{ field: 'closesAt' }] });
  });
});

describe('policy and CSRF', () => {
  const paths = (id: string) => [`/admin/siklus/${id}/jadwal`, `/admin/siklus/${id}/tutup`, `/admin/siklus/${id}/buka-kembali`];

  it('checklist 10: operators, evaluators and pimpinan get 403.1 on every lifecycle route (audited); anonymous 401', async () => {
    const s = await openScenario();
    const agents = [await operatorOf(env.app, s.orgA), await evaluatorIn(env.app, 'all'), await pimpinanAgent(env.app)];
    for (const agent of agents) {
      for (const path of paths(s.cycleId)) {
        const get = await agent.get(path).set('Accept', 'application/json');
        expect(get.status).toBe(403);
        expect(get.body.code).toBe(403.1);
        const post = await agent.post(path).set('Accept', 'application/json').set('X-CSRF-Token', agent.csrf).send({ rev: 1, confirm: true, reason: 'x', closesAt: '2099-01-01' });
        expect(post.status).toBe(403);
        expect(post.body.code).toBe(403.1);
      }
    }
    expect(await AuditEntry.countDocuments({ action: 'authz.denied' })).toBeGreaterThanOrEqual(18);
    for (const path of paths(s.cycleId)) {
      const anon = await request(env.app).get(path).set('Accept', 'application/json');
      expect(anon.status).toBe(401);
      expect(anon.body.code).toBe(401.1);
      expect((await request(env.app).get(path).set('Accept', 'text/html')).headers.location).toMatch(/^\/login\?next=/);
    }
    expect((await cycleOf(s.cycleId)).status).toBe('open');
  });

  it('checklist 15: a lifecycle POST without the CSRF token is refused (403.2) and changes nothing', async () => {
    const s = await openScenario();
    const admin = await adminAgent(env.app);
    const rev = String((await cycleOf(s.cycleId)).rev);
    for (const [path, body] of [
      [paths(s.cycleId)[0], { rev, closesAt: '2099-01-01', reason: 'x' }],
      [paths(s.cycleId)[1], { rev, confirm: 'yes' }],
    ] as const) {
      const res = await admin.post(path).type('form').set('Accept', 'application/json').send(body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe(403.2);
    }
    const cycle = await cycleOf(s.cycleId);
    expect(cycle.status).toBe('open');
    expect(String(cycle.rev)).toBe(rev);
    expect(await AuditEntry.countDocuments({ action: { $in: ['cycle.close', 'cycle.reschedule'] } })).toBe(0);
  });

  it('an unknown or malformed cycle id is 404', async () => {
    const admin = await adminAgent(env.app);
    expect((await admin.get('/admin/siklus/0123456789abcdef01234567/tutup').set('Accept', 'application/json')).status).toBe(404);
    expect((await admin.get('/admin/siklus/bukan-id/jadwal').set('Accept', 'application/json')).status).toBe(404);
  });
});
