/**
 * Every route is declared with its access policy where it is defined:
 *   endpoint(app, 'post', '/tanggapan/:id/kirim', 'response.fill', handler)
 * The declaration goes into the app's registry, and a middleware checks the policy before the
 * handler (401 → login page for browsers, 403 with an audit entry). At start-up app.ts lists the
 * express routes and refuses to start if any has no declaration (checklist 10).
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import { authorise, type RoutePolicy, RouteRegistry } from '../domain/access/route-policy';
import { Problem } from '../domain/problems';
import { audit } from './audit';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const registries = new WeakMap<Express, RouteRegistry>();

export function registryOf(app: Express): RouteRegistry {
  let registry = registries.get(app);
  if (!registry) {
    registry = new RouteRegistry();
    registries.set(app, registry);
  }
  return registry;
}

function wantsHtml(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['html', 'json']) === 'html' && !req.path.startsWith('/api/');
}

function guard(policy: RoutePolicy): RequestHandler {
  return async (req: Request, res: Response, next) => {
    const decision = authorise(req.user, policy);
    if (decision.ok) return next();
    const status = Math.floor(decision.problem.code);
    if (status === 401 && wantsHtml(req)) {
      return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`);
    }
    if (status === 403) {
      await audit(req, { action: 'authz.denied', details: { method: req.method, path: req.path, policy } });
    }
    next(new Problem(decision.problem.code as 401.1 | 403.1));
  };
}

export function endpoint(app: Express, method: Method, path: string, policy: RoutePolicy, ...handlers: RequestHandler[]): void {
  registryOf(app).declare({ method: method.toUpperCase(), path, policy });
  app[method](path, guard(policy), ...handlers);
}

/** The routes express knows (for the start-up check). */
export function listRoutes(app: Express): { method: string; path: string }[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((layer) => (layer.route
    ? Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => ({ method: m.toUpperCase(), path: layer.route!.path }))
    : []));
}

export function assertRoutesDeclared(app: Express): void {
  registryOf(app).assertAllRoutesDeclared(listRoutes(app));
}
