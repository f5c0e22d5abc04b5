/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers). */
import type { Express } from 'express';
import { Problem } from '../domain/problems';
import { endpoint } from './endpoint';
import { sendProblem } from './errors';

export type ReadinessCheck = () => Promise<boolean>;

export function healthRoutes(app: Express, isReady: ReadinessCheck): void {
  endpoint(app, 'get', '/healthz', 'public', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  endpoint(app, 'get', '/readyz', 'public', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const ready = await isReady().catch(() => false);
    if (ready) res.json({ status: 'ready' });
    else sendProblem(res, new Problem(503.1));
  });
}
