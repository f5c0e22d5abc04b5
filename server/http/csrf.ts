/**
 * CSRF protection on every state change: a per-session synchroniser token, sent back as the
 * `_csrf` form field or the `X-CSRF-Token` header (multipart uploads: the `_csrf` query
 * parameter, since their body is parsed later). A request whose Origin (or Referer) names another
 * site is refused as well. Failing either → 403.2.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { Problem } from '../domain/problems';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's token, created on first use (this is what starts an anonymous session). */
export function csrfToken(req: Request): string {
  if (!req.session.csrf) req.session.csrf = randomBytes(32).toString('base64url');
  return req.session.csrf;
}

function presentedToken(req: Request): string | undefined {
  const header = req.get('x-csrf-token');
  if (header) return header;
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body._csrf === 'string') return body._csrf;
  if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf;
  return undefined;
}

function sameOrigin(req: Request): boolean {
  const origin = req.get('origin') ?? req.get('referer');
  if (!origin) return true; // browsers send Origin on cross-site POSTs; the token still applies
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const csrfProtection: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = req.session?.csrf;
  const presented = presentedToken(req);
  if (!sameOrigin(req) || !expected || !presented || !equal(expected, presented)) {
    return next(new Problem(403.2));
  }
  next();
};
