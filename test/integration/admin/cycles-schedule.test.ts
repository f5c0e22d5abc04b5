/**
 * "Ubah jadwal": an admin moves the deadline of an open cycle for everyone (and the opening date
 * while nobody has saved anything), with a reason; past deadlines, deadlines before the opening
 * and stale forms are refused; every change is audited with the dates before and after.
 * Per-response extensions keep working: the later of the two deadlines applies.
 */
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../../../server/model/audit';
import { Cycle } from '../../../server/model/cycle';
import { ResponseModel } from '../../../server/model/response';
import { createCycle, publishTestInstrument } from '../fill/fixtures';
import { adminAgent, openScenario, operatorOf, useFillEnv } from '../fill/setup';

const env = useFillEnv();
const DAY = 24 * 3600 * 1000;
const schedulePath = (id: string) => `/admin/siklus/${id}/jadwal`;

function revOf(html: string): string {
  const m = /name="rev" value="(\d+)"/.exec(html);
  if (!m) throw new Error('no rev field on the page');
  return m[1];
}

async function cycleOf(id: string) {
  return (await Cycle.findById(id).lean())!;
}

describe('changing the schedule of an open cycle', () => {
  it('moves the deadline for everyone with a reason, audited with before and after', async () => {
    const s = await openScenario();
    const before = await cycleOf(s.cycleId);
    const admin = await adminAgent(env.app);
    const detail = await admin.get(`/admin/siklus/${s.cycleId}`).expect(200);
    expect(detail.text).toContain(`href="${schedulePath(s.cycleId)}"`);
    expect(detail.text).toContain('Ubah jadwal');

    const page = await admin.get(schedulePath(s.cycleId)).expect(200);
    expect(page.text).toContain('name="closesAt"');
    expect(page.text).toContain('name="opensAt"'); // nobody has saved yet: the opening may still move
    expect(page.text).toContain('name="reason"');
    const res = await admin.post(schedulePath(s.cycleId)).type('form')
      .send({ _csrf: admin.csrf, rev: revOf(page.text), opensAt: '', closesAt: '2099-12-31', reason: 'Banjir di Lebak' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/admin/siklus/${s.cycleId}`);
    const after = await cycleOf(s.cycleId);
    expect(after.closesAt.toISOString()).toBe('2099-12-31T16:59:59.999Z'); // 23:59:59.999 WIB
    expect(after.opensAt.toISOString()).toBe(before.opensAt.toISOString());
    expect(after.rev).toBe((before.rev ?? 0) + 1);
    expect(after.status).toBe('open');

    const entry = await AuditEntry.findOne({ action: 'cycle.reschedule', targetId: s.cycleId }).lean();
    expect(entry).toMatchObject({ role: 'admin', targetType: 'cycle', targetId: s.cycleId });
    expect(entry!.details).toMatchObject({
      reason: 'Banjir di Lebak', status: 'open',
      before: { opensAt: before.opensAt, closesAt: before.closesAt },
      after: { opensAt: before.opensAt, closesAt: new Date('2099-12-31T16:59:59.999Z') },
      changes: [{ field: 'closesAt', from: before.closesAt, to: new Date('2099-12-31T16:59:59.999Z') }],
    });
    const shown = await admin.get(`/admin/siklus/${s.cycleId}`).expect(200);
    expect(shown.text).toContain('Jadwal siklus diubah');
    expect(shown.text).toContain('31 Desember 2099');
  });

  it('refuses a missing reason, a deadline in the past (pointing to closing) and one before the opening (422, nothing changed)', async () => {
    const s = await openScenario();
    const before = await cycleOf(s.cycleId);
    const admin = await adminAgent(env.app);
    const rev = revOf((await admin.get(schedulePath(s.cycleId))).text);

    const noReason = await admin.post(schedulePath(s.cycleId)).type('form').send({ _csrf: admin.csrf, rev, closesAt: '2099-12-31', reason: '  ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Alasan wajib diisi.');
    expect(noReason.text).toContain('href="#reason"');
    expect(noReason.text).toContain('value="2099-12-31"'); // what was typed stays in the form

    const past = await admin.post(schedulePath(s.cycleId)).type('form').send({ _csrf: admin.csrf, rev, closesAt: '2001-01-31', reason: 'Dipercepat' });
    expect(past.status).toBe(422);
    expect(past.text).toContain('Batas waktu baru harus setelah waktu sekarang');
    expect(past.text).toContain(`href="/admin/siklus/${s.cycleId}/tutup"`);

    const beforeOpening = await admin.post(schedulePath(s.cycleId)).type('form')
      .send({ _csrf: admin.csrf, rev, opensAt: '2099-12-01', closesAt: '2099-11-30', reason: 'Salah ketik' });
    expect(beforeOpening.status).toBe(422);
    expect(beforeOpening.text).toContain('Batas waktu harus setelah tanggal dibuka.');

    const garbage = await admin.post(schedulePath(s.cycleId)).type('form').send({ _csrf: admin.csrf, rev, closesAt: '2099-02-30', reason: 'x' });
    expect(garbage.status).toBe(422);
    expect(garbage.text).toContain('Batas waktu wajib diisi dengan tanggal yang benar.');

    const json = await admin.post(schedulePath(s.cycleId)).set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf)
      .send({ rev: Number(rev), closesAt: '2001-01-31', reason: '' });
    expect(json.status).toBe(422);
    expect(json.body.code).toBe(422.1);
    expect(json.body.details.map((d: { field: string }) => d.field)).toEqual(['closesAt', 'reason']);

    const after = await cycleOf(s.cycleId);
    expect(after.closesAt.toISOString()).toBe(before.closesAt.toISOString());
    expect(after.rev).toBe(before.rev);
    expect(await AuditEntry.countDocuments({ action: 'cycle.reschedule' })).toBe(0);
  });

  it('the opening date moves only until an organisation has saved something', async () => {
    const s = await openScenario({ opensAt: new Date(Date.now() + 5 * DAY), closesAt: new Date(Date.now() + 40 * DAY) });
    const admin = await adminAgent(env.app);
    let page = await admin.get(schedulePath(s.cycleId)).expect(200);
    const moved = await admin.post(schedulePath(s.cycleId)).type('form')
      .send({ _csrf: admin.csrf, rev: revOf(page.text), opensAt: '2026-01-05', closesAt: '2099-06-30', reason: 'Dibuka lebih awal' });
    expect(moved.status).toBe(303);
    expect((await cycleOf(s.cycleId)).opensAt.toISOString()).toBe('2026-01-04T17:00:00.000Z'); // 00:00 WIB

    const op = await operatorOf(env.app, s.orgA);
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'LKSA Harapan' } } }).expect(200);

    page = await admin.get(schedulePath(s.cycleId)).expect(200);
    expect(page.text).not.toContain('name="opensAt"');
    expect(page.text).toContain('Tanggal dibuka tidak dapat diubah lagi');
    const locked = await admin.post(schedulePath(s.cycleId)).type('form')
      .send({ _csrf: admin.csrf, rev: revOf(page.text), opensAt: '2026-02-01', closesAt: '2099-07-31', reason: 'Coba ubah' });
    expect(locked.status).toBe(422);
    expect(locked.text).toContain('Tanggal dibuka tidak dapat diubah karena sudah ada lembaga');
    expect((await cycleOf(s.cycleId)).opensAt.toISOString()).toBe('2026-01-04T17:00:00.000Z');
    // the deadline alone still moves
    await admin.post(schedulePath(s.cycleId)).type('form')
      .send({ _csrf: admin.csrf, rev: revOf(page.text), closesAt: '2099-07-31', reason: 'Tambahan waktu' }).expect(303);
    expect((await cycleOf(s.cycleId)).closesAt.toISOString()).toBe('2099-07-31T16:59:59.999Z');
  });

  it('a draft cycle can be rescheduled too, both dates', async () => {
    await publishTestInstrument();
    const id = await createCycle({ status: 'draft' });
    const admin = await adminAgent(env.app);
    const page = await admin.get(schedulePath(id)).expect(200);
    await admin.post(schedulePath(id)).type('form')
      .send({ _csrf: admin.csrf, rev: revOf(page.text), opensAt: '2099-01-01', closesAt: '2099-03-31', reason: 'Jadwal baru' }).expect(303);
    expect(await cycleOf(id)).toMatchObject({ status: 'draft', rev: 1 });
  });

  it('a stale form (another admin changed the cycle first) is refused with 409.3 and nothing is overwritten', async () => {
    const s = await openScenario();
    const first = await adminAgent(env.app);
    const second = await adminAgent(env.app);
    const rev1 = revOf((await first.get(schedulePath(s.cycleId))).text);
    const rev2 = revOf((await second.get(schedulePath(s.cycleId))).text);
    await first.post(schedulePath(s.cycleId)).type('form').send({ _csrf: first.csrf, rev: rev1, closesAt: '2099-10-31', reason: 'Pertama' }).expect(303);
    const stale = await second.post(schedulePath(s.cycleId)).type('form').send({ _csrf: second.csrf, rev: rev2, closesAt: '2099-12-31', reason: 'Kedua' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Muat ulang');
    const staleJson = await second.post(schedulePath(s.cycleId)).set('Accept', 'application/json').set('X-CSRF-Token', second.csrf)
      .send({ rev: Number(rev2), closesAt: '2099-12-31', reason: 'Kedua' });
    expect(staleJson.status).toBe(409);
    expect(staleJson.body.code).toBe(409.3);
    const noRev = await second.post(schedulePath(s.cycleId)).set('Accept', 'application/json').set('X-CSRF-Token', second.csrf)
      .send({ closesAt: '2099-12-31', reason: 'Kedua' });
    expect(noRev.status).toBe(400);
    expect((await cycleOf(s.cycleId)).closesAt.toISOString()).toBe('2099-10-31T16:59:59.999Z');
    expect(await AuditEntry.countDocuments({ action: 'cycle.reschedule' })).toBe(1);
  });

  it('a cycle stored before the version counter existed is still guarded (missing rev counts as 0)', async () => {
    const s = await openScenario();
    await Cycle.collection.updateOne({ _id: (await cycleOf(s.cycleId))._id }, { $unset: { rev: '' } });
    const admin = await adminAgent(env.app);
    const page = await admin.get(schedulePath(s.cycleId)).expect(200);
    expect(revOf(page.text)).toBe('0');
    await admin.post(schedulePath(s.cycleId)).type('form').send({ _csrf: admin.csrf, rev: '0', closesAt: '2099-10-31', reason: 'Lama' }).expect(303);
    expect((await cycleOf(s.cycleId)).rev).toBe(1);
  });

  it('an extension later than the new deadline still applies to its response; an earlier one gives way to the deadline', async () => {
    const s = await openScenario({ opensAt: new Date(Date.now() - 10 * DAY), closesAt: new Date(Date.now() - DAY) });
    const admin = await adminAgent(env.app);
    await admin.post(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`).type('form')
      .send({ _csrf: admin.csrf, until: '2099-01-31T17:00', reason: 'Listrik padam' }).expect(303);
    const page = await admin.get(schedulePath(s.cycleId)).expect(200);
    await admin.post(schedulePath(s.cycleId)).type('form').send({ _csrf: admin.csrf, rev: revOf(page.text), closesAt: '2098-12-31', reason: 'Diperpanjang untuk semua' }).expect(303);
    const opA = await operatorOf(env.app, s.orgA);
    const opB = await operatorOf(env.app, s.orgB);
    const tasksA = await opA.get('/tugas').expect(200);
    expect(tasksA.text).toContain('31 Januari 2099'); // its own extension, later than the cycle
    const tasksB = await opB.get('/tugas').expect(200);
    expect(tasksB.text).toContain('31 Desember 2098'); // the new cycle deadline, the window open again
    await opB.put(`/api/tanggapan/${s.responseB}`).set('X-CSRF-Token', opB.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'Tepat waktu' } } }).expect(200);
    await opB.post(`/api/tanggapan/${s.responseB}/kirim`).set('X-CSRF-Token', opB.csrf)
      .send({ submissionId: randomUUID(), rev: 1, answers: { profil: { namaLembaga: 'B' } } }).expect(422);
    expect((await ResponseModel.findById(s.responseB).lean())!.answers).toEqual({ profil: { namaLembaga: 'Tepat waktu' } });
  });
});
