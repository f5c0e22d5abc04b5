import fc from 'fast-check';
import { ROLES, type Role } from '../../../server/domain/access/roles';
import {
  RESPONSE_STATES, type ResponseState, type TransitionContext, WORKFLOW_ACTIONS, type WorkflowAction,
  availableActions, transition,
} from '../../../server/domain/workflow/state-machine';

/*
 * The declared expectation for every (role, state, action) with the cycle open and every
 * precondition met (a fix request, a reason, a future extension date). A cell is the next state
 * or the problem code. Written by hand; the test walks all 4 × 6 × 8 = 192 combinations.
 */
const ACTION_COLUMNS = 'saveDraft submit startReview returnForRevision resubmit verify unlock extendDeadline';
const EXPECTED = `
operator
  draft        draft     submitted 403.1     403.1     409.1       403.1    403.1     403.1
  submitted    409.1     409.1     403.1     403.1     409.1       403.1    403.1     403.1
  in_review    409.1     409.1     403.1     403.1     409.1       403.1    403.1     403.1
  returned     returned  409.1     403.1     403.1     resubmitted 403.1    403.1     403.1
  resubmitted  409.1     409.1     403.1     403.1     409.1       403.1    403.1     403.1
  verified     409.7     409.7     403.1     403.1     409.7       403.1    403.1     403.1
evaluator
  draft        403.1     403.1     409.1     409.1     403.1       409.1    403.1     403.1
  submitted    403.1     403.1     in_review 409.1     403.1       409.1    403.1     403.1
  in_review    403.1     403.1     409.1     returned  403.1       verified 403.1     403.1
  returned     403.1     403.1     409.1     409.1     403.1       409.1    403.1     403.1
  resubmitted  403.1     403.1     in_review 409.1     403.1       409.1    403.1     403.1
  verified     403.1     403.1     409.7     409.7     403.1       409.7    403.1     403.1
admin
  draft        403.1     403.1     409.1     409.1     403.1       409.1    409.1     draft
  submitted    403.1     403.1     in_review 409.1     403.1       409.1    409.1     submitted
  in_review    403.1     403.1     409.1     returned  403.1       verified 409.1     in_review
  returned     403.1     403.1     409.1     409.1     403.1       409.1    409.1     returned
  resubmitted  403.1     403.1     in_review 409.1     403.1       409.1    409.1     resubmitted
  verified     403.1     403.1     409.7     409.7     403.1       409.7    in_review 409.7
pimpinan
  draft        403.1     403.1     403.1     403.1     403.1       403.1    403.1     403.1
  submitted    403.1     403.1     403.1     403.1     403.1       403.1    403.1     403.1
  in_review    403.1     403.1     403.1     403.1     403.1       403.1    403.1     403.1
  returned     403.1     403.1     403.1     403.1     403.1       403.1    403.1     403.1
  resubmitted  403.1     403.1     403.1     403.1     403.1       403.1    403.1     403.1
  verified     403.1     403.1     403.1     403.1     403.1       403.1    403.1     403.1
`;

type Cell = string; // next state or problem code
function parseTable(text: string): Map<string, Cell> {
  const columns = ACTION_COLUMNS.split(' ');
  const table = new Map<string, Cell>();
  let role = '';
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    if (!line.startsWith(' ')) { role = line.trim(); continue; }
    const [state, ...cells] = line.trim().split(/\s+/);
    expect(cells).toHaveLength(columns.length);
    cells.forEach((cell, i) => table.set(`${role}/${state}/${columns[i]}`, cell));
  }
  return table;
}
const expected = parseTable(EXPECTED);

const OPENS = new Date('2025-06-01T00:00:00Z');
const DEADLINE = new Date('2025-08-31T16:59:59Z'); // 23:59:59 WIB
const IN_WINDOW = new Date('2025-07-15T03:00:00Z');

function ctx(role: Role, over: Partial<TransitionContext> = {}): TransitionContext {
  return {
    role, now: IN_WINDOW, opensAt: OPENS, deadline: DEADLINE, extensionUntil: null,
    fixRequests: 1, reason: 'Koreksi data oleh admin', newExtensionUntil: new Date('2025-09-15T00:00:00Z'),
    ...over,
  };
}

function outcome(state: ResponseState, action: WorkflowAction, c: TransitionContext): Cell {
  const r = transition(state, action, c);
  return r.ok ? r.next : String(r.problem.code);
}

const combos = ROLES.flatMap((role) => RESPONSE_STATES.flatMap((state) => WORKFLOW_ACTIONS.map((action) => [role, state, action] as const)));

describe('response state machine: declared table', () => {
  test('the table covers every (role, state, action) exactly once', () => {
    expect(expected.size).toBe(ROLES.length * RESPONSE_STATES.length * WORKFLOW_ACTIONS.length);
    expect(combos).toHaveLength(192);
  });

  test.each(combos)('%s: %s --%s--> as declared (cycle open)', (role, state, action) => {
    expect(outcome(state, action, ctx(role))).toBe(expected.get(`${role}/${state}/${action}`));
  });

  test.each(combos)('%s: %s --%s--> same as open while an extension runs after the deadline', (role, state, action) => {
    const late = ctx(role, { now: new Date('2025-09-03T00:00:00Z'), extensionUntil: new Date('2025-09-10T00:00:00Z') });
    expect(outcome(state, action, late)).toBe(expected.get(`${role}/${state}/${action}`));
  });

  const OPERATOR_WRITES = new Set<WorkflowAction>(['saveDraft', 'submit', 'resubmit']);
  test.each(combos)('%s: %s --%s--> after the deadline: operator writes become 409.2, the rest unchanged', (role, state, action) => {
    const open = expected.get(`${role}/${state}/${action}`)!;
    const allowedWhenOpen = !/^\d/.test(open);
    const want = allowedWhenOpen && role === 'operator' && OPERATOR_WRITES.has(action) ? '409.2' : open;
    expect(outcome(state, action, ctx(role, { now: new Date('2025-09-01T00:00:00Z') }))).toBe(want);
  });

  test.each(combos)('%s: %s --%s--> before the cycle opens: operator writes become 409.9', (role, state, action) => {
    const open = expected.get(`${role}/${state}/${action}`)!;
    const allowedWhenOpen = !/^\d/.test(open);
    const want = allowedWhenOpen && role === 'operator' && OPERATOR_WRITES.has(action) ? '409.9' : open;
    expect(outcome(state, action, ctx(role, { now: new Date('2025-05-31T23:59:59Z') }))).toBe(want);
  });
});

describe('deadline boundaries', () => {
  test('the deadline instant itself is still open; one millisecond later is closed', () => {
    expect(outcome('draft', 'submit', ctx('operator', { now: DEADLINE }))).toBe('submitted');
    expect(outcome('draft', 'submit', ctx('operator', { now: new Date(DEADLINE.getTime() + 1) }))).toBe('409.2');
  });
  test('an expired extension does not help', () => {
    const c = ctx('operator', { now: new Date('2025-09-20T00:00:00Z'), extensionUntil: new Date('2025-09-10T00:00:00Z') });
    expect(outcome('returned', 'resubmit', c)).toBe('409.2');
    expect(outcome('returned', 'resubmit', { ...c, extensionUntil: c.now })).toBe('resubmitted');
  });
  test('without opensAt the cycle counts as open until the deadline', () => {
    expect(outcome('draft', 'saveDraft', ctx('operator', { opensAt: undefined, now: new Date('2020-01-01T00:00:00Z') }))).toBe('draft');
  });
  test('an invalid deadline date closes the window instead of opening it', () => {
    expect(outcome('draft', 'submit', ctx('operator', { deadline: new Date('nonsense') }))).toBe('409.2');
  });
});

describe('action preconditions', () => {
  test.each(['evaluator', 'admin'] as const)('%s cannot return without a fix request (409.8)', (role) => {
    expect(outcome('in_review', 'returnForRevision', ctx(role, { fixRequests: 0 }))).toBe('409.8');
    expect(outcome('in_review', 'returnForRevision', ctx(role, { fixRequests: undefined }))).toBe('409.8');
    expect(outcome('in_review', 'returnForRevision', ctx(role, { fixRequests: 3 }))).toBe('returned');
  });
  test.each([undefined, '', '   \n'])('unlock needs a reason (422.2) — %p', (reason) => {
    expect(outcome('verified', 'unlock', ctx('admin', { reason }))).toBe('422.2');
  });
  test('extendDeadline needs a reason and a future end date', () => {
    expect(outcome('draft', 'extendDeadline', ctx('admin', { reason: ' ' }))).toBe('422.2');
    expect(outcome('draft', 'extendDeadline', ctx('admin', { newExtensionUntil: IN_WINDOW }))).toBe('422.3');
    expect(outcome('draft', 'extendDeadline', ctx('admin', { newExtensionUntil: new Date('x') }))).toBe('422.3');
    expect(outcome('draft', 'extendDeadline', ctx('admin', { newExtensionUntil: undefined }))).toBe('422.3');
  });
  test('role is checked before state, state before preconditions (no leaking)', () => {
    expect(outcome('verified', 'unlock', ctx('evaluator', { reason: '' }))).toBe('403.1');
    expect(outcome('draft', 'returnForRevision', ctx('evaluator', { fixRequests: 0 }))).toBe('409.1');
  });
  test('unknown role, state or action from stored data is refused', () => {
    expect(outcome('draft', 'submit', ctx('superuser' as Role))).toBe('403.1');
    expect(outcome('archived' as ResponseState, 'submit', ctx('operator'))).toBe('409.1');
    expect(outcome('draft', 'delete' as WorkflowAction, ctx('admin'))).toBe('409.1');
  });
  test('problems carry an Indonesian message', () => {
    const r = transition('verified', 'saveDraft', ctx('operator'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.message).toMatch(/dikunci/);
  });
});

describe('availableActions', () => {
  test('offers what succeeds plus what only lacks the actor input', () => {
    expect(availableActions('in_review', ctx('evaluator', { fixRequests: 0 }))).toEqual(['returnForRevision', 'verify']);
    expect(availableActions('verified', ctx('admin', { reason: undefined }))).toEqual(['unlock']);
    expect(availableActions('draft', ctx('operator'))).toEqual(['saveDraft', 'submit']);
    expect(availableActions('draft', ctx('operator', { now: new Date('2026-01-01T00:00:00Z') }))).toEqual([]);
    expect(availableActions('returned', ctx('pimpinan'))).toEqual([]);
  });
});

describe('random walks', () => {
  test('every accepted action leads to a known state; verified only leaves through an admin unlock', () => {
    const step = fc.record({ role: fc.constantFrom(...ROLES), action: fc.constantFrom(...WORKFLOW_ACTIONS) });
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      let state: ResponseState = 'draft';
      for (const { role, action } of steps) {
        const r = transition(state, action, ctx(role));
        if (!r.ok) continue;
        expect(RESPONSE_STATES).toContain(r.next);
        if (state === 'verified') expect([role, action, r.next]).toEqual(['admin', 'unlock', 'in_review']);
        state = r.next;
      }
    }));
  });
});
