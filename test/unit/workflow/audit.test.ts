import fc from 'fast-check';
import {
  AUDIT_ACTIONS, AUDIT_ACTION_FOR, answerChangeDetails, auditLogLine, buildAuditEntry, sanitiseDetails, sanitiseLogText,
} from '../../../server/domain/workflow/audit';
import { WORKFLOW_ACTIONS } from '../../../server/domain/workflow/state-machine';

const NOW = new Date('2025-07-15T10:20:30.000+07:00');
const operator = { id: 'user-7', role: 'operator' as const, organisationIds: ['org-1'] };

describe('sanitiseLogText', () => {
  test('CR/LF and friends become visible escapes (checklist 37)', () => {
    expect(sanitiseLogText('budi\r\n2025-01-01 auth.login who=admin')).toBe('budi\\r\\n2025-01-01 auth.login who=admin');
    expect(sanitiseLogText('a\u2028b\u2029c\u0085d\u0000e\u001bf\u007f')).toBe('a\\u2028b\\u2029c\\u0085d\\u0000e\\u001bf\\u007f');
    expect(sanitiseLogText('tab\there')).toBe('tab\\there');
    expect(sanitiseLogText('\u202Egnp.exe')).toBe('\\u202egnp.exe');
  });
  test('ordinary Indonesian text is untouched; long text is cut', () => {
    expect(sanitiseLogText('Panti Asuhan "Kasih Ibu" – Pandeglang')).toBe('Panti Asuhan "Kasih Ibu" – Pandeglang');
    expect(sanitiseLogText('x'.repeat(20), 5)).toBe('xxxxx…');
  });
  test('property: output never contains a line break or control character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      // eslint-disable-next-line no-control-regex
      expect(sanitiseLogText(s, 10_000)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    }));
  });
});

describe('sanitiseDetails', () => {
  test('cleans nested strings and keys, bounds size, blocks prototype keys', () => {
    const hostile = JSON.parse('{"__proto__":{"isAdmin":true},"$where":"1","a.b":"x\\ny","list":[1,"z\\r"],"n":null}');
    const out = sanitiseDetails({ ...hostile, when: new Date('2025-01-02T03:04:05Z'), bad: NaN, fn: () => 1 }) as Record<string, unknown>;
    expect(out).toEqual({ '＄where': '1', 'a．b': 'x\\ny', list: [1, 'z\\r'], n: null, when: '2025-01-02T03:04:05.000Z', bad: null, fn: null });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
  test('depth and width are bounded', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20; i += 1) deep = { d: deep };
    expect(JSON.stringify(sanitiseDetails(deep))).toContain('[…]');
    expect((sanitiseDetails(Array.from({ length: 500 }, (_, i) => i)) as unknown[]).length).toBe(100);
  });
});

describe('buildAuditEntry', () => {
  test('shapes an entry in UTC with the operator organisation by default', () => {
    const entry = buildAuditEntry({ actor: operator, action: 'response.submit', now: NOW, target: { kind: 'response', id: 'resp-1' }, ip: '10.0.0.5', details: { state: 'submitted' } });
    expect(entry).toEqual({
      who: 'user-7', role: 'operator', organisationId: 'org-1', action: 'response.submit',
      target: { kind: 'response', id: 'resp-1' }, at: '2025-07-15T03:20:30.000Z', ip: '10.0.0.5', details: { state: 'submitted' },
    });
  });
  test('anonymous failed login keeps the typed username only in sanitised details', () => {
    const entry = buildAuditEntry({ actor: null, action: 'login.failure', now: NOW, ip: '::1', details: { username: 'admin\nauth.login who=admin' } });
    expect(entry.who).toBeNull();
    expect(entry.role).toBeNull();
    expect(entry.details.username).toBe('admin\\nauth.login who=admin');
  });
  test('a forged IP header value is sanitised, a real one kept', () => {
    expect(buildAuditEntry({ actor: null, action: 'login.success', now: NOW, ip: '1.2.3.4\r\nX: y' }).ip).toBe('1.2.3.4\\r\\nX: y');
    expect(buildAuditEntry({ actor: null, action: 'login.success', now: NOW, ip: '2001:db8::1' }).ip).toBe('2001:db8::1');
    expect(buildAuditEntry({ actor: null, action: 'login.success', now: NOW }).ip).toBeNull();
  });
  test('explicit organisation wins; evaluators have none by default', () => {
    const evaluator = { id: 'e', role: 'evaluator' as const, kabkota: ['36.01'] };
    expect(buildAuditEntry({ actor: evaluator, action: 'response.verify', now: NOW }).organisationId).toBeNull();
    expect(buildAuditEntry({ actor: evaluator, action: 'response.verify', now: NOW, organisationId: 'org-9' }).organisationId).toBe('org-9');
  });
  test('every workflow action has an audit action', () => {
    for (const a of WORKFLOW_ACTIONS) expect(AUDIT_ACTIONS).toContain(AUDIT_ACTION_FOR[a]);
  });
});

describe('auditLogLine', () => {
  test('hostile values cannot add a line', () => {
    const entry = buildAuditEntry({
      actor: { id: 'x\ny', role: 'operator', organisationIds: ['o\r1'] }, action: 'register.update', now: NOW,
      target: { kind: 'organisation', id: 'id\u2028z' }, details: { nama: 'A\nB', nested: { k: 'v\r\n' } },
    });
    const line = auditLogLine(entry);
    expect(line.split(/\r\n|\r|\n|\u2028|\u2029/)).toHaveLength(1);
    expect(line).toMatch(/^2025-07-15T03:20:30.000Z register.update who=x\\ny role=operator org=o\\r1 target=organisation:id\\u2028z/);
  });
});

describe('answerChangeDetails', () => {
  test('records answer changes for the audit entry', () => {
    expect(answerChangeDetails({ a: 1 }, { a: 2 })).toEqual({ changes: [{ path: '/a', from: 1, to: 2 }], truncated: false });
  });
});
