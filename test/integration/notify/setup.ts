/**
 * The notice tests' world: the app and an in-memory database (useTestApp), a real SMTP server on
 * loopback (smtp-sink.ts), e-mail switched on with a public address, and this "instance's" outbox
 * worker sending through nodemailer exactly as in production, only with short waits.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { createLogger } from '../../../server/http/logging';
import { Outbox } from '../../../server/model/notice';
import { clearInstrumentCache } from '../../../server/model/query/instruments';
import { User } from '../../../server/model/user';
import { ResponseModel } from '../../../server/model/response';
import { createMailer, type Mailer } from '../../../server/notify/mailer';
import { configureNotify } from '../../../server/notify/settings';
import { OutboxWorker, type WorkerOptions } from '../../../server/notify/worker';
import { testApp } from '../../helpers/app';
import { clearDb, startTestDb } from '../../helpers/db';
import type { TestEnv } from '../../helpers/env';
import { createUser, loginAs, type Agent, type UserSpec } from '../../helpers/session';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink';
import { PDF_BYTES } from '../fill/fixtures';

export const BASE_URL = 'https://monev.test';

export interface NotifyEnv extends TestEnv {
  sink: SmtpSink;
  worker: OutboxWorker;
  mailer: Mailer;
}

export function workerFor(sink: SmtpSink, owner: string, overrides: Partial<WorkerOptions> = {}): { worker: OutboxWorker; mailer: Mailer } {
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, tls: 'none', user: null, password: null, from: 'Monev Uji <monev@monev.test>', timeoutMs: 2000 });
  const worker = new OutboxWorker({
    send: (m) => mailer.send(m), abort: () => mailer.abort(), owner, leaseMs: 10_000, sendDeadlineMs: 8000, pollMs: 100, backoff: (n) => 150 * n,
    logger: createLogger('silent'), ...overrides,
  });
  return { worker, mailer };
}

export function useNotifyEnv(): NotifyEnv {
  const env = {} as NotifyEnv;
  beforeAll(async () => {
    env.db = await startTestDb();
    env.app = testApp();
    env.sink = await startSmtpSink();
    configureNotify({ mail: true, baseUrl: BASE_URL });
    Object.assign(env, workerFor(env.sink, 'test-instance'));
    env.worker.start();
  });
  // one hook, in order: the worker stops before the database it reads
  afterAll(async () => {
    await env.worker.stop();
    env.mailer.close();
    await env.sink.stop();
    configureNotify({ mail: false, baseUrl: null });
    await env.db.stop();
  });
  beforeEach(async () => {
    await clearDb();
    clearInstrumentCache();
    env.sink.received.length = 0;
    env.sink.verdict = () => 'accept';
  });
  return env;
}

/** A user with an e-mail address, signed in. */
export async function personWithEmail(app: Express, spec: UserSpec & { email?: string | null }): Promise<Agent> {
  const id = await createUser(spec);
  if (spec.email !== null) await User.updateOne({ _id: id }, { $set: { email: spec.email ?? `${spec.username}@contoh.test` } });
  return loginAs(app, spec.username);
}

export async function rev(id: string): Promise<number> {
  return (await ResponseModel.findById(id).lean())!.rev;
}

export const ANSWERS = { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 }, manajemen: { tandaDaftar: 4, rapat: 3 } };

/** The operator's JSON path: save, attach the Tanda Daftar PDF, submit (or resubmit). */
export async function submit(op: Agent, responseId: string, withFile = true): Promise<void> {
  await op.put(`/api/tanggapan/${responseId}`).set('X-CSRF-Token', op.csrf).send({ rev: await rev(responseId), answers: ANSWERS }).expect(200);
  if (withFile) {
    await op.post(`/api/tanggapan/${responseId}/bukti`).set('X-CSRF-Token', op.csrf).field('path', 'manajemen.tandaDaftar')
      .attach('file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' }).expect(201);
  }
  await op.post(`/api/tanggapan/${responseId}/kirim`).set('X-CSRF-Token', op.csrf).send({ submissionId: randomUUID(), rev: await rev(responseId), answers: ANSWERS }).expect(200);
}

/** The evaluator's page actions: start the review, then return (with a flagged item) or verify. */
export async function review(ev: Agent, responseId: string, action: 'return' | 'verify'): Promise<void> {
  await ev.post(`/tinjauan/${responseId}`).type('form').send({ _csrf: ev.csrf, rev: await rev(responseId), _action: 'start-review' }).expect(303);
  const fields = action === 'return'
    ? { 'comment.manajemen.tandaDaftar': 'Lampirkan Tanda Daftar yang masih berlaku', 'needsFix.manajemen.tandaDaftar': 'on' }
    : { 'manajemen.kunjungan': '3' };
  await ev.post(`/tinjauan/${responseId}`).type('form').send({ _csrf: ev.csrf, rev: await rev(responseId), _action: action, ...fields }).expect(303);
}

/** Every outbox message of the test, by Message-ID. */
export async function outboxByMessageId(): Promise<Map<string, { status: string; to: string; attempts: number; kind: string }>> {
  const rows = await Outbox.find({}, { messageId: 1, status: 1, to: 1, attempts: 1, kind: 1 }).lean();
  return new Map(rows.map((r) => [r.messageId, { status: r.status, to: r.to, attempts: r.attempts, kind: r.kind }]));
}
