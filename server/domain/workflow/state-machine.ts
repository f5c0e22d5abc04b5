/**
 * The life of one response (an organisation's answers to one cycle's instrument):
 *
 *   draft --submit--> submitted --startReview--> in_review --verify--> verified (locked)
 *                                                  |   ^                   |
 *                                 returnForRevision|   |startReview        |unlock (admin, reason)
 *                                                  v   |                   v
 *                        returned --resubmit--> resubmitted            in_review
 *
 * saveDraft keeps draft/returned as they are; extendDeadline (admin) keeps any unlocked state.
 * `transition` is pure: it says whether an action is allowed and what the next state is; the
 * caller persists the change (with a version check) and writes the audit entry.
 *
 * Checks run in a fixed order so the answer never leaks more than the caller may know:
 * role (403.1) → state (409.7 locked, 409.1 illegal) → cycle window for operator actions
 * (409.11 cycle closed by an admin, 409.9 not open, 409.2 deadline passed) → what a closed
 * cycle forbids to the others (409.12 return: nobody could resubmit; 409.11 extension: it would
 * reopen nothing) → action preconditions (409.8, 422.2, 422.3). Review, verify and unlock go on
 * after a cycle closes.
 */
import { type Permission, roleCan } from '../access/permissions';
import { type Role, isRole } from '../access/roles';
import { type CycleWindow, windowState } from './deadline';
import { type DomainProblem, problem } from './problems';

export const RESPONSE_STATES = ['draft', 'submitted', 'in_review', 'returned', 'resubmitted', 'verified'] as const;
export type ResponseState = (typeof RESPONSE_STATES)[number];

export const WORKFLOW_ACTIONS = [
  'saveDraft', 'submit', 'startReview', 'returnForRevision', 'resubmit', 'verify', 'unlock', 'extendDeadline',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export const STATE_LABELS: Readonly<Record<ResponseState, string>> = Object.freeze({
  draft: 'Draf',
  submitted: 'Terkirim',
  in_review: 'Sedang diperiksa',
  returned: 'Dikembalikan untuk perbaikan',
  resubmitted: 'Dikirim ulang',
  verified: 'Terverifikasi',
});

interface Rule {
  readonly permission: Permission;
  /** from-state → next state; a state missing here makes the action illegal (409.1). */
  readonly from: Partial<Record<ResponseState, ResponseState>>;
  /** Operator actions obey the cycle window (deadline, extension). */
  readonly windowed: boolean;
}

const RULES: Readonly<Record<WorkflowAction, Rule>> = {
  saveDraft: { permission: 'response.fill', from: { draft: 'draft', returned: 'returned' }, windowed: true },
  submit: { permission: 'response.fill', from: { draft: 'submitted' }, windowed: true },
  startReview: { permission: 'response.review', from: { submitted: 'in_review', resubmitted: 'in_review' }, windowed: false },
  returnForRevision: { permission: 'response.review', from: { in_review: 'returned' }, windowed: false },
  resubmit: { permission: 'response.fill', from: { returned: 'resubmitted' }, windowed: true },
  verify: { permission: 'response.review', from: { in_review: 'verified' }, windowed: false },
  unlock: { permission: 'response.unlock', from: { verified: 'in_review' }, windowed: false },
  extendDeadline: {
    permission: 'deadline.extend',
    from: { draft: 'draft', submitted: 'submitted', in_review: 'in_review', returned: 'returned', resubmitted: 'resubmitted' },
    windowed: false,
  },
};

export interface TransitionContext extends CycleWindow {
  readonly role: Role;
  /** returnForRevision: number of item reviews flagged needsFix with a comment (review.ts). */
  readonly fixRequests?: number;
  /** unlock, extendDeadline: why (audited). */
  readonly reason?: string;
  /** extendDeadline: the new extension end for this response. */
  readonly newExtensionUntil?: Date;
}

export type TransitionResult = { ok: true; next: ResponseState } | { ok: false; problem: DomainProblem };

const refuse = (code: DomainProblem['code']): TransitionResult => ({ ok: false, problem: problem(code) });

export function isResponseState(value: unknown): value is ResponseState {
  return typeof value === 'string' && (RESPONSE_STATES as readonly string[]).includes(value);
}

export function isWorkflowAction(value: unknown): value is WorkflowAction {
  return typeof value === 'string' && (WORKFLOW_ACTIONS as readonly string[]).includes(value);
}

function preconditionProblem(action: WorkflowAction, ctx: TransitionContext): DomainProblem['code'] | null {
  if (action === 'returnForRevision' && !((ctx.fixRequests ?? 0) >= 1)) return 409.8;
  if ((action === 'unlock' || action === 'extendDeadline') && !(typeof ctx.reason === 'string' && ctx.reason.trim() !== '')) return 422.2;
  if (action === 'extendDeadline') {
    const until = ctx.newExtensionUntil;
    if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until.getTime() <= ctx.now.getTime()) return 422.3;
  }
  return null;
}

export function transition(state: ResponseState, action: WorkflowAction, ctx: TransitionContext): TransitionResult {
  if (!isWorkflowAction(action) || !isResponseState(state)) return refuse(409.1);
  const rule = RULES[action];
  if (!isRole(ctx.role) || !roleCan(ctx.role, rule.permission)) return refuse(403.1);
  const next = rule.from[state];
  if (next === undefined) return refuse(state === 'verified' ? 409.7 : 409.1);
  if (rule.windowed) {
    const window = windowState(ctx);
    if (window === 'cycle_closed') return refuse(409.11);
    if (window === 'not_open') return refuse(409.9);
    if (window === 'closed') return refuse(409.2);
  }
  if (ctx.cycleClosed === true) {
    if (action === 'returnForRevision') return refuse(409.12);
    if (action === 'extendDeadline') return refuse(409.11);
  }
  const precondition = preconditionProblem(action, ctx);
  if (precondition !== null) return refuse(precondition);
  return { ok: true, next };
}

/**
 * Actions to offer in the UI for this state and actor: those that would succeed, plus those only
 * missing the actor's input (a comment to return, a reason, an extension date).
 */
export function availableActions(state: ResponseState, ctx: TransitionContext): WorkflowAction[] {
  const needsInput = new Set<number>([409.8, 422.2, 422.3]);
  return WORKFLOW_ACTIONS.filter((action) => {
    const result = transition(state, action, ctx);
    return result.ok || needsInput.has(result.problem.code);
  });
}

/** Operators may change answers only in these states (and only inside the cycle window). */
export function operatorEditableState(state: ResponseState): boolean {
  return state === 'draft' || state === 'returned';
}

export function isLocked(state: ResponseState): boolean {
  return state === 'verified';
}
