/**
 * The life of an evaluation cycle after it is created:
 *
 *   draft --open--> open --close--> closed
 *     |              |  ^             |
 *     reschedule     |  +---reopen----+   (admin, with a reason; a deadline still ahead)
 *                    reschedule (new deadline for everyone, with a reason)
 *
 * Pure rules: whether an action is allowed from a status, and whether a requested schedule is
 * acceptable. The caller persists the change with a version check and writes the audit entry.
 * Refusals of the action itself are catalogue problems (409.1: not from this status); problems
 * with what the admin typed are `issues` to show next to the fields (the form is re-rendered).
 *
 * Why the opening date freezes: once an organisation has saved or submitted anything, moving
 * the opening would rewrite when that work was allowed; the deadline can still move.
 * Why a past deadline is refused: a deadline before now ends the filling-in for everyone at once,
 * which is what closing is for (it is explicit, confirmed, and says so on every page).
 */
import { type DomainProblem, problem } from './problems';

export const CYCLE_STATUSES = ['draft', 'open', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const CYCLE_ACTIONS = ['open', 'reschedule', 'close', 'reopen'] as const;
export type CycleAction = (typeof CYCLE_ACTIONS)[number];

const FROM: Readonly<Record<CycleAction, readonly CycleStatus[]>> = {
  open: ['draft'],
  reschedule: ['draft', 'open'],
  close: ['open'],
  reopen: ['closed'],
};

export function isCycleStatus(value: unknown): value is CycleStatus {
  return typeof value === 'string' && (CYCLE_STATUSES as readonly string[]).includes(value);
}

export function cycleActionAllowed(status: unknown, action: CycleAction): boolean {
  return isCycleStatus(status) && FROM[action].includes(status);
}

/** The actions to offer on the cycle page, in the order the page shows them. */
export function availableCycleActions(status: unknown): CycleAction[] {
  return CYCLE_ACTIONS.filter((a) => cycleActionAllowed(status, a));
}

export interface Schedule {
  readonly opensAt: Date;
  readonly closesAt: Date;
}

export type ScheduleField = 'opensAt' | 'closesAt' | 'reason' | 'confirm';
export type ScheduleIssueCode =
  | 'opensAt.invalid' // given but not a date
  | 'opensAt.locked' // responses already started: the opening date is history
  | 'closesAt.invalid' // missing or not a date
  | 'closesAt.past' // not after now: that is closing
  | 'closesAt.needed' // reopening after the deadline passed without a new one
  | 'order' // deadline not after the opening
  | 'reason.missing'
  | 'confirm.missing'
  | 'unchanged';

export interface ScheduleIssue {
  readonly field: ScheduleField;
  readonly code: ScheduleIssueCode;
}

export interface DateChange {
  readonly field: 'opensAt' | 'closesAt';
  readonly from: Date;
  readonly to: Date;
}

export type LifecycleDecision<T> =
  | { readonly kind: 'refused'; readonly problem: DomainProblem }
  | { readonly kind: 'invalid'; readonly issues: readonly ScheduleIssue[] }
  | ({ readonly kind: 'ok' } & T);

function valid(d: Date | null | undefined): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

function hasText(s: unknown): boolean {
  return typeof s === 'string' && s.trim() !== '';
}

function refused<T>(status: unknown): LifecycleDecision<T> {
  return { kind: 'refused', problem: problem(409.1, { status: isCycleStatus(status) ? status : null }) };
}

export interface RescheduleRequest {
  readonly status: CycleStatus;
  readonly now: Date;
  readonly current: Schedule;
  /** undefined: keep the opening date; null: a value was given that is not a date */
  readonly opensAt?: Date | null;
  /** null: missing or not a date */
  readonly closesAt: Date | null;
  readonly reason: string;
  /** some response has been saved, submitted or extended (only matters once the cycle is open) */
  readonly responsesStarted: boolean;
}

/** A new schedule for a draft or open cycle: every issue at once, so the form shows them all. */
export function planReschedule(req: RescheduleRequest): LifecycleDecision<{ next: Schedule; changes: DateChange[] }> {
  if (!cycleActionAllowed(req.status, 'reschedule')) return refused(req.status);
  const issues: ScheduleIssue[] = [];
  let opensAt = req.current.opensAt;
  if (req.opensAt === null) issues.push({ field: 'opensAt', code: 'opensAt.invalid' });
  else if (req.opensAt !== undefined && req.opensAt.getTime() !== req.current.opensAt.getTime()) {
    if (req.status === 'open' && req.responsesStarted) issues.push({ field: 'opensAt', code: 'opensAt.locked' });
    else opensAt = req.opensAt;
  }
  const closesAt = req.closesAt;
  if (!valid(closesAt)) issues.push({ field: 'closesAt', code: 'closesAt.invalid' });
  else if (closesAt.getTime() <= req.now.getTime()) issues.push({ field: 'closesAt', code: 'closesAt.past' });
  else if (closesAt.getTime() <= opensAt.getTime()) issues.push({ field: 'closesAt', code: 'order' });
  if (!hasText(req.reason)) issues.push({ field: 'reason', code: 'reason.missing' });
  if (issues.length > 0 || !valid(closesAt)) return { kind: 'invalid', issues };
  const changes: DateChange[] = [];
  if (opensAt.getTime() !== req.current.opensAt.getTime()) changes.push({ field: 'opensAt', from: req.current.opensAt, to: opensAt });
  if (closesAt.getTime() !== req.current.closesAt.getTime()) changes.push({ field: 'closesAt', from: req.current.closesAt, to: closesAt });
  if (changes.length === 0) return { kind: 'invalid', issues: [{ field: 'closesAt', code: 'unchanged' }] };
  return { kind: 'ok', next: { opensAt, closesAt }, changes };
}

export interface CloseRequest {
  readonly status: CycleStatus;
  /** the admin ticked "yes, close it" (pages) or sent confirm: true (JSON) */
  readonly confirmed: boolean;
}

/** Closing an open cycle: only with an explicit confirmation. A note is optional. */
export function planClose(req: CloseRequest): LifecycleDecision<{ next: 'closed' }> {
  if (!cycleActionAllowed(req.status, 'close')) return refused(req.status);
  if (!req.confirmed) return { kind: 'invalid', issues: [{ field: 'confirm', code: 'confirm.missing' }] };
  return { kind: 'ok', next: 'closed' };
}

export interface ReopenRequest {
  readonly status: CycleStatus;
  readonly now: Date;
  readonly current: Schedule;
  /** undefined: keep the deadline (it must still be ahead); null: given but not a date */
  readonly closesAt?: Date | null;
  readonly reason: string;
}

/** Reopening a closed cycle: with a reason, and a deadline that is still ahead (kept or new). */
export function planReopen(req: ReopenRequest): LifecycleDecision<{ next: 'open'; closesAt: Date; changes: DateChange[] }> {
  if (!cycleActionAllowed(req.status, 'reopen')) return refused(req.status);
  const issues: ScheduleIssue[] = [];
  const closesAt = req.closesAt === undefined ? req.current.closesAt : req.closesAt;
  if (req.closesAt === null) issues.push({ field: 'closesAt', code: 'closesAt.invalid' });
  else if (!valid(closesAt) || closesAt.getTime() <= req.now.getTime()) {
    issues.push({ field: 'closesAt', code: req.closesAt === undefined ? 'closesAt.needed' : 'closesAt.past' });
  } else if (closesAt.getTime() <= req.current.opensAt.getTime()) issues.push({ field: 'closesAt', code: 'order' });
  if (!hasText(req.reason)) issues.push({ field: 'reason', code: 'reason.missing' });
  if (issues.length > 0 || !valid(closesAt)) return { kind: 'invalid', issues };
  const changes: DateChange[] = closesAt.getTime() === req.current.closesAt.getTime()
    ? [] : [{ field: 'closesAt', from: req.current.closesAt, to: closesAt }];
  return { kind: 'ok', next: 'open', closesAt, changes };
}

/** Response counts by state, as the close confirmation explains them. */
export interface CloseImpact {
  /** drafts never submitted: they stay unsubmitted */
  readonly notSubmitted: number;
  /** returned for revision: they can no longer be resubmitted */
  readonly returned: number;
  /** submitted, resubmitted or in review: evaluators can still finish them */
  readonly awaitingReview: number;
  readonly verified: number;
  readonly total: number;
}

export function closeImpact(counts: Readonly<Partial<Record<string, number>>>): CloseImpact {
  const n = (k: string) => (Number.isFinite(counts[k]) ? (counts[k] as number) : 0);
  const impact = {
    notSubmitted: n('draft'), returned: n('returned'),
    awaitingReview: n('submitted') + n('resubmitted') + n('in_review'), verified: n('verified'),
  };
  return { ...impact, total: impact.notSubmitted + impact.returned + impact.awaitingReview + impact.verified };
}
