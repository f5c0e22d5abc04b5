/**
 * Audit entries (checklist 37): who did what to which record, when (UTC), from where.
 * Every user-controlled string is made single-line before it reaches an entry, so a username or
 * an answer containing CR/LF (or Unicode line separators, or bidi overrides) cannot forge a
 * second log line in any text rendering of the log. Pure: the caller stores or logs the entry.
 */
import type { AccessUser, Role } from '../access/roles';
import { diffAnswers, type AnswerDiff, type DiffOptions } from './answer-diff';
import type { WorkflowAction } from './state-machine';

export { diffAnswers };
export type { AnswerChange, AnswerDiff, DiffOptions } from './answer-diff';

export const AUDIT_ACTIONS = [
  // accounts and access
  'login.success', 'login.failure', 'login.throttled', 'logout', 'account.password_changed', 'authz.denied',
  'user.create', 'user.update', 'user.reset_password', 'user.disable', 'user.enable',
  // register
  'register.create', 'register.update', 'register.activate', 'register.deactivate', 'register.import',
  'register.import_rejected', 'demo.seed',
  // instruments and cycles
  'instrument.upload', 'instrument.publish', 'instrument.edit', 'instrument.version', 'instrument.export', 'cycle.create', 'cycle.open', 'cycle.reschedule', 'cycle.close', 'cycle.reopen',
  'deadline.extend',
  // responses
  'response.answers_changed', 'response.submit', 'response.resubmit', 'response.start_review', 'response.return',
  'response.verify', 'response.unlock', 'evidence.upload', 'evidence.delete', 'evidence.verdict', 'evidence.download',
  'score.change', 'review.comment', 'review.evaluator_answers',
  // reports
  'report.export', 'report.print',
  // settings
  'settings.emblem',
  // notices
  'notice.reminder', 'notice.retry', 'account.notify_settings',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ACTION_FOR: Readonly<Record<WorkflowAction, AuditAction>> = Object.freeze({
  saveDraft: 'response.answers_changed',
  submit: 'response.submit',
  startReview: 'response.start_review',
  returnForRevision: 'response.return',
  resubmit: 'response.resubmit',
  verify: 'response.verify',
  unlock: 'response.unlock',
  extendDeadline: 'deadline.extend',
});

export type AuditTargetKind = 'response' | 'organisation' | 'instrument' | 'cycle' | 'user' | 'evidence' | 'export' | 'session';

export interface AuditEntry {
  readonly who: string | null;
  readonly role: Role | null;
  readonly organisationId: string | null;
  readonly action: AuditAction;
  readonly target: { readonly kind: AuditTargetKind; readonly id: string } | null;
  /** ISO 8601 UTC, e.g. 2025-07-15T03:00:00.000Z */
  readonly at: string;
  readonly ip: string | null;
  readonly details: Record<string, unknown>;
}

/** Line breaks, other control characters, Unicode line/paragraph separators and bidi controls. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One visible line: unsafe characters become escapes (`\n`, `\u2028`), long text is cut. */
export function sanitiseLogText(value: string, maxLength = 500): string {
  const escaped = value.replace(UNSAFE, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > maxLength ? `${escaped.slice(0, maxLength)}…` : escaped;
}

const LIMITS = { depth: 6, keys: 100, items: 100, text: 1000 };

/** Deep copy with every string (keys included) sanitised and sizes bounded. */
export function sanitiseDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return sanitiseLogText(value, LIMITS.text);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'object') return value === undefined ? undefined : null; // functions, symbols, bigint
  if (depth >= LIMITS.depth) return '[…]';
  if (Array.isArray(value)) return value.slice(0, LIMITS.items).map((v) => sanitiseDetails(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).slice(0, LIMITS.keys)) {
    // `$`-prefixed and dotted keys are not storable in MongoDB; __proto__ must not become a prototype.
    const safeKey = sanitiseLogText(key, 100).replace(/^\$/, '＄').replace(/\./g, '．');
    if (safeKey === '__proto__') continue;
    const v = sanitiseDetails((value as Record<string, unknown>)[key], depth + 1);
    if (v !== undefined) out[safeKey] = v;
  }
  return out;
}

/** Accept IPv4/IPv6 text as is; anything else is sanitised and clipped (it came from a header). */
function safeIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  return /^[0-9a-fA-F:.]{2,45}$/.test(ip) ? ip : sanitiseLogText(ip, 64);
}

export interface AuditInput {
  readonly actor: AccessUser | null;
  readonly action: AuditAction;
  readonly now: Date;
  /** The organisation the action concerns; defaults to an operator's single organisation. */
  readonly organisationId?: string | null;
  readonly target?: { kind: AuditTargetKind; id: string } | null;
  readonly ip?: string | null;
  readonly details?: Record<string, unknown>;
}

export function buildAuditEntry(input: AuditInput): AuditEntry {
  const { actor } = input;
  const ownOrg = actor?.role === 'operator' && actor.organisationIds?.length === 1 ? actor.organisationIds[0] : null;
  const org = input.organisationId ?? ownOrg;
  return {
    who: actor ? sanitiseLogText(actor.id, 100) : null,
    role: actor?.role ?? null,
    organisationId: org ? sanitiseLogText(org, 100) : null,
    action: input.action,
    target: input.target ? { kind: input.target.kind, id: sanitiseLogText(input.target.id, 100) } : null,
    at: input.now.toISOString(),
    ip: safeIp(input.ip),
    details: (sanitiseDetails(input.details ?? {}) as Record<string, unknown>) ?? {},
  };
}

/** Details for an answer save: the diff, bounded. */
export function answerChangeDetails(before: unknown, after: unknown, options?: DiffOptions): { changes: AnswerDiff['changes']; truncated: boolean } {
  const diff = diffAnswers(before, after, options);
  return { changes: diff.changes, truncated: diff.truncated };
}

/** A single text line for plain-text logs; JSON-encoded details cannot contain raw line breaks. */
export function auditLogLine(entry: AuditEntry): string {
  const target = entry.target ? `${entry.target.kind}:${entry.target.id}` : '-';
  return [
    entry.at, entry.action, `who=${entry.who ?? '-'}`, `role=${entry.role ?? '-'}`, `org=${entry.organisationId ?? '-'}`,
    `target=${target}`, `ip=${entry.ip ?? '-'}`, `details=${JSON.stringify(entry.details)}`,
  ].join(' ').replace(UNSAFE, ' ');
}
