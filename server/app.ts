/**
 * Builds the express app (no `listen`: tests import it through supertest, main.ts serves it).
 * Order matters: request ids and logging first, then headers, static assets, body parsing,
 * routes, and last the 404 and error handlers.
 */
import express, { type Express } from 'express';
import compression from 'compression';
import type { Config } from './config';
import { ASSETS_DIR, VIEWS_DIR } from './paths';
import { bodyParsers } from './http/body';
import { errorHandler, notFound } from './http/errors';
import { healthRoutes, type ReadinessCheck } from './http/health';
import { requestLogger, type Logger } from './http/logging';
import { securityHeaders } from './http/security';
import { staticAssets } from './http/static';
import { createViewEngine } from './http/views';
import { homeRoutes } from './resources/home';

export interface AppDeps {
  config: Config;
  logger: Logger;
  isReady: ReadinessCheck;
}

export function createApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy); // a hop count, never `true`
  app.set('env', config.nodeEnv);

  const views = createViewEngine(VIEWS_DIR, { cache: config.nodeEnv !== 'development' });
  app.engine('hbs', views.engine);
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
  app.locals.lang = 'id';

  app.use(requestLogger(logger));
  app.use(securityHeaders({ https: false }));
  app.use(compression());
  app.use('/assets', staticAssets(ASSETS_DIR));
  app.use(healthRoutes(deps.isReady));
  app.use(...bodyParsers());

  app.use(homeRoutes());

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
