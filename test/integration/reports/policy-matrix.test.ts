/**
 * Checklist 10: a role × route matrix for every report route, generated from the declared
 * policies. Anonymous → 401.1 (the login page for a browser GET); a role without the permission
 * → 403.1 with an authz.denied audit entry; a role with it → past the guard, and for a response
 * outside the caller's scope → 404.1 (checklist 6).
 */
import { authorise } from '../../../server/domain/access/route-policy';
import type { AccessUser } from '../../../server/domain/access/roles';
import { registryOf } from '../../../server/http/endpoint';
import { AuditEntry } from '../../../server/model/audit';
import { type Agent, anonymousAgent, signedIn, type UserSpec } from '../../helpers/session';
import { seedReports, type Seeded } from './seed';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();

let seeded: Seeded;
const agents = new Map<string, { agent: Agent; user: AccessUser | null }>();

const REPORT_ROUTES = /^\/(dasbor|rapor|laporan|api\/(dasbor|rapor|laporan|openapi))/;

beforeAll(async () => {
  seeded = await seedReports();
  const specs: Record<string, UserSpec> = {
    operator: { username: 'm.operator', role: 'operator', organisationIds: [seeded.orgIds.A1] },
    evaluatorOther: { username: 'm.eval.serang', role: 'evaluator', kabkota: ['36.04'] },
    evaluator: { username: 'm.eval', role: 'evaluator', kabkota: ['36.02'] },
    pimpinan: { username: 'm.pimpinan', role: 'pimpinan', kabkota: 'all' },
    admin: { username: 'm.admin', role: 'admin' },
  };
  agents.set('anonymous', { agent: await anonymousAgent(env.app), user: null });
  for (const [name, spec] of Object.entries(specs)) {
    const { agent, userId } = await signedIn(env.app, spec);
    agents.set(name, { agent, user: { id: userId, role: spec.role, organisationIds: spec.organisationIds, kabkota: spec.kabkota } });
  }
}, 60000);

function routes() {
  return registryOf(env.app).list().filter((r) => REPORT_ROUTES.test(r.path));
}

/** A Lebak response (A1): in scope of the operator and the Lebak evaluator, not of Serang's. */
function concrete(path: string): string {
  return path.replace(':cycleId', seeded.cycleId).replace(':responseId', seeded.responseIds.A1);
}

describe('report route policies', () => {
  it('every report route is declared: report.view, export.cycle for exports, the API document for signed-in users', () => {
    const list = routes();
    expect(list.length).toBe(15);
    for (const r of list) {
      if (r.path.includes('/ekspor.')) expect(r.policy).toBe('export.cycle');
      else if (r.path === '/api/openapi.json') expect(r.policy).toBe('authenticated');
      else expect(r.policy).toBe('report.view');
    }
  });

  it('matrix: each role gets exactly what the policy (and the scope) says', async () => {
    for (const route of routes()) {
      for (const [who, { agent, user }] of agents) {
        const url = concrete(route.path);
        const isApi = url.startsWith('/api/');
        const before = await AuditEntry.countDocuments({ action: 'authz.denied' });
        const res = await agent.get(url).set('Accept', isApi ? 'application/json' : 'text/html');
        const decision = authorise(user, route.policy);
        const label = `${who} GET ${route.path} → ${res.status}`;
        if (!decision.ok && decision.problem.code === 401.1) {
          expect([label, res.status]).toEqual([label, isApi ? 401 : 303]);
        } else if (!decision.ok) {
          expect([label, res.status]).toEqual([label, 403]);
          expect(await AuditEntry.countDocuments({ action: 'authz.denied' })).toBe(before + 1);
        } else if (route.path === '/dasbor') {
          expect([label, res.headers.location]).toEqual([label, `/dasbor/${seeded.cycleId}`]);
        } else if (who === 'evaluatorOther' && route.path.includes(':responseId')) {
          expect([label, res.status]).toEqual([label, 404]);
        } else {
          expect([label, res.status]).toEqual([label, 200]);
        }
      }
    }
  });
});
