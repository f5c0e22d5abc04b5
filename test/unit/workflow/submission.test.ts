import { canonicalJson, classifySubmission, contentFingerprint, isValidInstanceId } from '../../../server/domain/workflow/submission';

describe('submission idempotency', () => {
  const answers = { b: [1, { y: 2, x: 1 }], a: 'teks', d: new Date('2025-07-01T00:00:00Z'), u: undefined };
  test('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson(answers)).toBe('{"a":"teks","b":[1,{"x":1,"y":2}],"d":"2025-07-01T00:00:00.000Z"}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });
  test('fingerprint ignores key order but not content', () => {
    const reordered = { d: new Date('2025-07-01T00:00:00Z'), a: 'teks', b: [1, { x: 1, y: 2 }] };
    expect(contentFingerprint(reordered)).toBe(contentFingerprint(answers));
    expect(contentFingerprint({ ...reordered, a: 'teks ' })).not.toBe(contentFingerprint(answers));
    expect(contentFingerprint(answers)).toMatch(/^[0-9a-f]{64}$/);
  });
  test('new, replay, conflict (checklist 30-31)', () => {
    const key = { instanceId: 'c0ffee-1234-uuid', fingerprint: contentFingerprint(answers) };
    expect(classifySubmission(null, key)).toEqual({ kind: 'new' });
    expect(classifySubmission(key, { ...key })).toEqual({ kind: 'replay' });
    const conflict = classifySubmission(key, { ...key, fingerprint: contentFingerprint({}) });
    expect(conflict.kind).toBe('conflict');
    if (conflict.kind === 'conflict') expect(conflict.problem.code).toBe(409.4);
    expect(classifySubmission({ ...key, instanceId: 'other-instance' }, key)).toEqual({ kind: 'new' });
  });
  test('instance ids are bounded and URL-safe', () => {
    expect(isValidInstanceId('550e8400-e29b-41d4-a716-446655440000')).toBe(true);
    expect(isValidInstanceId('short')).toBe(false);
    expect(isValidInstanceId('x'.repeat(65))).toBe(false);
    expect(isValidInstanceId('abc/../../etc')).toBe(false);
    expect(isValidInstanceId({ $ne: null })).toBe(false);
  });
});
