/**
 * Sessions: express-session with the MongoDB store. Cookie HttpOnly, SameSite=Lax, Secure when
 * the request came over HTTPS (behind a trusted proxy); an idle timeout (rolling expiry) and an
 * absolute timeout (sessions older than 12 hours end whatever the activity).
 */
import type { RequestHandler } from 'express';
import session from 'express-session';
import { MongoSessionStore } from '../model/session-store';

export const IDLE_TIMEOUT_MS = 60 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'monev.sid';

export function sessions(secret: string): RequestHandler[] {
  const middleware = session({
    name: SESSION_COOKIE,
    secret,
    store: new MongoSessionStore(IDLE_TIMEOUT_MS),
    resave: false,
    saveUninitialized: false, // anonymous visitors get no session until a form needs one
    rolling: true,
    proxy: undefined, // follows app 'trust proxy'
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: IDLE_TIMEOUT_MS, path: '/' },
  });
  const absoluteTimeout: RequestHandler = (req, _res, next) => {
    const started = req.session?.startedAt;
    if (started !== undefined && Date.now() - started > ABSOLUTE_TIMEOUT_MS) {
      req.session.destroy(() => next());
      return;
    }
    next();
  };
  return [middleware, absoluteTimeout];
}
