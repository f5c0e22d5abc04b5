/**
 * Loads the signed-in user for each request (one indexed read). A disabled account, or a session
 * older than the account's epoch (password reset, disable), ends the session at this request.
 */
import type { RequestHandler } from 'express';
import { User } from '../model/user';
import { csrfToken } from './csrf';
import { navFor } from './nav';

/** What a request needs of its user (not the password hash). */
const USER_FIELDS = { role: 1, organisationIds: 1, kabkota: 1, disabled: 1, sessionEpoch: 1, name: 1, username: 1, mustChangePassword: 1 } as const;

export const currentUser: RequestHandler = async (req, res, next) => {
  req.user = null;
  const userId = req.session?.userId;
  if (userId) {
    const user = await User.findById(userId, USER_FIELDS).lean();
    if (!user || user.disabled || (user.sessionEpoch ?? 0) !== (req.session.epoch ?? 0)) {
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    } else {
      req.user = {
        id: String(user._id),
        role: user.role as NonNullable<Express.Request['user']>['role'],
        organisationIds: (user.organisationIds ?? []).map(String),
        kabkota: user.kabkota === 'all' ? 'all' : Array.isArray(user.kabkota) ? (user.kabkota as string[]) : [],
        disabled: false,
        name: user.name,
        username: user.username,
        mustChangePassword: Boolean(user.mustChangePassword),
      };
      res.locals.user = req.user;
      res.locals.nav = navFor(req.user.role, req.path);
    }
  }
  // Templates put the token in every form ({{csrfToken}}: Handlebars calls the function). Made
  // only when a page has a form, so anonymous visitors of other pages get no session.
  res.locals.csrfToken = () => csrfToken(req);
  const flash = req.session?.flash;
  if (flash && flash.length > 0) {
    res.locals.flash = flash;
    req.session.flash = [];
  }
  next();
};

export function flash(req: Express.Request, kind: 'ok' | 'error' | 'warn', text: string): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, text }];
}
