/** Signed-in agents for a role × route matrix: `anonymous` plus one per spec, with the access-rule view of each user. */
import type { Express } from 'express';
import type { AccessUser } from '../../server/domain/access/roles';
import { type Agent, anonymousAgent, signedIn, type UserSpec } from './session';

export type RoleAgents = Map<string, { agent: Agent; user: AccessUser | null }>;

export async function roleAgents(app: Express, specs: Record<string, UserSpec>): Promise<RoleAgents> {
  const agents: RoleAgents = new Map([['anonymous', { agent: await anonymousAgent(app), user: null }]]);
  for (const [name, spec] of Object.entries(specs)) {
    const { agent, userId } = await signedIn(app, spec);
    agents.set(name, { agent, user: { id: userId, role: spec.role, organisationIds: spec.organisationIds, kabkota: spec.kabkota } });
  }
  return agents;
}
