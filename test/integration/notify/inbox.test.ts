/**
 * Issue 16, the in-app inbox and preferences: the header shows the unread count on every page,
 * "Buka" marks a notice read and leads to its page, another user's notice is a 404 (audited),
 * "mark all read"; preferences choose the kinds (a muted kind makes no notice at all) and e-mail
 * on/off (off: the inbox only), and each role is offered only the kinds it receives.
 */
import mongoose from 'mongoose';
import { AuditEntry } from '../../../server/model/audit';
import { Notice, Outbox } from '../../../server/model/notice';
import { ResponseModel } from '../../../server/model/response';
import { User } from '../../../server/model/user';
import { createCycle, createOrganisation, publishTestInstrument } from '../fill/fixtures';
import { personWithEmail, useNotifyEnv } from './setup';

const env = useNotifyEnv();

describe('inbox', () => {
  it('counts unread notices in the header, opens one (read, to its page), refuses another user\'s, marks all read', async () => {
    await publishTestInstrument();
    const orgA = await createOrganisation('LKSA Harapan', '36.02');
    const orgB = await createOrganisation('LKSA Bina Insani', '36.02');
    const op = await personWithEmail(env.app, { username: 'op.a', role: 'operator', organisationIds: [orgA] });
    const other = await personWithEmail(env.app, { username: 'op.b', role: 'operator', organisationIds: [orgB] });
    const admin = await personWithEmail(env.app, { username: 'admin.i', role: 'admin', email: null });
    for (const name of ['Monev Uji 2026', 'Monev Uji Susulan']) {
      const cycleId = await createCycle({ name });
      await admin.post(`/admin/siklus/${cycleId}/buka`).type('form').send({ _csrf: admin.csrf }).expect(303);
    }
    const tasks = await op.get('/tugas').expect(200);
    expect(tasks.text).toMatch(/href="\/pemberitahuan">Pemberitahuan <span class="nav-badge" data-unread-badge>2 baru<\/span><\/a>/);
    const inbox = await op.get('/pemberitahuan').expect(200);
    expect(inbox.text).toContain('2 belum dibaca dari 2');
    expect(inbox.text).toContain('Siklus Monev Uji Susulan dibuka untuk LKSA Harapan');
    const ids = [...inbox.text.matchAll(/data-notice-id="([0-9a-f]{24})"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    // every form carries the session's CSRF token (sign out, mark all, and open + mark read per notice)
    expect(inbox.text.split(`name="_csrf" value="${op.csrf}"`).length - 1).toBe(6);

    const opened = await op.post(`/pemberitahuan/${ids[0]}/buka`).type('form').send({ _csrf: op.csrf }).expect(303);
    const notice = await Notice.findById(ids[0]).lean();
    expect(opened.headers.location).toBe(notice!.href);
    expect(await ResponseModel.exists({ _id: notice!.href.split('/')[2], organisationId: orgA })).toBeTruthy();
    expect(notice!.readAt).toBeInstanceOf(Date);
    expect((await op.get('/tugas').expect(200)).text).toContain('data-unread-badge>1 baru<');

    const denied = await AuditEntry.countDocuments({ action: 'authz.denied' });
    await other.post(`/pemberitahuan/${ids[1]}/buka`).type('form').send({ _csrf: other.csrf }).expect(404);
    await other.post(`/pemberitahuan/${ids[1]}/baca`).type('form').send({ _csrf: other.csrf }).expect(404);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied' })).toBe(denied + 2);
    expect((await Notice.findById(ids[1]).lean())!.readAt).toBeNull();
    await op.post(`/pemberitahuan/${ids[1]}/buka`).type('form').send({}).expect(403); // CSRF

    await op.post('/pemberitahuan/baca-semua').type('form').send({ _csrf: op.csrf }).expect(303);
    expect(await Notice.countDocuments({ userId: new mongoose.Types.ObjectId(String((await User.findOne({ username: 'op.a' }).lean())!._id)), readAt: null })).toBe(0);
    expect((await op.get('/tugas').expect(200)).text).not.toContain('data-unread-badge');
    expect((await other.get('/pemberitahuan').set('Accept', 'application/json').expect(200)).body.unread).toBe(2);
  }, 40_000);
});

describe('preferences', () => {
  it('mutes a kind, turns e-mail off, changes the address (audited), and offers each role its own kinds', async () => {
    await publishTestInstrument();
    const orgA = await createOrganisation('LKSA Harapan', '36.02');
    const op = await personWithEmail(env.app, { username: 'op.p', role: 'operator', organisationIds: [orgA] });
    const admin = await personWithEmail(env.app, { username: 'admin.p', role: 'admin', email: null });
    const form = await op.get('/akun/pemberitahuan').expect(200);
    for (const kind of ['cycle_opened', 'deadline_reminder', 'response_returned', 'response_verified', 'extension_granted']) {
      expect(form.text).toContain(`name="kind.${kind}" value="on" checked`);
    }
    expect(form.text).not.toContain('kind.response_submitted');
    expect(form.text).toContain('value="op.p@contoh.test"');

    await op.post('/akun/pemberitahuan').type('form').send({ _csrf: op.csrf, address: 'bukan alamat', 'kind.cycle_opened': 'on' }).expect(422);
    await op.post('/akun/pemberitahuan').type('form')
      .send({ _csrf: op.csrf, address: 'Sari@LKS.example.id', 'kind.extension_granted': 'on', 'kind.response_returned': 'on' }).expect(303);
    const user = await User.findOne({ username: 'op.p' }).lean();
    expect(user).toMatchObject({ email: 'sari@lks.example.id', notify: { email: false, muted: ['cycle_opened', 'deadline_reminder', 'response_verified'] } });
    expect(await AuditEntry.countDocuments({ action: 'account.notify_settings', targetId: String(user!._id) })).toBe(1);

    // muted: no notice at all; e-mail off: the inbox only
    const cycleId = await createCycle({ name: 'Monev Uji 2026' });
    await admin.post(`/admin/siklus/${cycleId}/buka`).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect(await Notice.countDocuments()).toBe(0);
    const responseId = String((await ResponseModel.findOne({ organisationId: orgA }).lean())!._id);
    await admin.post(`/admin/siklus/${cycleId}/tanggapan/${responseId}/perpanjang`).type('form')
      .send({ _csrf: admin.csrf, until: '2099-01-31', reason: 'Listrik padam' }).expect(303);
    expect(await Notice.countDocuments({ kind: 'extension_granted' })).toBe(1);
    expect(await Outbox.countDocuments()).toBe(0);

    const evaluator = await personWithEmail(env.app, { username: 'ev.p', role: 'evaluator', kabkota: ['36.02'] });
    const evForm = await evaluator.get('/akun/pemberitahuan').expect(200);
    expect(evForm.text).toContain('name="kind.response_submitted"');
    expect(evForm.text).not.toContain('kind.cycle_opened');
    const pimpinan = await personWithEmail(env.app, { username: 'pim.p', role: 'pimpinan', kabkota: 'all' });
    expect((await pimpinan.get('/akun/pemberitahuan').expect(200)).text).toContain('Peran Anda tidak menerima pemberitahuan otomatis.');
  }, 40_000);
});
