/**
 * Checklist 9-10: a role × route matrix generated from the declared policies of the register and
 * user-management routes. Every role (anonymous, operator, evaluator of another kabupaten/kota,
 * evaluator, pimpinan, admin) gets exactly what the policy says: anonymous → 401 (or the login
 * page for a browser GET), a role without the permission → 403.1 with an audit entry, a role with
 * it → past the guard (whatever the handler then answers).
 */
import type { Express } from 'express';
import { authorise } from '../../../server/domain/access/route-policy';
import type { AccessUser } from '../../../server/domain/access/roles';
import { registryOf } from '../../../server/http/endpoint';
import { AuditEntry } from '../../../server/model/audit';
import { testApp } from '../../helpers/app';
import { clearDb, startTestDb, type TestDb } from '../../helpers/db';
import { type Agent, anonymousAgent, createUser, signedIn, type UserSpec } from '../../helpers/session';
import { insertOrg } from './fixtures';

let db: TestDb;
let app: Express;
const agents = new Map<string, { agent: Agent; user: AccessUser | null }>();
let orgId: string;
let targetUserId: string;

const MINE = /^\/(admin\/lembaga|admin\/pengguna|lembaga)(\/|$|-saya)/;

beforeAll(async () => {
  db = await startTestDb();
  app = testApp();
  await clearDb();
  orgId = await insertOrg('LKS Matriks', '36.02', '36.02.14');
  targetUserId = await createUser({ username: 'sasaran', role: 'pimpinan', kabkota: ['36.02'] });
  const specs: Record<string, UserSpec> = {
    operator: { username: 'm.operator', role: 'operator', organisationIds: [orgId] },
    evaluatorOther: { username: 'm.eval.serang', role: 'evaluator', kabkota: ['36.73'] },
    evaluator: { username: 'm.eval', role: 'evaluator', kabkota: ['36.02'] },
    pimpinan: { username: 'm.pimpinan', role: 'pimpinan', kabkota: 'all' },
    admin: { username: 'm.admin', role: 'admin' },
  };
  agents.set('anonymous', { agent: await anonymousAgent(app), user: null });
  for (const [name, spec] of Object.entries(specs)) {
    const { agent, userId } = await signedIn(app, spec);
    agents.set(name, { agent, user: { id: userId, role: spec.role, organisationIds: spec.organisationIds, kabkota: spec.kabkota } });
  }
}, 60000);
afterAll(async () => { await db.stop(); });

function routes() {
  return registryOf(app).list().filter((r) => MINE.test(r.path));
}

function concrete(path: string): string {
  return path.replace('/admin/pengguna/:id', `/admin/pengguna/${targetUserId}`).replace(':id', orgId);
}

describe('declared policies of the admin routes', () => {
  it('covers every register and user route, all admin-only except the read-only register', () => {
    const list = routes();
    expect(list.length).toBeGreaterThanOrEqual(20);
    for (const route of list) {
      if (route.path.startsWith('/admin/')) expect(['register.manage', 'user.manage']).toContain(route.policy);
      else expect(route.policy).toBe('register.view');
    }
  });
});

describe('role × route matrix (checklist 9, 10)', () => {
  const roleNames = ['anonymous', 'operator', 'evaluatorOther', 'evaluator', 'pimpinan', 'admin'];
  // Built at collection time from the same app the tests use.
  const collected = testApp();
  const cases = registryOf(collected).list().filter((r) => MINE.test(r.path))
    .flatMap((route) => roleNames.map((role) => ({ route, role })));

  it.each(cases.map((c) => [`${c.route.method} ${c.route.path} as ${c.role}`, c] as const))('%s', async (_name, { route, role }) => {
    const { agent, user } = agents.get(role)!;
    const path = concrete(route.path);
    const deniedBefore = await AuditEntry.countDocuments({ action: 'authz.denied' });
    const res = route.method === 'GET'
      ? await agent.get(path).set('Accept', 'application/json')
      : await agent.post(path).set('Accept', 'application/json').set('X-CSRF-Token', agent.csrf).send({});
    const decision = authorise(user, route.policy);
    if (decision.ok) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(Math.floor(decision.problem.code));
      expect(res.body.code).toBe(decision.problem.code);
      if (decision.problem.code === 403.1) {
        expect(await AuditEntry.countDocuments({ action: 'authz.denied' })).toBe(deniedBefore + 1);
      }
    }
  });

  it('sends anonymous browsers to the login page instead', async () => {
    const { agent } = agents.get('anonymous')!;
    for (const route of routes().filter((r) => r.method === 'GET')) {
      const res = await agent.get(concrete(route.path)).set('Accept', 'text/html');
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    }
  });

  it('keeps the evaluator of another kabupaten/kota out of the organisation by scope (404)', async () => {
    const { agent } = agents.get('evaluatorOther')!;
    const res = await agent.get(`/lembaga/${orgId}`).set('Accept', 'application/json');
    expect(res.status).toBe(404);
    const own = await agents.get('evaluator')!.agent.get(`/lembaga/${orgId}`).set('Accept', 'application/json');
    expect(own.status).toBe(200);
  });
});
