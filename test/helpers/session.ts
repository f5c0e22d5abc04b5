/**
 * Signed-in supertest agents. `createUser` stores a real account (scrypt hash); `loginAs` walks
 * the real login form: GET /login (cookie + CSRF token), POST /login, then keeps the cookie.
 * `agent.csrf` is the current token for state-changing requests.
 */
import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { hashPassword } from '../../server/domain/accounts/password';
import type { Role } from '../../server/domain/access/roles';
import { User } from '../../server/model/user';

export const TEST_PASSWORD = 'kata-sandi-uji-123';

export interface UserSpec {
  username: string;
  role: Role;
  name?: string;
  organisationIds?: string[];
  kabkota?: string[] | 'all';
  password?: string;
  mustChangePassword?: boolean;
}

let cachedHash: string | undefined;

export async function createUser(spec: UserSpec): Promise<string> {
  const passwordHash = spec.password ? await hashPassword(spec.password) : (cachedHash ??= await hashPassword(TEST_PASSWORD));
  const user = await User.create({
    username: spec.username, name: spec.name ?? spec.username, role: spec.role,
    organisationIds: spec.organisationIds ?? [], kabkota: spec.kabkota ?? [], passwordHash,
    mustChangePassword: spec.mustChangePassword ?? false,
  });
  return String(user._id);
}

export type Agent = InstanceType<typeof TestAgent> & { csrf: string };

/** A fresh agent with a session and CSRF token but nobody signed in. */
export async function anonymousAgent(app: Express): Promise<Agent> {
  const agent = request.agent(app) as Agent;
  agent.csrf = await fetchCsrf(agent, '/login');
  return agent;
}

/** Reads the CSRF token from any page that has a form. */
export async function fetchCsrf(agent: InstanceType<typeof TestAgent>, path = '/login'): Promise<string> {
  const page = await agent.get(path).set('Accept', 'text/html');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error(`no CSRF token on ${path} (status ${page.status})`);
  return token;
}

export async function loginAs(app: Express, username: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = await anonymousAgent(app);
  const res = await agent.post('/login').type('form').send({ username, password, _csrf: agent.csrf });
  if (res.status !== 303) throw new Error(`login as ${username} failed: ${res.status} ${res.text.slice(0, 200)}`);
  // The session id changed at login; the token stays with the session data.
  agent.csrf = await fetchCsrf(agent, '/akun/sandi');
  return agent;
}

/** Create a user and sign in as them. */
export async function signedIn(app: Express, spec: UserSpec): Promise<{ agent: Agent; userId: string }> {
  const userId = await createUser(spec);
  return { agent: await loginAs(app, spec.username, spec.password), userId };
}
