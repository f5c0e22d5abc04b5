import fc from 'fast-check';
import {
  CYCLE_ACTIONS, CYCLE_STATUSES, availableCycleActions, closeImpact, cycleActionAllowed, planClose, planReopen, planReschedule,
  type CycleStatus, type RescheduleRequest,
} from '../../../server/domain/workflow/cycle-lifecycle';

const OPENS = new Date('2026-06-01T00:00:00+07:00');
const CLOSES = new Date('2026-08-31T23:59:59.999+07:00');
const NOW = new Date('2026-07-15T10:00:00+07:00');
const LATER = new Date('2026-09-30T23:59:59.999+07:00');

function reschedule(over: Partial<RescheduleRequest> = {}) {
  return planReschedule({
    status: 'open', now: NOW, current: { opensAt: OPENS, closesAt: CLOSES }, closesAt: LATER, reason: 'Banjir di Lebak', responsesStarted: true, ...over,
  });
}

function issueCodes(d: { kind: string; issues?: readonly { code: string }[] }): string[] {
  return d.kind === 'invalid' ? (d.issues ?? []).map((i) => i.code) : [d.kind];
}

describe('cycle statuses and actions', () => {
  const table: Record<CycleStatus, string[]> = { draft: ['open', 'reschedule'], open: ['reschedule', 'close'], closed: ['reopen'] };
  test.each(CYCLE_STATUSES)('%s offers exactly the declared actions', (status) => {
    expect(availableCycleActions(status)).toEqual(table[status]);
    for (const action of CYCLE_ACTIONS) expect(cycleActionAllowed(status, action)).toBe(table[status].includes(action));
  });
  test('an unknown stored status allows nothing', () => {
    expect(availableCycleActions('archived')).toEqual([]);
    expect(availableCycleActions(undefined)).toEqual([]);
  });
});

describe('planReschedule', () => {
  test('moves the deadline of an open cycle and reports the change', () => {
    const d = reschedule();
    expect(d).toEqual({ kind: 'ok', next: { opensAt: OPENS, closesAt: LATER }, changes: [{ field: 'closesAt', from: CLOSES, to: LATER }] });
  });
  test('the deadline may also move earlier, as long as it stays ahead of now', () => {
    const earlier = new Date('2026-07-20T23:59:59.999+07:00');
    expect(reschedule({ closesAt: earlier })).toMatchObject({ kind: 'ok', next: { closesAt: earlier } });
  });
  test('a deadline at or before now is refused: that is closing', () => {
    expect(issueCodes(reschedule({ closesAt: NOW }))).toEqual(['closesAt.past']);
    expect(issueCodes(reschedule({ closesAt: new Date('2026-07-01T00:00:00Z') }))).toEqual(['closesAt.past']);
  });
  test('a deadline before the opening is refused', () => {
    const d = reschedule({ status: 'draft', responsesStarted: false, opensAt: new Date('2026-10-01T00:00:00+07:00'), closesAt: LATER });
    expect(issueCodes(d)).toEqual(['order']);
  });
  test('the opening date moves only while nobody has started', () => {
    const newOpens = new Date('2026-07-01T00:00:00+07:00');
    expect(issueCodes(reschedule({ opensAt: newOpens }))).toEqual(['opensAt.locked']);
    expect(reschedule({ opensAt: newOpens, responsesStarted: false })).toMatchObject({
      kind: 'ok', next: { opensAt: newOpens, closesAt: LATER },
      changes: [{ field: 'opensAt', from: OPENS, to: newOpens }, { field: 'closesAt', from: CLOSES, to: LATER }],
    });
    // a draft cycle has no responses: its opening date is free
    expect(reschedule({ status: 'draft', opensAt: newOpens })).toMatchObject({ kind: 'ok' });
    // the same opening date sent back is not a change
    expect(reschedule({ opensAt: new Date(OPENS.getTime()) })).toMatchObject({ kind: 'ok', changes: [{ field: 'closesAt' }] });
  });
  test('a reason is required; every issue is reported at once', () => {
    expect(issueCodes(reschedule({ reason: '  \n' }))).toEqual(['reason.missing']);
    expect(issueCodes(reschedule({ reason: '', closesAt: null, opensAt: null }))).toEqual(['opensAt.invalid', 'closesAt.invalid', 'reason.missing']);
  });
  test('nothing changed is not a change', () => {
    expect(issueCodes(reschedule({ closesAt: CLOSES }))).toEqual(['unchanged']);
  });
  test('a closed cycle is not rescheduled (reopen it): 409.1', () => {
    const d = reschedule({ status: 'closed' });
    expect(d.kind).toBe('refused');
    if (d.kind === 'refused') expect(d.problem).toMatchObject({ code: 409.1, details: { status: 'closed' } });
  });
  test('property: an accepted schedule always has now < deadline and opening < deadline', () => {
    const day = 24 * 3600 * 1000;
    fc.assert(fc.property(fc.integer({ min: -400, max: 400 }), fc.option(fc.integer({ min: -400, max: 400 })), fc.boolean(), (c, o, started) => {
      const d = reschedule({
        closesAt: new Date(NOW.getTime() + c * day), opensAt: o === null ? undefined : new Date(NOW.getTime() + o * day), responsesStarted: started,
      });
      if (d.kind !== 'ok') return;
      expect(d.next.closesAt.getTime()).toBeGreaterThan(NOW.getTime());
      expect(d.next.closesAt.getTime()).toBeGreaterThan(d.next.opensAt.getTime());
      if (started) expect(d.next.opensAt).toBe(OPENS);
    }));
  });
});

describe('planClose', () => {
  test('an open cycle closes with a confirmation', () => {
    expect(planClose({ status: 'open', confirmed: true })).toEqual({ kind: 'ok', next: 'closed' });
    expect(issueCodes(planClose({ status: 'open', confirmed: false }))).toEqual(['confirm.missing']);
  });
  test.each(['draft', 'closed'] as const)('a %s cycle cannot be closed (409.1)', (status) => {
    expect(planClose({ status, confirmed: true })).toMatchObject({ kind: 'refused', problem: { code: 409.1 } });
  });
});

describe('planReopen', () => {
  const base = { status: 'closed' as const, current: { opensAt: OPENS, closesAt: CLOSES }, reason: 'Dibuka untuk lembaga yang terdampak banjir' };
  test('keeps the deadline when it is still ahead', () => {
    expect(planReopen({ ...base, now: NOW })).toEqual({ kind: 'ok', next: 'open', closesAt: CLOSES, changes: [] });
  });
  test('a passed deadline needs a new one that lies ahead', () => {
    const after = new Date('2026-09-05T00:00:00+07:00');
    expect(issueCodes(planReopen({ ...base, now: after }))).toEqual(['closesAt.needed']);
    expect(issueCodes(planReopen({ ...base, now: after, closesAt: new Date('2026-09-01T00:00:00Z') }))).toEqual(['closesAt.past']);
    expect(issueCodes(planReopen({ ...base, now: after, closesAt: null }))).toEqual(['closesAt.invalid']);
    expect(planReopen({ ...base, now: after, closesAt: LATER })).toEqual({
      kind: 'ok', next: 'open', closesAt: LATER, changes: [{ field: 'closesAt', from: CLOSES, to: LATER }],
    });
  });
  test('a reason is required', () => {
    expect(issueCodes(planReopen({ ...base, now: NOW, reason: ' ' }))).toEqual(['reason.missing']);
  });
  test('a new deadline before the opening is refused', () => {
    const early = new Date('2026-01-01T00:00:00Z');
    expect(issueCodes(planReopen({ ...base, now: early, closesAt: new Date('2026-03-01T00:00:00Z') }))).toEqual(['order']);
  });
  test.each(['draft', 'open'] as const)('a %s cycle cannot be reopened (409.1)', (status) => {
    expect(planReopen({ ...base, status, now: NOW })).toMatchObject({ kind: 'refused', problem: { code: 409.1 } });
  });
});

describe('closeImpact', () => {
  test('groups response counts the way the close page explains them', () => {
    expect(closeImpact({ draft: 3, returned: 1, submitted: 2, resubmitted: 1, in_review: 4, verified: 5 })).toEqual({
      notSubmitted: 3, returned: 1, awaitingReview: 7, verified: 5, total: 16,
    });
    expect(closeImpact({})).toEqual({ notSubmitted: 0, returned: 0, awaitingReview: 0, verified: 0, total: 0 });
    expect(closeImpact({ draft: Number.NaN, verified: 2 })).toMatchObject({ notSubmitted: 0, total: 2 });
  });
});
