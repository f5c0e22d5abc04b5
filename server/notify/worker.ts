/**
 * The outbox worker every app instance runs when SMTP is configured. It claims one due message
 * at a time with a lease (model/query/outbox.ts), sends it with its fixed Message-ID, then marks
 * it sent, fenced by the lease token. Failures wait with exponential backoff; a refused message
 * (5xx) fails at once; when the SMTP server itself is down (connection refused, timeout, wrong
 * password) the worker pauses as a whole and the message keeps its attempt budget.
 *
 * Delivery is at-least-once, with duplicates made unlikely and recognisable:
 * - a message is claimed by one instance at a time (atomic claim); a send still running at its
 *   deadline is abandoned (connection closed) well before the lease ends, so no second instance
 *   takes over a message that is still being sent;
 * - after a crash its lease runs out and another instance (or this one restarted) sends it;
 * - the one window left: the SMTP server accepted the message (250) and the process died before
 *   the "sent" write (one database round trip). Then the message goes out a second time, with the
 *   same Message-ID, which mail clients and mailbox providers use to collapse the copies.
 * It wakes when this instance queued mail (settings.ts), when the next message falls due, and at
 * least every `pollMs` (for mail queued by other instances).
 */
import type { Logger } from '../http/logging';
import { afterFailure, backoffMs, failureText, isServerDown, MAX_ATTEMPTS, type SmtpFailure } from '../domain/notify';
import { claimNext, markAttemptFailed, markSent, nextDueAt, type ClaimedMessage } from '../model/query/outbox';
import { onQueued } from './settings';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface WorkerOptions {
  /** sends one message; resolves with the server's reply, rejects with nodemailer's error */
  send(mail: OutgoingMail): Promise<{ response?: string }>;
  /** this instance, for the admin page and logs */
  owner: string;
  leaseMs: number;
  /** a send still running after this is abandoned: `abort` closes its connection (must be < leaseMs) */
  sendDeadlineMs: number;
  abort?: () => void;
  pollMs?: number;
  backoff?: (failedAttempts: number) => number;
  maxAttempts?: number;
  logger: Logger;
}

export class OutboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private pausedUntil = 0;
  private downCount = 0;
  private unsubscribe: (() => void) | null = null;
  private readonly pollMs: number;
  private readonly backoff: (n: number) => number;

  constructor(private readonly options: WorkerOptions) {
    this.pollMs = options.pollMs ?? 5000;
    this.backoff = options.backoff ?? ((n) => backoffMs(n));
  }

  start(): this {
    this.stopped = false;
    this.unsubscribe = onQueued(() => this.nudge());
    this.schedule(0);
    return this;
  }

  /** Look now (mail was queued). While paused for an SMTP outage, waits for the pause to end. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(Math.max(0, this.pausedUntil - Date.now()));
  }

  /** Stop claiming; wait (at most `graceMs`) for the message being sent to be recorded. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.running) await Promise.race([this.running, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.again = false;
    this.running = this.drain().then(() => undefined, (err) => {
      this.options.logger.warn({ err: (err as Error).message }, 'outbox worker: database unavailable; retrying');
    });
    await this.running;
    this.running = null;
    if (this.stopped) return;
    if (this.again) return this.schedule(Math.max(0, this.pausedUntil - Date.now()));
    const due = await nextDueAt().catch(() => null);
    const wait = due ? Math.min(this.pollMs, Math.max(0, due.getTime() - Date.now())) : this.pollMs;
    this.schedule(Math.max(wait, this.pausedUntil - Date.now(), 0));
  }

  /** Sends due messages until none is left (or the SMTP server is down). Returns how many were tried. */
  async drain(): Promise<number> {
    let tried = 0;
    while (!this.stopped && Date.now() >= this.pausedUntil) {
      const message = await claimNext(this.options.owner, this.options.leaseMs);
      if (!message) break;
      tried += 1;
      await this.deliver(message);
    }
    return tried;
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    const { logger } = this.options;
    let reply: { response?: string };
    try {
      reply = await this.withinDeadline(this.options.send({ to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId }));
    } catch (err) {
      return this.failed(message, err as SmtpFailure & { message?: string });
    }
    this.downCount = 0;
    if (!(await this.recordSent(message, String(reply.response ?? '')))) {
      logger.warn({ id: String(message._id) }, 'outbox: lease lost while sending; another instance may have sent it too (same Message-ID)');
    }
  }

  /**
   * The "sent" write, tried again for a while if the database hiccups: until it lands, a crash
   * or the lease running out would send the message a second time.
   */
  private async recordSent(message: ClaimedMessage, response: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await markSent(message, response);
      } catch (err) {
        if (attempt >= 5) throw err;
        this.options.logger.warn({ id: String(message._id), err: (err as Error).message }, 'outbox: recording a sent message failed; trying again');
        await new Promise((r) => setTimeout(r, 1000).unref());
      }
    }
  }

  /** The send, or a timeout failure (and the connection closed) once the deadline passes. */
  private withinDeadline<T>(send: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.options.abort?.();
        reject(Object.assign(new Error(`send not finished after ${this.options.sendDeadlineMs} ms`), { code: 'ETIMEDOUT' }));
      }, this.options.sendDeadlineMs);
      timer.unref();
    });
    return Promise.race([send, deadline]).finally(() => clearTimeout(timer));
  }

  private async failed(message: ClaimedMessage, err: SmtpFailure & { message?: string }): Promise<void> {
    const now = new Date();
    const error = failureText(err);
    if (isServerDown(err)) {
      // The server, not the message: pause everything, keep this message's attempt budget.
      this.downCount += 1;
      this.pausedUntil = now.getTime() + this.backoff(this.downCount);
      this.options.logger.warn({ error, retryInMs: this.pausedUntil - now.getTime() }, 'outbox: SMTP server unavailable; pausing');
      await markAttemptFailed(message, { status: 'pending', nextAttemptAt: new Date(this.pausedUntil), error, countAttempt: false });
      return;
    }
    const outcome = afterFailure(err, message.attempts, now, this.backoff, this.options.maxAttempts ?? MAX_ATTEMPTS);
    this.options.logger.warn({ id: String(message._id), error, status: outcome.status }, 'outbox: message not accepted');
    await markAttemptFailed(message, { ...outcome, error, countAttempt: true });
  }
}
