/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers). */
import { Router } from 'express';
import { Problem } from '../domain/problems';
import { sendProblem } from './errors';

export type ReadinessCheck = () => Promise<boolean>;

export function healthRoutes(isReady: ReadinessCheck): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const ready = await isReady().catch(() => false);
    if (ready) res.json({ status: 'ready' });
    else sendProblem(res, new Problem(503.1));
  });
  return router;
}
