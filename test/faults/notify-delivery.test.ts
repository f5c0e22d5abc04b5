/**
 * Issue 16, notices through the real server processes and a real SMTP server on loopback:
 * - two app instances on one database, both sending from the same outbox while operators submit
 *   through either: every message is delivered exactly once (atomic claims with a lease);
 * - kill -9 of the app between the event and the delivery (the SMTP server holds one message's
 *   DATA unanswered, so the app dies mid-send with more queued behind it): after a restart on the
 *   same DATA_DIR every acknowledged event's message arrives, each exactly once; the one in flight
 *   is taken over when its lease runs out and carries the same Message-ID.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Outbox } from '../../server/model/notice';
import { ResponseModel } from '../../server/model/response';
import { User } from '../../server/model/user';
import { makeDataDir, startAppServer, waitUntilReady, type AppServer } from '../e2e/app-server';
import { startTestDb, type TestDb } from '../helpers/db';
import { createUser } from '../helpers/session';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { createCycle, createOrganisation, publishTestInstrument } from '../integration/fill/fixtures';
import { withDataDirDb } from './data-dir-db';
import { SEEDED_OPERATOR, seedOpenCycle } from './seed-cycle';
import { signedInSession, type Session } from './web-client';

/** tandaDaftar 0 needs no evidence file: a submission is one request. */
const ANSWERS = { profil: { namaLembaga: 'LKS Uji', kapasitas: 40 }, manajemen: { tandaDaftar: 0, rapat: 3 } };

function smtpEnv(sink: SmtpSink, timeoutMs: number): NodeJS.ProcessEnv {
  return {
    SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SMTP_TLS: 'none', SMTP_FROM: 'Monev Uji <monev@monev.test>',
    SMTP_TIMEOUT_MS: String(timeoutMs), PUBLIC_BASE_URL: 'https://monev.test',
  };
}

async function submit(baseUrl: string, s: Session, responseId: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/tanggapan/${responseId}/kirim`, {
    method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, accept: 'application/json', 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ submissionId: randomUUID(), rev: 0, answers: ANSWERS }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`submit ${responseId}: ${res.status} ${body.slice(0, 200)}`);
}

function expectEachOnce(sink: SmtpSink, count: number): void {
  const ids = sink.received.map((m) => m.messageId);
  expect(ids).toHaveLength(count);
  expect(new Set(ids).size).toBe(count);
}

describe('notices across processes', () => {
  let sink: SmtpSink;
  const servers: AppServer[] = [];
  beforeAll(async () => { sink = await startSmtpSink(); });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await sink.stop();
  });

  it('two app instances on one database deliver each message exactly once', async () => {
    const ORGS = 10;
    const db: TestDb = await startTestDb();
    try {
      await publishTestInstrument();
      const orgs: string[] = [];
      for (let i = 0; i < ORGS; i++) orgs.push(await createOrganisation(`LKS Uji ${i}`, '36.02'));
      await createUser({ username: 'op', role: 'operator', organisationIds: orgs });
      await createUser({ username: 'ev.lebak', role: 'evaluator', kabkota: ['36.02'] });
      await createUser({ username: 'ev.prov', role: 'evaluator', kabkota: 'all' });
      await createUser({ username: 'admin', role: 'admin' });
      const users = await User.find({}, { username: 1 }).lean();
      for (const u of users) if (u.username !== 'admin') await User.updateOne({ _id: u._id }, { $set: { email: `${u.username}@contoh.test` } });
      const cycleId = await createCycle({ name: 'Monev Dua Instans' });

      sink.delayMs = 20;
      // instances behind one load balancer share the session secret (one session works on both)
      const shared = { ...smtpEnv(sink, 2000), SESSION_SECRET: 'notice-test-shared-secret-'.padEnd(40, 'x') };
      const [a, b] = await Promise.all([0, 1].map(() => startAppServer({ database: { uri: db.uri }, env: shared })));
      servers.push(a, b);
      await Promise.all([waitUntilReady(a.baseUrl), waitUntilReady(b.baseUrl)]);
      const admin = await signedInSession(a.baseUrl, 'admin');
      const open = await fetch(`${a.baseUrl}/admin/siklus/${cycleId}/buka`, {
        method: 'POST', redirect: 'manual', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
        body: new URLSearchParams({ _csrf: admin.csrf }).toString(),
      });
      expect(open.status).toBe(303);
      const responses = await ResponseModel.find({ cycleId }, { organisationId: 1 }).lean();
      // every organisation submits, through one instance or the other, all at once (one session: they share the database)
      const op = await signedInSession(b.baseUrl, 'op');
      await Promise.all(responses.map((r, i) => submit((i % 2 === 0 ? a : b).baseUrl, op, String(r._id))));

      const expected = ORGS + 2 * ORGS; // opened → the operator, per organisation; submitted → both evaluators
      await sink.waitFor(expected, 60_000);
      await new Promise((r) => setTimeout(r, 1500));
      expectEachOnce(sink, expected);
      const rows = await Outbox.find({}, { messageId: 1, status: 1, attempts: 1, claimedBy: 1 }).lean();
      expect(rows).toHaveLength(expected);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
      expect(new Set(sink.received.map((m) => m.messageId))).toEqual(new Set(rows.map((r) => r.messageId)));
      // both instances did send: the claims really raced
      expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(2);
    } catch (err) {
      for (const s of servers) process.stderr.write(`--- ${s.baseUrl}\n${s.stdout().slice(-3000)}\n${s.stderr().slice(-3000)}\n`);
      throw err;
    } finally {
      for (const s of servers.splice(0)) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
      sink.delayMs = 0;
      await db.stop();
    }
  }, 150_000);

  it('kill -9 between the event and the delivery loses no message and sends none twice', async () => {
    const SUBMISSIONS = 6;
    const dataDir = makeDataDir('monev-kill-notify');
    try {
      const { responseIds } = await seedOpenCycle(dataDir, { organisations: SUBMISSIONS, instrument: 'test' });
      await withDataDirDb(dataDir, async () => {
        const id = await createUser({ username: 'ev.kill', role: 'evaluator', kabkota: 'all' });
        await User.updateOne({ _id: id }, { $set: { email: 'ev.kill@contoh.test' } });
      });
      sink.received.length = 0;
      let seen = 0;
      sink.verdict = () => (++seen === 3 ? 'hold' : 'accept');
      const held = sink.held();
      const first = await startAppServer({ database: 'embedded', dataDir, env: smtpEnv(sink, 1000) });
      servers.push(first);
      const op = await signedInSession(first.baseUrl, SEEDED_OPERATOR);
      for (const id of responseIds) await submit(first.baseUrl, op, id); // each acknowledged (200)
      const inFlight = await held; // the third e-mail is mid-send, three more wait behind it
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      servers.splice(servers.indexOf(first), 1);
      expect(sink.received).toHaveLength(2);

      sink.verdict = () => 'accept';
      const restarted = await startAppServer({ database: 'embedded', dataDir, env: smtpEnv(sink, 1000) });
      servers.push(restarted);
      // the held message's lease (5 × 1 s + 10 s) must run out before it is sent again
      await sink.waitFor(SUBMISSIONS, 90_000);
      await new Promise((r) => setTimeout(r, 1500));
      expectEachOnce(sink, SUBMISSIONS);
      expect(sink.received.filter((m) => m.messageId === inFlight.messageId)).toHaveLength(1);
      expect(sink.received.every((m) => m.to[0] === 'ev.kill@contoh.test' && m.subject.includes('mengirim tanggapan'))).toBe(true);

      restarted.child.kill('SIGTERM');
      expect((await restarted.exited).code).toBe(0);
      servers.splice(servers.indexOf(restarted), 1);
      const rows = await withDataDirDb(dataDir, () => Outbox.find({}, { messageId: 1, status: 1, attempts: 1 }).lean());
      expect(rows).toHaveLength(SUBMISSIONS);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      expect(rows.find((r) => r.messageId === inFlight.messageId)!.attempts).toBe(2);
    } finally {
      sink.verdict = () => 'accept';
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
