/**
 * How the outbox is worked off: a message is claimed with a lease, sent over SMTP with its own
 * fixed Message-ID, and then marked sent; on failure it waits (exponential backoff with jitter)
 * and is tried again, up to MAX_ATTEMPTS, or fails at once when the server refused it for good.
 * Pure: the worker (server/notify/worker.ts) applies these rules.
 */

export const MAX_ATTEMPTS = 10;
const BASE_MS = 30_000;
const CAP_MS = 60 * 60_000;

/** Wait before attempt n+1 after n failed ones: 30 s, 1 min, 2 min, … capped at 1 h, ±10 %. */
export function backoffMs(failedAttempts: number, random: () => number = Math.random, base = BASE_MS, cap = CAP_MS): number {
  const raw = Math.min(cap, base * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(raw * (0.9 + 0.2 * random()));
}

/**
 * A send that has not finished after 4 × the SMTP timeout is abandoned (its connection closed),
 * whatever the server does: a slow server cannot keep a message out past its lease.
 */
export function sendDeadlineMs(smtpTimeoutMs: number): number {
  return 4 * smtpTimeoutMs;
}

/**
 * How long a claimed message is leased: the send deadline plus room for recording the result and
 * for the clocks of two instances to differ. Only after that may another instance take it over.
 */
export function leaseMs(smtpTimeoutMs: number): number {
  return sendDeadlineMs(smtpTimeoutMs) + smtpTimeoutMs + 10_000;
}

export type FailureKind = 'transient' | 'permanent';

export interface SmtpFailure {
  /** the SMTP reply code, when the server answered */
  readonly responseCode?: number;
  /** nodemailer's error code (ECONNECTION, ETIMEDOUT, EAUTH, EENVELOPE, …) */
  readonly code?: string;
}

/** Connection-level failures: the server (not this message) is the problem, so the worker pauses. */
export function isServerDown(err: SmtpFailure): boolean {
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH' || err.responseCode === 421) return true;
  return err.responseCode === undefined && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL'].includes(err.code ?? '');
}

/**
 * 5xx replies to this message (unknown mailbox, refused content) never succeed on a retry;
 * 4xx replies and connection problems (SMTP outage, timeouts, a wrong password being fixed) may.
 */
export function classifyFailure(err: SmtpFailure): FailureKind {
  if (typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600 && err.code !== 'EAUTH') return 'permanent';
  return 'transient';
}

export interface AttemptOutcome {
  readonly status: 'pending' | 'failed';
  readonly nextAttemptAt: Date | null;
}

/** After a failed attempt (the `attempts` count includes it). */
export function afterFailure(err: SmtpFailure, attempts: number, now: Date, backoff: (n: number) => number = backoffMs, maxAttempts = MAX_ATTEMPTS): AttemptOutcome {
  if (classifyFailure(err) === 'permanent' || attempts >= maxAttempts) return { status: 'failed', nextAttemptAt: null };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + backoff(attempts)) };
}

/** A Message-ID fixed when the message is queued: every attempt (and any duplicate) carries the same one. */
export function messageIdFor(outboxId: string, baseUrl: string | null): string {
  let host = 'monev.localhost';
  try {
    if (baseUrl) host = new URL(baseUrl).hostname || host;
  } catch { /* keep the default */ }
  return `<${outboxId}.notice@${host}>`;
}

/** A short single-line reason for the admin page (no stack, no credentials). */
export function failureText(err: { message?: string; responseCode?: number; code?: string }): string {
  const msg = String(err.message ?? 'error').replace(/\s+/g, ' ').slice(0, 300);
  return [err.code, err.responseCode, msg].filter((x) => x !== undefined && x !== '').join(' ');
}
