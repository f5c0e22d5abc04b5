import { Query } from 'mingo';
import {
  inScope, matchNothing, organisationFilter, responseFilter, scopeFor, withScope,
} from '../../../server/domain/access/scope';
import type { AccessUser } from '../../../server/domain/access/roles';

const admin: AccessUser = { id: 'a', role: 'admin' };
const operatorA: AccessUser = { id: 'o', role: 'operator', organisationIds: ['orgA'] };
const evaluatorLebak: AccessUser = { id: 'e', role: 'evaluator', kabkota: ['36.02'] };
const evaluatorProvince: AccessUser = { id: 'p', role: 'evaluator', kabkota: 'all' };
const pimpinanKota: AccessUser = { id: 'k', role: 'pimpinan', kabkota: ['36.71', '36.74'] };
// Issue 5: evaluators assigned to listed organisations, alone or on top of kabupaten/kota.
const evaluatorOrgs: AccessUser = { id: 'eo', role: 'evaluator', organisationIds: ['orgB', 'orgD'] };
const evaluatorMixed: AccessUser = { id: 'em', role: 'evaluator', kabkota: ['36.02'], organisationIds: ['orgD'] };

const responses = [
  { _id: 'r1', organisationId: 'orgA', kabkotaCode: '36.02' },
  { _id: 'r2', organisationId: 'orgB', kabkotaCode: '36.02' },
  { _id: 'r3', organisationId: 'orgC', kabkotaCode: '36.71' },
  { _id: 'r4', organisationId: 'orgD', kabkotaCode: '36.74' },
];
const organisations = responses.map((r) => ({ _id: r.organisationId, location: { kabkotaCode: r.kabkotaCode } }));

function visible<T extends Record<string, unknown>>(filter: Record<string, unknown>, rows: T[]): T[] {
  const q = new Query(filter);
  return rows.filter((row) => q.test(row));
}
const ids = (rows: { _id: string }[]) => rows.map((r) => r._id);

describe('scopeFor', () => {
  test.each([
    ['admin', admin, { all: true }],
    ['operator', operatorA, { organisationIds: ['orgA'] }],
    ['evaluator of Lebak', evaluatorLebak, { kabkota: ['36.02'] }],
    ['provincial evaluator', evaluatorProvince, { all: true }],
    ['pimpinan of two kota', pimpinanKota, { kabkota: ['36.71', '36.74'] }],
    ['evaluator of listed organisations', evaluatorOrgs, { organisationIds: ['orgB', 'orgD'] }],
    ['evaluator of Lebak plus one organisation', evaluatorMixed, { kabkota: ['36.02'], organisationIds: ['orgD'] }],
    ['provincial evaluator with organisations too', { id: 'x', role: 'evaluator', kabkota: 'all', organisationIds: ['orgA'] }, { all: true }],
    ['evaluator with empty kabkota and empty organisations', { id: 'x', role: 'evaluator', kabkota: [], organisationIds: [] }, { none: true }],
    ['pimpinan ignores organisation ids (kabkota only)', { id: 'x', role: 'pimpinan', kabkota: [], organisationIds: ['orgA'] }, { none: true }],
    ['operator ignores kabkota', { id: 'x', role: 'operator', organisationIds: ['orgA'], kabkota: ['36.71'] }, { organisationIds: ['orgA'] }],
    ['operator without organisation', { id: 'x', role: 'operator' }, { none: true }],
    ['operator with empty list', { id: 'x', role: 'operator', organisationIds: [] }, { none: true }],
    ['evaluator without kabkota', { id: 'x', role: 'evaluator' }, { none: true }],
    ['pimpinan with empty kabkota', { id: 'x', role: 'pimpinan', kabkota: [] }, { none: true }],
    ['disabled admin', { id: 'x', role: 'admin', disabled: true }, { none: true }],
    ['unknown role', { id: 'x', role: 'root' }, { none: true }],
    ['nobody', null, { none: true }],
  ] as [string, AccessUser | null, object][])('%s', (_name, user, want) => {
    expect(scopeFor(user)).toEqual(want);
  });

  test('non-string ids in stored scope data are dropped, not turned into operators', () => {
    const odd = { id: 'x', role: 'operator', organisationIds: [{ $ne: null }, '', 'orgA'] } as unknown as AccessUser;
    expect(scopeFor(odd)).toEqual({ organisationIds: ['orgA'] });
  });
});

describe('responseFilter / organisationFilter (evaluated with mingo)', () => {
  test.each([
    ['admin', admin, ['r1', 'r2', 'r3', 'r4']],
    ['operator A', operatorA, ['r1']],
    ['evaluator of Lebak', evaluatorLebak, ['r1', 'r2']],
    ['provincial evaluator', evaluatorProvince, ['r1', 'r2', 'r3', 'r4']],
    ['pimpinan of two kota', pimpinanKota, ['r3', 'r4']],
    ['evaluator of listed organisations', evaluatorOrgs, ['r2', 'r4']],
    ['evaluator of Lebak plus one organisation (union)', evaluatorMixed, ['r1', 'r2', 'r4']],
    ['operator without organisation', { id: 'x', role: 'operator' } as AccessUser, []],
    ['nobody', null, []],
  ] as [string, AccessUser | null, string[]][])('%s sees exactly its responses and organisations', (_n, user, want) => {
    expect(ids(visible(responseFilter(user), responses))).toEqual(want);
    const orgs = visible(organisationFilter(user), organisations).map((o) => o._id);
    expect(orgs).toEqual(responses.filter((r) => want.includes(r._id)).map((r) => r.organisationId));
  });

  test('filters agree with inScope for every user and row', () => {
    for (const user of [admin, operatorA, evaluatorLebak, evaluatorProvince, pimpinanKota, evaluatorOrgs, evaluatorMixed, null]) {
      for (const row of responses) {
        expect(visible(responseFilter(user), [row]).length === 1).toBe(inScope(user, row));
      }
    }
  });

  test('castId converts organisation ids (for the bare driver)', () => {
    expect(responseFilter(operatorA, (id) => `oid:${id}`)).toEqual({ organisationId: { $in: ['oid:orgA'] } });
  });

  test('the union scope is an $or of the kabkota and organisation conditions, on each model\'s fields', () => {
    expect(responseFilter(evaluatorMixed)).toEqual({ $or: [{ kabkotaCode: { $in: ['36.02'] } }, { organisationId: { $in: ['orgD'] } }] });
    expect(organisationFilter(evaluatorMixed, (id) => `oid:${id}`))
      .toEqual({ $or: [{ 'location.kabkotaCode': { $in: ['36.02'] } }, { _id: { $in: ['oid:orgD'] } }] });
  });

  test('a caller $or cannot widen the union scope', () => {
    const sneaky = { $or: [{ organisationId: 'orgC' }, { kabkotaCode: '36.71' }] };
    expect(ids(visible(withScope(responseFilter(evaluatorMixed), sneaky), responses))).toEqual([]);
    const narrowing = { organisationId: { $in: ['orgC', 'orgD'] } };
    expect(ids(visible(withScope(responseFilter(evaluatorMixed), narrowing), responses))).toEqual(['r4']);
  });

  test('matchNothing is a fresh object each time', () => {
    const a = matchNothing();
    (a as { _id: { $in: unknown[] } })._id.$in.push('x');
    expect(matchNothing()).toEqual({ _id: { $in: [] } });
  });
});

describe('withScope', () => {
  test('ANDs the caller filter so it can never widen the scope', () => {
    const sneaky = { $or: [{ organisationId: 'orgB' }, { organisationId: 'orgA' }] };
    const combined = withScope(responseFilter(operatorA), sneaky);
    expect(ids(visible(combined, responses))).toEqual(['r1']);
    expect(combined).toEqual({ $and: [{ organisationId: { $in: ['orgA'] } }, sneaky] });
  });
  test('admin scope returns the caller filter; empty caller filter returns the scope', () => {
    expect(withScope(responseFilter(admin), { status: 'draft' })).toEqual({ status: 'draft' });
    expect(withScope(responseFilter(operatorA))).toEqual({ organisationId: { $in: ['orgA'] } });
  });
});
