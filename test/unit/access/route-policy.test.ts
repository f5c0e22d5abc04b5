import { RouteRegistry, authorise, type RoutePolicy } from '../../../server/domain/access/route-policy';
import { ROLES, type AccessUser } from '../../../server/domain/access/roles';
import { roleCan } from '../../../server/domain/access/permissions';

function registry(): RouteRegistry {
  const r = new RouteRegistry();
  r.declare({ method: 'GET', path: '/', policy: 'public' });
  r.declare({ method: 'GET', path: '/masuk', policy: 'public' });
  r.declare({ method: 'GET', path: '/beranda', policy: 'authenticated' });
  r.declare({ method: 'post', path: '/tanggapan/:id/kirim', policy: 'response.fill' });
  r.declare({ method: 'ALL', path: '/admin/pengguna', policy: 'user.manage' });
  return r;
}

describe('RouteRegistry', () => {
  test('all routes declared → no throw; stale declarations are reported', () => {
    const r = registry();
    const result = r.assertAllRoutesDeclared([
      { method: 'GET', path: '/' },
      { method: 'get', path: '/beranda/' },
      { method: 'POST', path: '/tanggapan/:id/kirim' },
      { method: 'DELETE', path: '/admin/pengguna' },
    ]);
    expect(result.unused.map((d) => `${d.method} ${d.path}`)).toEqual(['GET /masuk']);
  });

  test('undeclared routes throw at start-up, all listed at once', () => {
    const r = registry();
    expect(() => r.assertAllRoutesDeclared([
      { method: 'GET', path: '/' },
      { method: 'POST', path: '/tanggapan/:id/hapus' },
      { method: 'GET', path: '/laporan' },
    ])).toThrow('Routes without a declared access policy (2): POST /tanggapan/:id/hapus, GET /laporan');
  });

  test('HEAD falls back to GET; method and trailing slash are normalised', () => {
    const r = registry();
    expect(r.policyFor({ method: 'HEAD', path: '/beranda' })).toBe('authenticated');
    expect(r.policyFor({ method: 'POST', path: '/tanggapan/:id/kirim/' })).toBe('response.fill');
    expect(r.policyFor({ method: 'PATCH', path: '/admin/pengguna' })).toBe('user.manage');
    expect(r.policyFor({ method: 'POST', path: '/' })).toBeUndefined();
  });

  test('double declarations and unknown policies are programming errors', () => {
    const r = registry();
    expect(() => r.declare({ method: 'GET', path: '/masuk/', policy: 'authenticated' })).toThrow(/declared twice/);
    expect(() => r.declare({ method: 'GET', path: '/x', policy: 'superpower' as RoutePolicy })).toThrow(/Unknown access policy/);
  });
});

describe('authorise: generated role × policy matrix', () => {
  const policies: RoutePolicy[] = ['public', 'authenticated', 'response.fill', 'response.review', 'user.manage', 'export.cycle'];
  const users: (AccessUser | null)[] = [null, ...ROLES.map((role) => ({ id: role, role })), { id: 'd', role: 'admin', disabled: true }];
  const cases = users.flatMap((user) => policies.map((policy) => [user?.role ?? 'anonymous', user, policy] as const));

  test.each(cases)('%s on %s', (_label, user, policy) => {
    const result = authorise(user, policy);
    let want: number | 'ok';
    if (policy === 'public') want = 'ok';
    else if (!user) want = 401.1;
    else if (user.disabled) want = 403.1;
    else if (policy === 'authenticated') want = 'ok';
    else want = roleCan(user.role, policy) ? 'ok' : 403.1;
    expect(result.ok ? 'ok' : result.problem.code).toBe(want);
  });
});
