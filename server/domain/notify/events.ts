/**
 * Notices: what happened (an event about one organisation's response in one cycle), who is told,
 * and what each user chose to receive. Pure: the event is built by the code that caused it, the
 * recipients are chosen by recipients.ts, the text is shaped by compose.ts.
 */
import type { Role } from '../access/roles';

export const NOTICE_KINDS = [
  'cycle_opened', 'deadline_reminder', 'response_submitted', 'response_returned', 'response_verified', 'extension_granted',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export function isNoticeKind(value: unknown): value is NoticeKind {
  return typeof value === 'string' && (NOTICE_KINDS as readonly string[]).includes(value);
}

/** Who is told of what: operators about their organisation, evaluators about their area's submissions. */
export const KINDS_BY_ROLE: Readonly<Record<Role, readonly NoticeKind[]>> = Object.freeze({
  operator: ['cycle_opened', 'deadline_reminder', 'response_returned', 'response_verified', 'extension_granted'],
  evaluator: ['response_submitted'],
  admin: [],
  pimpinan: [],
});

/** The response an event is about. */
export interface About {
  readonly responseId: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly kabkotaCode: string;
  readonly cycleId: string;
  readonly cycleName: string;
}

/** An item the evaluator flagged "needs fix", with the link to it on the operator's form. */
export interface FlaggedItem {
  readonly title: string;
  readonly comment: string;
  /** path on the site, e.g. /tanggapan/ID/bagian/manajemen#q-manajemen-rapat */
  readonly href: string;
}

export type ReminderThreshold = '7d' | '1d' | 'manual';

interface Base {
  readonly about: About;
  /** Identifies this occurrence (one per transition, reminder or opening): the idempotency key. */
  readonly key: string;
}

export type NoticeEvent = Base & (
  | { readonly kind: 'cycle_opened'; readonly deadline: Date }
  | { readonly kind: 'deadline_reminder'; readonly deadline: Date; readonly threshold: ReminderThreshold; readonly returned: boolean }
  | { readonly kind: 'response_submitted'; readonly resubmitted: boolean }
  | { readonly kind: 'response_returned'; readonly items: readonly FlaggedItem[] }
  | { readonly kind: 'response_verified'; readonly total: number | null; readonly grade: string | null; readonly gradeLabel: string | null }
  | { readonly kind: 'extension_granted'; readonly until: Date; readonly reason: string }
);

/** A user's choices: which kinds reach them at all, and whether they also come by e-mail. */
export interface NoticePrefs {
  readonly email: boolean;
  readonly muted: readonly NoticeKind[];
}

export const DEFAULT_PREFS: NoticePrefs = Object.freeze({ email: true, muted: Object.freeze([]) as readonly NoticeKind[] });

/** Stored preferences of any shape (older users have none) → a valid value. */
export function normalisePrefs(stored: unknown): NoticePrefs {
  if (!stored || typeof stored !== 'object') return DEFAULT_PREFS;
  const s = stored as { email?: unknown; muted?: unknown };
  const muted = Array.isArray(s.muted) ? [...new Set(s.muted.filter(isNoticeKind))] : [];
  return { email: s.email !== false, muted };
}

/**
 * The preference form: one checkbox per kind the role receives (`kind.<name>`), and `email`.
 * Kinds the role never receives keep whatever was stored (they are not on the form).
 */
export function prefsFromForm(role: Role, body: Record<string, unknown>, before: NoticePrefs): NoticePrefs {
  const listed = new Set(KINDS_BY_ROLE[role]);
  const checked = (name: string) => {
    const v = body[name];
    return (Array.isArray(v) ? v : [v]).some((x) => x === 'on' || x === '1' || x === 'true');
  };
  const muted = NOTICE_KINDS.filter((k) => (listed.has(k) ? !checked(`kind.${k}`) : before.muted.includes(k)));
  return { email: checked('email'), muted };
}
