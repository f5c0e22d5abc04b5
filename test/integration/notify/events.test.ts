/**
 * Issue 16: every event reaches its people by e-mail through a real SMTP server on loopback, and
 * in their inbox. Cycle opened → the operators; extension granted → the operators; submitted and
 * resubmitted → the evaluators of the area (not the others); returned with the flagged items and
 * verified with the score → the operators; the 7-day reminder and the admin's "send now" → the
 * operators of organisations that have not submitted. Each message arrives once, with the
 * Message-ID fixed in the outbox, plain text and HTML, and absolute links back to the page.
 */
import mongoose from 'mongoose';
import { Cycle } from '../../../server/model/cycle';
import { Notice, Outbox, Reminder } from '../../../server/model/notice';
import { Organisation } from '../../../server/model/organisation';
import { ResponseModel } from '../../../server/model/response';
import { runDeadlineReminders } from '../../../server/notify/reminders';
import { createCycle, createOrganisation, publishTestInstrument } from '../fill/fixtures';
import { BASE_URL, outboxByMessageId, personWithEmail, review, submit, useNotifyEnv } from './setup';

const env = useNotifyEnv();
const DAY = 86_400_000;

function day(d: Date): string {
  return new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

describe('notices by e-mail and in the inbox, one per event and person', () => {
  it('tells each event to the right people, exactly once, in Bahasa Indonesia with links back', async () => {
    await publishTestInstrument();
    const orgA = await createOrganisation('LKSA Harapan', '36.02');
    const orgB = await createOrganisation('LKSA Bina Insani', '36.73');
    await Organisation.updateOne({ _id: orgA }, { $set: { 'contact.telepon': '+6281234567890' } });
    const closesAt = new Date(Date.now() + 30 * DAY);
    const cycleId = await createCycle({ name: 'Monev Uji 2026', closesAt });
    const admin = await personWithEmail(env.app, { username: 'admin.n', role: 'admin', email: null });
    const opA = await personWithEmail(env.app, { username: 'op.a', role: 'operator', organisationIds: [orgA], name: 'Bu Sari' });
    await personWithEmail(env.app, { username: 'op.b', role: 'operator', organisationIds: [orgB] });
    const evLebak = await personWithEmail(env.app, { username: 'ev.lebak', role: 'evaluator', kabkota: ['36.02'] });
    await personWithEmail(env.app, { username: 'ev.serang', role: 'evaluator', kabkota: ['36.73'] });
    let expected = 0;
    const arrived = async (n: number) => { expected += n; await env.sink.waitFor(expected); };

    // cycle opened: both operators
    await admin.post(`/admin/siklus/${cycleId}/buka`).type('form').send({ _csrf: admin.csrf }).expect(303);
    await arrived(2);
    const responseA = String((await ResponseModel.findOne({ organisationId: orgA }).lean())!._id);
    const opened = env.sink.received.slice(0, 2).sort((a, b) => a.to[0].localeCompare(b.to[0]));
    expect(opened.map((m) => [m.to[0], m.subject])).toEqual([
      ['op.a@contoh.test', '[Monev] Siklus Monev Uji 2026 dibuka untuk LKSA Harapan'],
      ['op.b@contoh.test', '[Monev] Siklus Monev Uji 2026 dibuka untuk LKSA Bina Insani'],
    ]);
    expect(opened[0].text).toMatch(/^Yth\. Bu Sari,/);
    expect(opened[0].text).toContain(`${BASE_URL}/tanggapan/${responseA}`);
    expect(opened[0].html).toContain(`href="${BASE_URL}/tanggapan/${responseA}"`);
    expect(opened[0].headers['auto-submitted']).toBe('auto-generated');

    // extension granted: operator A only
    const until = day(new Date(closesAt.getTime() + 5 * DAY));
    await admin.post(`/admin/siklus/${cycleId}/tanggapan/${responseA}/perpanjang`).type('form').send({ _csrf: admin.csrf, until, reason: 'Banjir di Lebak' }).expect(303);
    await arrived(1);
    expect(env.sink.received[2]).toMatchObject({ to: ['op.a@contoh.test'], subject: '[Monev] Batas waktu LKSA Harapan diperpanjang' });
    expect(env.sink.received[2].text).toContain('Alasan: Banjir di Lebak');

    // submitted: the Lebak evaluator, not Serang's
    await submit(opA, responseA);
    await arrived(1);
    expect(env.sink.received[3]).toMatchObject({ to: ['ev.lebak@contoh.test'], subject: '[Monev] LKSA Harapan mengirim tanggapan Monev Uji 2026' });
    expect(env.sink.received[3].text).toContain(`${BASE_URL}/tinjauan/${responseA}`);

    // returned with the flagged item: the operator, with the item, its comment and its link
    await review(evLebak, responseA, 'return');
    await arrived(1);
    const returned = env.sink.received[4];
    expect(returned).toMatchObject({ to: ['op.a@contoh.test'], subject: '[Monev] Perlu perbaikan: tanggapan LKSA Harapan (Monev Uji 2026)' });
    expect(returned.text).toContain('- Tanda Daftar LKS masih berlaku: Lampirkan Tanda Daftar yang masih berlaku');
    expect(returned.text).toContain(`${BASE_URL}/tanggapan/${responseA}/bagian/manajemen#f-manajemen-tandaDaftar`);
    expect(returned.html).toContain(`<a href="${BASE_URL}/tanggapan/${responseA}/bagian/manajemen#f-manajemen-tandaDaftar">Tanda Daftar LKS masih berlaku</a>`);

    // resubmitted, then verified with the score
    await submit(opA, responseA, false);
    await arrived(1);
    expect(env.sink.received[5].subject).toBe('[Monev] LKSA Harapan mengirim ulang perbaikan Monev Uji 2026');
    await review(evLebak, responseA, 'verify');
    await arrived(1);
    expect(env.sink.received[6]).toMatchObject({ to: ['op.a@contoh.test'], subject: '[Monev] Tanggapan LKSA Harapan (Monev Uji 2026) telah diverifikasi' });
    expect(env.sink.received[6].text).toContain('Nilai terverifikasi: 83,33 · B Baik');
    expect(env.sink.received[6].text).toContain(`${BASE_URL}/rapor/${responseA}`);

    // the 7-day reminder: organisation B has not submitted; a second run (another instance) sends nothing
    const sixDaysBefore = new Date(closesAt.getTime() - 6 * DAY);
    expect(await runDeadlineReminders(sixDaysBefore)).toEqual({ reminded: 1, alreadySent: 0 });
    expect(await runDeadlineReminders(sixDaysBefore)).toEqual({ reminded: 0, alreadySent: 0 });
    await arrived(1);
    expect(env.sink.received[7]).toMatchObject({ to: ['op.b@contoh.test'], subject: '[Monev] Pengingat: batas pengisian Monev Uji 2026 tinggal 7 hari' });

    // the admin's "send now", posted twice from the same form: once
    const page = await admin.get(`/pengingat/${cycleId}`).expect(200);
    const nonce = /name="nonce" value="([^"]+)"/.exec(page.text)![1];
    for (let i = 0; i < 2; i++) await admin.post(`/admin/siklus/${cycleId}/pengingat`).type('form').send({ _csrf: admin.csrf, nonce }).expect(303);
    await arrived(1);
    expect(env.sink.received[8]).toMatchObject({ to: ['op.b@contoh.test'], subject: '[Monev] Pengingat dari Dinas Sosial: Monev Uji 2026' });
    expect(await Reminder.countDocuments({ cycleId, threshold: 'manual' })).toBe(1);

    // each queued message was delivered exactly once, with its own Message-ID; nothing left
    await new Promise((r) => setTimeout(r, 400));
    expect(env.sink.received).toHaveLength(expected);
    const outbox = await outboxByMessageId();
    expect(outbox.size).toBe(expected);
    expect(new Set(env.sink.received.map((m) => m.messageId)).size).toBe(expected);
    for (const m of env.sink.received) expect(outbox.get(m.messageId)).toMatchObject({ status: 'sent', to: m.to[0], attempts: 1 });

    // every e-mail has its inbox notice; the operator's inbox holds their four
    expect(await Notice.countDocuments()).toBe(expected);
    const inbox = await opA.get('/pemberitahuan').set('Accept', 'application/json').expect(200);
    expect(inbox.body.unread).toBe(4);
    expect(inbox.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['response_verified', 'response_returned', 'extension_granted', 'cycle_opened']);
    expect(await Outbox.countDocuments({ cycleId: new mongoose.Types.ObjectId(cycleId) })).toBe(expected);
    expect((await Cycle.findById(cycleId).lean())!.status).toBe('open');
  }, 90_000);

  it('sends each deadline reminder once when two schedulers (two instances) run at the same moment', async () => {
    await publishTestInstrument();
    const orgs = await Promise.all(['LKS Satu', 'LKS Dua', 'LKS Tiga', 'LKS Empat'].map((n) => createOrganisation(n, '36.02')));
    for (const [i, org] of orgs.entries()) await personWithEmail(env.app, { username: `op.r${i}`, role: 'operator', organisationIds: [org] });
    const admin = await personWithEmail(env.app, { username: 'admin.r', role: 'admin', email: null });
    const closesAt = new Date(Date.now() + 20 * DAY);
    const cycleId = await createCycle({ name: 'Monev Pengingat', closesAt });
    await admin.post(`/admin/siklus/${cycleId}/buka`).type('form').send({ _csrf: admin.csrf }).expect(303);
    await env.sink.waitFor(4);

    const oneDayBefore = new Date(closesAt.getTime() - DAY / 2);
    const runs = await Promise.all([runDeadlineReminders(oneDayBefore), runDeadlineReminders(oneDayBefore)]);
    expect(runs[0].reminded + runs[1].reminded).toBe(4);
    expect(await Reminder.countDocuments({ threshold: '1d' })).toBe(4);
    expect(await Reminder.countDocuments({ threshold: '7d' })).toBe(0); // only the nearest threshold
    expect(await Notice.countDocuments({ kind: 'deadline_reminder' })).toBe(4);
    await env.sink.waitFor(8);
    await new Promise((r) => setTimeout(r, 400));
    expect(env.sink.received.filter((m) => m.subject.includes('tinggal 1 hari')).map((m) => m.to[0]).sort())
      .toEqual(['op.r0@contoh.test', 'op.r1@contoh.test', 'op.r2@contoh.test', 'op.r3@contoh.test']);
  }, 60_000);
});
