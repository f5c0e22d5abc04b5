/** Who is told of which event, and what each user chose (domain/notify: events.ts, recipients.ts). */
import { DEFAULT_PREFS, KINDS_BY_ROLE, normalisePrefs, prefsFromForm, recipientsFor, rolesFor, type Candidate, type NoticeEvent } from '../../../server/domain/notify';

const about = { responseId: 'r1', organisationId: 'orgA', organisationName: 'LKSA Harapan', kabkotaCode: '36.02', cycleId: 'c1', cycleName: 'Monev 2026' };
const returned: NoticeEvent = { kind: 'response_returned', key: 'k', about, items: [] };
const submitted: NoticeEvent = { kind: 'response_submitted', key: 'k', about, resubmitted: false };

const users: Candidate[] = [
  { id: 'op1', role: 'operator', name: 'Operator A', organisationIds: ['orgA'], email: 'op1@lks.example.id' },
  { id: 'op2', role: 'operator', name: 'Operator B', organisationIds: ['orgB'], email: 'op2@lks.example.id' },
  { id: 'op3', role: 'operator', name: 'Operator A2', organisationIds: ['orgX', 'orgA'], email: null },
  { id: 'opOff', role: 'operator', name: 'Nonaktif', organisationIds: ['orgA'], disabled: true, email: 'x@lks.example.id' },
  { id: 'ev1', role: 'evaluator', name: 'Evaluator Lebak', kabkota: ['36.02'], email: 'ev1@dinsos.example.id' },
  { id: 'ev2', role: 'evaluator', name: 'Evaluator Serang', kabkota: ['36.73'], email: 'ev2@dinsos.example.id' },
  { id: 'ev3', role: 'evaluator', name: 'Evaluator Provinsi', kabkota: 'all', email: 'ev3@dinsos.example.id', prefs: { email: false } },
  { id: 'ev4', role: 'evaluator', name: 'Evaluator Lembaga', kabkota: ['36.73'], organisationIds: ['orgA'], email: 'bukan-email' },
  { id: 'adm', role: 'admin', name: 'Admin', email: 'admin@dinsos.example.id' },
  { id: 'pim', role: 'pimpinan', name: 'Pimpinan', kabkota: 'all', email: 'pim@dinsos.example.id' },
];

describe('recipientsFor', () => {
  it('tells the enabled operators of the organisation about a return, e-mail only to valid addresses', () => {
    expect(recipientsFor(returned, users, { mail: true })).toEqual([
      { userId: 'op1', name: 'Operator A', email: 'op1@lks.example.id' },
      { userId: 'op3', name: 'Operator A2', email: null },
    ]);
  });

  it('tells the evaluators whose area covers the response about a submission (kabupaten/kota, province, listed organisation)', () => {
    expect(recipientsFor(submitted, users, { mail: true }).map((r) => [r.userId, r.email])).toEqual([
      ['ev1', 'ev1@dinsos.example.id'], ['ev3', null], ['ev4', null],
    ]);
  });

  it('sends no e-mail at all when the installation has none', () => {
    expect(recipientsFor(returned, users, { mail: false }).every((r) => r.email === null)).toBe(true);
  });

  it('leaves out users who muted the kind, and never tells admins or leadership', () => {
    const muted = users.map((u) => (u.id === 'op1' ? { ...u, prefs: { muted: ['response_returned'] } } : u));
    expect(recipientsFor(returned, muted, { mail: true }).map((r) => r.userId)).toEqual(['op3']);
    for (const kind of ['cycle_opened', 'response_verified', 'extension_granted', 'deadline_reminder'] as const) {
      expect(KINDS_BY_ROLE.admin).not.toContain(kind);
      expect(KINDS_BY_ROLE.pimpinan).not.toContain(kind);
    }
  });

  it('names the roles to load per kind', () => {
    expect(rolesFor('response_submitted')).toEqual(['evaluator']);
    expect(rolesFor('cycle_opened')).toEqual(['operator']);
  });
});

describe('preferences', () => {
  it('defaults to every kind and e-mail on; reads any stored shape safely', () => {
    expect(normalisePrefs(null)).toEqual(DEFAULT_PREFS);
    expect(normalisePrefs({ email: 'no', muted: ['response_returned', 'bogus', 'response_returned', 7] })).toEqual({ email: true, muted: ['response_returned'] });
    expect(normalisePrefs({ email: false })).toEqual({ email: false, muted: [] });
  });

  it('reads the form: unchecked kinds of the role are muted, other kinds keep their stored value', () => {
    const before = { email: true, muted: ['response_submitted' as const] };
    const prefs = prefsFromForm('operator', { 'kind.cycle_opened': 'on', 'kind.response_returned': 'on', email: 'on' }, before);
    expect(prefs).toEqual({ email: true, muted: ['deadline_reminder', 'response_submitted', 'response_verified', 'extension_granted'] });
    expect(prefsFromForm('evaluator', {}, DEFAULT_PREFS)).toEqual({ email: false, muted: ['response_submitted'] });
  });
});
