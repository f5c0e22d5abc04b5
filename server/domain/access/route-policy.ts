/**
 * Every route declares who may call it, next to its definition:
 *   declareRoute({ method: 'POST', path: '/tanggapan/:id/kirim', policy: 'response.fill' });
 * At start-up the app lists its routes and calls `assertAllRoutesDeclared(list)`, which throws
 * naming every route without a declaration, so a forgotten policy can never ship (checklist 10).
 * Pure: takes plain `{method, path}` records, knows nothing about express.
 */
import { type DomainProblem, problem } from '../workflow/problems';
import { type Permission, can, isPermission } from './permissions';
import type { AccessUser } from './roles';

export type RoutePolicy = Permission | 'public' | 'authenticated';

export interface RouteKey {
  readonly method: string;
  readonly path: string;
}

export interface RouteDeclaration extends RouteKey {
  readonly policy: RoutePolicy;
}

function keyOf(route: RouteKey): string {
  const method = route.method.toUpperCase() === 'HEAD' ? 'GET' : route.method.toUpperCase();
  const path = route.path.length > 1 ? route.path.replace(/\/+$/, '') : route.path;
  return `${method} ${path}`;
}

export class RouteRegistry {
  private readonly declared = new Map<string, RouteDeclaration>();

  /** Declare a route's policy. Declaring the same method + path twice is a programming error. */
  declare(route: RouteDeclaration): RouteDeclaration {
    const { policy } = route;
    if (policy !== 'public' && policy !== 'authenticated' && !isPermission(policy)) {
      throw new Error(`Unknown access policy "${String(policy)}" for ${keyOf(route)}`);
    }
    const key = keyOf(route);
    if (this.declared.has(key)) throw new Error(`Access policy declared twice for ${key}`);
    const frozen = Object.freeze({ method: route.method.toUpperCase(), path: route.path, policy });
    this.declared.set(key, frozen);
    return frozen;
  }

  /** The policy for a route, falling back to an `ALL` declaration for the same path. */
  policyFor(route: RouteKey): RoutePolicy | undefined {
    return (this.declared.get(keyOf(route)) ?? this.declared.get(keyOf({ method: 'ALL', path: route.path })))?.policy;
  }

  list(): RouteDeclaration[] {
    return [...this.declared.values()];
  }

  /**
   * Throws when any route in `routes` has no declared policy, listing all of them at once.
   * Returns the declarations that matched no route (stale ones), for a start-up warning.
   */
  assertAllRoutesDeclared(routes: readonly RouteKey[]): { unused: RouteDeclaration[] } {
    const missing = routes.filter((r) => this.policyFor(r) === undefined).map(keyOf);
    if (missing.length > 0) {
      throw new Error(`Routes without a declared access policy (${missing.length}): ${[...new Set(missing)].join(', ')}`);
    }
    const seen = new Set(routes.map(keyOf));
    const unused = this.list().filter((d) => {
      if (d.method !== 'ALL') return !seen.has(keyOf(d));
      return !routes.some((r) => keyOf({ method: 'ALL', path: r.path }) === keyOf(d));
    });
    return { unused };
  }
}

/**
 * Decide a request against a policy: public → allowed; no user → 401.1; 'authenticated' →
 * any enabled user; a permission → the role must hold it (403.1).
 */
export function authorise(user: AccessUser | null | undefined, policy: RoutePolicy): { ok: true } | { ok: false; problem: DomainProblem } {
  if (policy === 'public') return { ok: true };
  if (!user) return { ok: false, problem: problem(401.1) };
  if (user.disabled) return { ok: false, problem: problem(403.1) };
  if (policy === 'authenticated') return { ok: true };
  return can(user, policy) ? { ok: true } : { ok: false, problem: problem(403.1) };
}

/** The application's registry. Tests make their own `new RouteRegistry()`. */
export const routes = new RouteRegistry();

export function declareRoute(route: RouteDeclaration): RouteDeclaration {
  return routes.declare(route);
}

export function assertAllRoutesDeclared(list: readonly RouteKey[]): { unused: RouteDeclaration[] } {
  return routes.assertAllRoutesDeclared(list);
}
