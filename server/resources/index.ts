/** Mounts every resource (URL area). One line per area; each declares its routes' policies. */
import type { Express } from 'express';
import { authRoutes } from './auth';
import { homeRoutes } from './home';

export function mountResources(app: Express): void {
  homeRoutes(app);
  authRoutes(app);
}
