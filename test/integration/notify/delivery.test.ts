/**
 * Issue 16, delivery through a real SMTP server on loopback: during an SMTP outage notices are
 * queued (the inbox has them at once) and go out once the server is back, each exactly once;
 * a message the server refuses for good (5xx) fails at once and the admin sees it on the cycle's
 * message page and can send it again (CSRF, 'cycle.manage', audited); a temporary refusal (4xx)
 * is retried after a backoff.
 */
import { AuditEntry } from '../../../server/model/audit';
import { Notice, Outbox } from '../../../server/model/notice';
import { createCycle, createOrganisation, publishTestInstrument } from '../fill/fixtures';
import { outboxByMessageId, personWithEmail, useNotifyEnv, workerFor } from './setup';
import type { Agent } from '../../helpers/session';

const env = useNotifyEnv();

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Two organisations with an operator each (with e-mail) and a draft cycle; the admin's agent. */
async function world(): Promise<{ admin: Agent; cycleId: string }> {
  await publishTestInstrument();
  const orgA = await createOrganisation('LKSA Harapan', '36.02');
  const orgB = await createOrganisation('LKSA Bina Insani', '36.73');
  await personWithEmail(env.app, { username: 'op.a', role: 'operator', organisationIds: [orgA] });
  await personWithEmail(env.app, { username: 'op.b', role: 'operator', organisationIds: [orgB] });
  const admin = await personWithEmail(env.app, { username: 'admin.d', role: 'admin', email: null });
  return { admin, cycleId: await createCycle({ name: 'Monev Uji 2026' }) };
}

const openCycle = (admin: Agent, cycleId: string) => admin.post(`/admin/siklus/${cycleId}/buka`).type('form').send({ _csrf: admin.csrf }).expect(303);

describe('outbox delivery', () => {
  it('queues during an SMTP outage and delivers each message once when the server is back', async () => {
    const { admin, cycleId } = await world();
    await env.sink.stop();
    await openCycle(admin, cycleId);
    // the inbox has them at once; the e-mails wait, the failed try noted but not counted against them
    expect(await Notice.countDocuments()).toBe(2);
    const waiting = await until('a failed try', async () => (await Outbox.find({ lastError: { $ne: null } }).lean()).length > 0 && Outbox.find({}).lean());
    expect(waiting.every((m) => m.status === 'pending' || m.status === 'sending')).toBe(true);
    expect(waiting.find((m) => m.lastError)!.lastError).toMatch(/ECONNECTION|ECONNREFUSED|ESOCKET/);
    expect(env.sink.received).toHaveLength(0);

    await env.sink.start();
    await env.sink.waitFor(2);
    await new Promise((r) => setTimeout(r, 600)); // several polls later: still two
    expect(env.sink.received.map((m) => m.to[0]).sort()).toEqual(['op.a@contoh.test', 'op.b@contoh.test']);
    const outbox = await outboxByMessageId();
    for (const m of env.sink.received) expect(outbox.get(m.messageId)).toMatchObject({ status: 'sent', attempts: 1 });
  }, 40_000);

  it('fails a refused message at once, retries a deferred one, and lets the admin send a failed one again', async () => {
    const { admin, cycleId } = await world();
    const deferred = new Set<string>();
    env.sink.verdict = (m) => {
      if (m.to[0] === 'op.b@contoh.test') return { code: 550, message: 'Mailbox unavailable' };
      if (!deferred.has(m.messageId)) { deferred.add(m.messageId); return { code: 451, message: 'Try again later' }; }
      return 'accept';
    };
    await openCycle(admin, cycleId);
    await env.sink.waitFor(1);
    expect(env.sink.received[0].to).toEqual(['op.a@contoh.test']);
    const failed = await until('the refused message to fail', () => Outbox.findOne({ to: 'op.b@contoh.test', status: 'failed' }).lean());
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain('550');
    expect(await Outbox.findOne({ to: 'op.a@contoh.test' }).lean()).toMatchObject({ status: 'sent', attempts: 2 });

    const page = await admin.get(`/admin/siklus/${cycleId}/pesan?status=failed`).expect(200);
    expect(page.text).toContain('data-outbox-status="failed"');
    expect(page.text).toContain('op.b@contoh.test');
    expect(page.text).not.toContain('op.a@contoh.test');
    expect(page.text).toContain('Terkirim 1 · menunggu 0 · gagal 1');
    const action = `/admin/siklus/${cycleId}/pesan/${String(failed._id)}/ulang`;
    expect(page.text).toContain(`action="${action}"><input type="hidden" name="_csrf" value="${admin.csrf}">`);
    await admin.post(action).type('form').send({}).expect(403); // no CSRF token
    env.sink.verdict = () => 'accept';
    await admin.post(action).type('form').send({ _csrf: admin.csrf }).expect(303);
    await env.sink.waitFor(2);
    expect(env.sink.received[1].to).toEqual(['op.b@contoh.test']);
    expect(env.sink.received[1].messageId).toBe(failed.messageId);
    expect(await AuditEntry.countDocuments({ action: 'notice.retry', targetId: cycleId })).toBe(1);
    // a message that has not failed cannot be "sent again"
    await admin.post(action).type('form').send({ _csrf: admin.csrf }).expect(303);
    expect(await AuditEntry.countDocuments({ action: 'notice.retry' })).toBe(1);
  }, 40_000);

  it('abandons a send the server never answers at its deadline, and sends the message later, once', async () => {
    const { admin, cycleId } = await world();
    await env.worker.stop(); // this test's own worker, with a short deadline
    const { worker, mailer } = workerFor(env.sink, 'quick', { sendDeadlineMs: 400, leaseMs: 5000, backoff: () => 100 });
    let holds = 1;
    env.sink.verdict = () => (holds-- > 0 ? 'hold' : 'accept');
    const held = env.sink.held();
    worker.start();
    try {
      await openCycle(admin, cycleId);
      const first = await held;
      await env.sink.waitFor(2);
      await new Promise((r) => setTimeout(r, 500));
      expect(env.sink.received.map((m) => m.to[0]).sort()).toEqual(['op.a@contoh.test', 'op.b@contoh.test']);
      const again = env.sink.received.find((m) => m.messageId === first.messageId)!;
      expect(again.to).toEqual(first.to);
      expect(await Outbox.findOne({ messageId: first.messageId }).lean()).toMatchObject({ status: 'sent', lastError: null });
    } finally {
      await worker.stop();
      mailer.close();
      env.worker.start();
    }
  }, 40_000);
});
