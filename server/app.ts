/**
 * Builds the express app (no `listen`: tests import it through supertest, main.ts serves it).
 * Order matters: request ids and logging first, then headers, static assets, health, body
 * parsing, sessions, CSRF and the current user, the routes, and last the 404 and error handlers.
 * Every route is declared with an access policy; the app refuses to build if one is missing.
 */
import express, { type Express, type RequestHandler } from 'express';
import compression from 'compression';
import type { Config } from './config';
import { ASSETS_DIR, VIEWS_DIR } from './paths';
import { bodyParsers } from './http/body';
import { csrfProtection } from './http/csrf';
import { currentUser } from './http/current-user';
import { assertRoutesDeclared } from './http/endpoint';
import { errorHandler, notFound } from './http/errors';
import { healthRoutes, type ReadinessCheck } from './http/health';
import { requestLogger, type Logger } from './http/logging';
import { securityHeaders } from './http/security';
import { sessions } from './http/session';
import { staticAssets } from './http/static';
import { createViewEngine } from './http/views';
import { mountResources } from './resources';
import { unreadBadge } from './resources/notices';

export interface AppDeps {
  config: Config;
  logger: Logger;
  isReady: ReadinessCheck;
  sessionSecret: string;
}

/** Until a user replaces an admin-made password, pages lead to the password form. */
const requirePasswordChange: RequestHandler = (req, res, next) => {
  if (req.user?.mustChangePassword && req.method === 'GET' && req.path !== '/akun/sandi' && req.accepts(['html', 'json']) === 'html') {
    return res.redirect(303, '/akun/sandi');
  }
  next();
};

export function createApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy); // a hop count, never `true`
  app.set('env', config.nodeEnv);
  app.set('query parser', 'simple'); // flat strings: `a[$ne]=1` is the key "a[$ne]", never an object

  const views = createViewEngine(VIEWS_DIR, { cache: config.nodeEnv !== 'development' });
  app.engine('hbs', views.engine);
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
  app.locals.lang = 'id';

  app.use(requestLogger(logger));
  app.use(securityHeaders({ https: false }));
  app.use(compression());
  app.use('/assets', staticAssets(ASSETS_DIR));
  healthRoutes(app, deps.isReady);
  app.use(...bodyParsers());
  app.use(...sessions(deps.sessionSecret));
  app.use(csrfProtection);
  app.use(currentUser);
  app.use(requirePasswordChange);
  app.use(unreadBadge);

  mountResources(app);

  assertRoutesDeclared(app);
  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
