/**
 * Starts this instance's part of the notices: the settings the writers read, the deadline
 * reminder scheduler (always: reminders reach the inbox even without e-mail), and the outbox
 * worker when SMTP is configured. `stop()` (at shutdown, before the database closes) lets the
 * message being sent be recorded, so a graceful restart sends nothing twice.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import type { Logger } from '../http/logging';
import { startMaintenance, type Job } from '../bootstrap/maintenance';
import { leaseMs, sendDeadlineMs } from '../domain/notify';
import { createMailer } from './mailer';
import { runDeadlineReminders } from './reminders';
import { configureNotify } from './settings';
import { OutboxWorker } from './worker';

export const REMINDER_JOB: Job = {
  name: 'deadline-reminders',
  firstAfterMs: 60_000,
  everyMs: 15 * 60_000,
  run: async () => runDeadlineReminders(),
};

export interface Notifications {
  worker: OutboxWorker | null;
  stop(): Promise<void>;
}

export function instanceName(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function startNotifications(config: Config, logger: Logger, databaseReady: Promise<void> = Promise.resolve()): Notifications {
  configureNotify({ mail: config.mail !== null, baseUrl: config.publicBaseUrl });
  const scheduler = startMaintenance(logger, [REMINDER_JOB]);
  if (!config.mail) {
    logger.info('notices: SMTP not configured; in-app inbox only');
    return { worker: null, async stop() { scheduler.stop(); } };
  }
  const mailer = createMailer(config.mail);
  const worker = new OutboxWorker({
    send: (mail) => mailer.send(mail), abort: () => mailer.abort(), owner: instanceName(), logger: logger.child({ component: 'outbox' }),
    leaseMs: leaseMs(config.mail.timeoutMs), sendDeadlineMs: sendDeadlineMs(config.mail.timeoutMs),
  });
  let stopped = false;
  void databaseReady.then(() => { if (!stopped) worker.start(); });
  logger.info({ host: config.mail.host, port: config.mail.port, tls: config.mail.tls }, 'notices: e-mail through SMTP');
  return {
    worker,
    async stop() {
      stopped = true;
      scheduler.stop();
      await worker.stop();
      mailer.close();
    },
  };
}
