/** Mounts every resource (URL area). One line per area; each declares its routes' policies. */
import type { Express } from 'express';
import { authRoutes } from './auth';
import { homeRoutes } from './home';
import { registerRoutes } from './register';
import { userRoutes } from './users';
import { instrumentRoutes } from './instruments';
import { cycleRoutes } from './cycles';
import { fillRoutes } from './fill';
import { evidenceRoutes } from './evidence';
import { reviewRoutes } from './review';
import { auditRoutes } from './audit';
import { reportRoutes } from './reports';
import { settingsRoutes } from './settings';
import { noticeRoutes } from './notices';
import { reminderRoutes } from './reminders';

export function mountResources(app: Express): void {
  homeRoutes(app);
  authRoutes(app);
  registerRoutes(app);
  userRoutes(app);
  instrumentRoutes(app);
  cycleRoutes(app);
  fillRoutes(app);
  evidenceRoutes(app);
  reviewRoutes(app);
  auditRoutes(app);
  reportRoutes(app);
  settingsRoutes(app);
  noticeRoutes(app);
  reminderRoutes(app);
}
