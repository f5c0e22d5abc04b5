/**
 * When may an operator change a response? While the cycle is open (opensAt ≤ now ≤ deadline),
 * or later while an admin extension for that response runs (now ≤ extensionUntil) — unless an
 * admin has closed the cycle: a closed cycle wins over every date, extensions included.
 * Both bounds are inclusive instants; store them in UTC. After that the response is read-only
 * for the operator; evaluators and admins are not bound by the deadline.
 */
export interface CycleWindow {
  readonly now: Date;
  /** Cycle opening; absent means "already open". */
  readonly opensAt?: Date | null;
  readonly deadline: Date;
  /** Per-response admin extension end, if any. */
  readonly extensionUntil?: Date | null;
  /** The cycle was closed by an admin (status 'closed'); no date reopens it. */
  readonly cycleClosed?: boolean;
}

export type WindowState = 'not_open' | 'open' | 'extended' | 'closed' | 'cycle_closed';

function valid(d: Date | null | undefined): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

/** Where `now` sits relative to the cycle window. An invalid deadline counts as closed. */
export function windowState(w: CycleWindow): WindowState {
  if (w.cycleClosed === true) return 'cycle_closed';
  const now = w.now.getTime();
  if (valid(w.opensAt) && now < w.opensAt.getTime()) return 'not_open';
  if (valid(w.deadline) && now <= w.deadline.getTime()) return 'open';
  if (valid(w.extensionUntil) && now <= w.extensionUntil.getTime()) return 'extended';
  return 'closed';
}

export function operatorMayEdit(w: CycleWindow): boolean {
  const state = windowState(w);
  return state === 'open' || state === 'extended';
}

/** The deadline that applies to one response: the later of the cycle's and its own extension. */
export function effectiveDeadline(deadline: Date, extensionUntil?: Date | null): Date {
  return valid(extensionUntil) && extensionUntil.getTime() > deadline.getTime() ? extensionUntil : deadline;
}
