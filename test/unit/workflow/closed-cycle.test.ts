/*
 * A cycle an admin closed: operator writes are refused with 409.11 whatever the dates and
 * extensions say, returning for revision with 409.12 (nobody could resubmit), an extension with
 * 409.11; review, verify and unlock go on exactly as in an open cycle.
 */
import { ROLES } from '../../../server/domain/access/roles';
import { effectiveDeadline, operatorMayEdit, windowState } from '../../../server/domain/workflow/deadline';
import {
  RESPONSE_STATES, type ResponseState, type TransitionContext, WORKFLOW_ACTIONS, type WorkflowAction, availableActions, transition,
} from '../../../server/domain/workflow/state-machine';

const OPENS = new Date('2025-06-01T00:00:00Z');
const DEADLINE = new Date('2025-08-31T16:59:59Z');
const IN_WINDOW = new Date('2025-07-15T03:00:00Z');

function ctx(role: TransitionContext['role'], over: Partial<TransitionContext> = {}): TransitionContext {
  return {
    role, now: IN_WINDOW, opensAt: OPENS, deadline: DEADLINE, extensionUntil: null,
    fixRequests: 1, reason: 'Koreksi data', newExtensionUntil: new Date('2025-09-15T00:00:00Z'), ...over,
  };
}

function outcome(state: ResponseState, action: WorkflowAction, c: TransitionContext): string {
  const r = transition(state, action, c);
  return r.ok ? r.next : String(r.problem.code);
}

const OPERATOR_WRITES = new Set<WorkflowAction>(['saveDraft', 'submit', 'resubmit']);
const combos = ROLES.flatMap((role) => RESPONSE_STATES.flatMap((state) => WORKFLOW_ACTIONS.map((action) => [role, state, action] as const)));

describe('window of a closed cycle', () => {
  test('closed wins over the dates and over a running extension', () => {
    expect(windowState({ now: IN_WINDOW, opensAt: OPENS, deadline: DEADLINE, cycleClosed: true })).toBe('cycle_closed');
    const extended = { now: new Date('2025-09-03T00:00:00Z'), opensAt: OPENS, deadline: DEADLINE, extensionUntil: new Date('2025-09-10T00:00:00Z') };
    expect(windowState(extended)).toBe('extended');
    expect(windowState({ ...extended, cycleClosed: true })).toBe('cycle_closed');
    expect(operatorMayEdit({ ...extended, cycleClosed: true })).toBe(false);
    expect(windowState({ ...extended, cycleClosed: false })).toBe('extended');
  });
  test('the deadline that applies is the later of the cycle deadline and the extension', () => {
    const ext = new Date('2025-09-10T00:00:00Z');
    expect(effectiveDeadline(DEADLINE, ext)).toBe(ext);
    expect(effectiveDeadline(DEADLINE, new Date('2025-08-01T00:00:00Z'))).toBe(DEADLINE);
    expect(effectiveDeadline(DEADLINE, null)).toBe(DEADLINE);
    expect(effectiveDeadline(DEADLINE, new Date('nonsense'))).toBe(DEADLINE);
  });
});

describe('state machine with the cycle closed', () => {
  test.each(combos)('%s: %s --%s--> as open, except the closed-cycle refusals', (role, state, action) => {
    const open = outcome(state, action, ctx(role));
    const allowedWhenOpen = !/^\d/.test(open);
    let want = open;
    if (allowedWhenOpen && OPERATOR_WRITES.has(action)) want = '409.11';
    if (allowedWhenOpen && action === 'returnForRevision') want = '409.12';
    if (allowedWhenOpen && action === 'extendDeadline') want = '409.11';
    expect(outcome(state, action, ctx(role, { cycleClosed: true }))).toBe(want);
  });

  test('an extension running after the deadline does not reopen a closed cycle', () => {
    const late = ctx('operator', { now: new Date('2025-09-03T00:00:00Z'), extensionUntil: new Date('2025-09-10T00:00:00Z') });
    expect(outcome('draft', 'saveDraft', late)).toBe('draft');
    expect(outcome('draft', 'saveDraft', { ...late, cycleClosed: true })).toBe('409.11');
    expect(outcome('returned', 'resubmit', { ...late, cycleClosed: true })).toBe('409.11');
  });

  test('closed is reported before "not open yet" and "deadline passed"', () => {
    expect(outcome('draft', 'submit', ctx('operator', { now: new Date('2025-01-01T00:00:00Z'), cycleClosed: true }))).toBe('409.11');
    expect(outcome('draft', 'submit', ctx('operator', { now: new Date('2026-01-01T00:00:00Z'), cycleClosed: true }))).toBe('409.11');
  });

  test('returning is refused before asking for a fix request; role and state still come first', () => {
    expect(outcome('in_review', 'returnForRevision', ctx('evaluator', { fixRequests: 0, cycleClosed: true }))).toBe('409.12');
    expect(outcome('in_review', 'returnForRevision', ctx('pimpinan', { cycleClosed: true }))).toBe('403.1');
    expect(outcome('submitted', 'returnForRevision', ctx('evaluator', { cycleClosed: true }))).toBe('409.1');
  });

  test('review, verify and unlock continue', () => {
    expect(outcome('submitted', 'startReview', ctx('evaluator', { cycleClosed: true }))).toBe('in_review');
    expect(outcome('in_review', 'verify', ctx('evaluator', { cycleClosed: true }))).toBe('verified');
    expect(outcome('verified', 'unlock', ctx('admin', { cycleClosed: true }))).toBe('in_review');
  });

  test('the page offers no return and no operator action once closed', () => {
    expect(availableActions('in_review', ctx('evaluator', { cycleClosed: true, fixRequests: 0 }))).toEqual(['verify']);
    expect(availableActions('draft', ctx('operator', { cycleClosed: true }))).toEqual([]);
    expect(availableActions('draft', ctx('admin', { cycleClosed: true }))).toEqual([]);
  });

  test('the refusals carry Indonesian messages from the catalogue', () => {
    const r = transition('draft', 'submit', ctx('operator', { cycleClosed: true }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toMatch(/Siklus evaluasi sudah ditutup/);
    const back = transition('in_review', 'returnForRevision', ctx('evaluator', { cycleClosed: true }));
    if (!back.ok) expect(back.problem.message).toMatch(/tidak dapat dikembalikan/);
    expect(back.ok).toBe(false);
  });
});
