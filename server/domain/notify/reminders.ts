/**
 * Deadline reminders: 7 days and 1 day before the deadline that applies to a response (the
 * cycle's, or its own extension when later), to organisations that have not submitted (draft) or
 * not resubmitted after a return (returned). Each (cycle, organisation, threshold, deadline day)
 * has one key; the reminder and its notices are written with that key in one transaction, so
 * any number of app instances may run the scheduler at the same time: the second insert of a
 * key fails and nothing is sent twice. Pure.
 */
import { effectiveDeadline } from '../workflow/deadline';

const DAY = 86_400_000;

export const THRESHOLDS = [{ name: '1d', before: DAY }, { name: '7d', before: 7 * DAY }] as const;
export type AutoThreshold = (typeof THRESHOLDS)[number]['name'];

/** States that still owe a (re)submission. */
export const OWING_STATES = ['draft', 'returned'] as const;

export interface ReminderFacts {
  readonly now: Date;
  readonly closesAt: Date;
  readonly extensionUntil?: Date | null;
  /** when the cycle was opened: a threshold that had already passed then is not sent (the opening notice named the deadline) */
  readonly openedAt?: Date | null;
  readonly state: string;
}

/**
 * The threshold due now, or null: the nearest one whose moment has come, while the deadline has
 * not passed. Only the nearest: a response first seen 20 hours before its deadline gets the
 * 1-day reminder, not the 7-day one as well.
 */
export function dueThreshold(f: ReminderFacts): AutoThreshold | null {
  if (!(OWING_STATES as readonly string[]).includes(f.state)) return null;
  const deadline = effectiveDeadline(f.closesAt, f.extensionUntil).getTime();
  const now = f.now.getTime();
  if (Number.isNaN(deadline) || now > deadline) return null;
  for (const th of THRESHOLDS) {
    const moment = deadline - th.before;
    if (now < moment) continue;
    if (f.openedAt && f.openedAt.getTime() > moment) return null;
    return th.name;
  }
  return null;
}

const isoDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Jakarta' });

/**
 * The reminder's key. The deadline's day (WIB) is part of it: when an admin moves the deadline to
 * another day or grants an extension, the reminders run again for the new date; a change of the
 * hour within the same day does not send them twice.
 */
export function reminderKey(cycleId: string, organisationId: string, threshold: AutoThreshold | 'manual', deadline: Date, nonce = ''): string {
  return `reminder:${cycleId}:${organisationId}:${threshold}:${isoDay.format(deadline)}${nonce ? `:${nonce}` : ''}`;
}

/** A manual send's nonce (from the form; a double click posts the same one): letters, digits, dashes. */
export function isReminderNonce(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(value);
}
