/**
 * Login, logout and password change. Login: inputs must be plain strings (no operator objects),
 * the user name normalised once (domain/accounts/username.ts) and that one spelling used for the
 * throttle, the lookup and the audit; throttled per account and per address, session id
 * regenerated, every attempt audited.
 */
import type { Express, Request, Response } from 'express';
import { Problem } from '../domain/problems';
import { MAX_PASSWORD_LENGTH, hashPassword, passwordProblems, verifyPassword } from '../domain/accounts/password';
import { MAX_USERNAME_LENGTH, normaliseUsername } from '../domain/accounts/username';
import { t } from '../i18n';
import { User } from '../model/user';
import { clearFailures, isThrottled, recordFailure } from '../model/login-throttle';
import { MongoSessionStore } from '../model/session-store';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';

function homeFor(role: string): string {
  return role === 'operator' ? '/tugas' : role === 'evaluator' ? '/tinjauan' : '/dasbor';
}

/** Only same-site relative paths may be a redirect target. */
function safeNext(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : null;
}

function stringField(body: unknown, name: string, max: number): string | null {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) return null;
  return value;
}

function renderLogin(res: Response, status: number, extra: Record<string, unknown> = {}): void {
  res.status(status).render('login', { title: t('login.title'), ...extra });
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

export function authRoutes(app: Express): void {
  endpoint(app, 'get', '/login', 'public', (req, res) => {
    if (req.user) return res.redirect(303, homeFor(req.user.role));
    renderLogin(res, 200, { next: safeNext(req.query.next) });
  });

  endpoint(app, 'post', '/login', 'public', async (req, res) => {
    const typed = stringField(req.body, 'username', MAX_USERNAME_LENGTH);
    // One spelling for the lockout and the lookup: "nama ", " nama" and "\tnama" share one counter.
    const username = typed === null ? null : normaliseUsername(typed);
    const password = stringField(req.body, 'password', MAX_PASSWORD_LENGTH);
    const json = req.is('application/json');
    if (!username || username.length > MAX_USERNAME_LENGTH || password === null) {
      // Objects like {"$ne": null} never reach a query (checklist 1-2).
      if (json) throw new Problem(400.1, { fields: ['username', 'password'] });
      return renderLogin(res, 400, { error: t('login.missing'), username: typed ?? '' });
    }
    const ip = req.ip ?? 'unknown';
    if (await isThrottled(username, ip)) {
      await audit(req, { action: 'login.throttled', actorName: username });
      if (json) throw new Problem(429.1);
      return renderLogin(res, 429, { error: t('login.throttled'), username });
    }
    const user = await User.findOne({ username });
    const valid = await verifyPassword(password, user?.passwordHash);
    if (!user || !valid || user.disabled) {
      await recordFailure(username, ip);
      await audit(req, { action: 'login.failure', actorName: username, details: { reason: !user ? 'unknown' : user.disabled ? 'disabled' : 'password' } });
      if (json) throw new Problem(401.2);
      return renderLogin(res, 401, { error: t('login.failed'), username });
    }
    await clearFailures(username, ip);
    await regenerate(req); // new session id: a planted id is useless (fixation)
    req.session.userId = String(user._id);
    req.session.epoch = user.sessionEpoch ?? 0;
    req.session.startedAt = Date.now();
    req.user = { id: String(user._id), role: user.role as 'admin', name: user.name, username: user.username, mustChangePassword: user.mustChangePassword ?? false };
    await audit(req, { action: 'login.success' });
    const target = user.mustChangePassword ? '/akun/sandi' : safeNext(req.body.next) ?? homeFor(user.role);
    if (json) return res.json({ ok: true, next: target });
    res.redirect(303, target);
  });

  endpoint(app, 'post', '/logout', 'public', async (req, res) => {
    if (req.user) await audit(req, { action: 'logout' });
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('monev.sid', { path: '/' });
    res.redirect(303, '/');
  });

  endpoint(app, 'get', '/akun/sandi', 'authenticated', (req, res) => {
    res.render('account/password', { title: t('password.title'), forced: req.user?.mustChangePassword });
  });

  endpoint(app, 'post', '/akun/sandi', 'authenticated', async (req, res) => {
    const current = stringField(req.body, 'current', MAX_PASSWORD_LENGTH) ?? '';
    const next = stringField(req.body, 'password', MAX_PASSWORD_LENGTH + 1) ?? '';
    const confirm = stringField(req.body, 'confirm', MAX_PASSWORD_LENGTH + 1) ?? '';
    const user = await User.findById(req.user!.id);
    if (!user) throw new Problem(404.1);
    const errors = [...passwordProblems(next, user.username)];
    if (next !== confirm) errors.push(t('password.mismatch'));
    if (!(await verifyPassword(current, user.passwordHash))) errors.push(t('password.wrongCurrent'));
    if (errors.length > 0) {
      return res.status(422).render('account/password', { title: t('password.title'), errors, forced: user.mustChangePassword });
    }
    user.passwordHash = await hashPassword(next);
    user.mustChangePassword = false;
    user.sessionEpoch = (user.sessionEpoch ?? 0) + 1; // other sessions of this user end
    await user.save();
    await MongoSessionStore.destroyForUser(String(user._id));
    await regenerate(req);
    req.session.userId = String(user._id);
    req.session.epoch = user.sessionEpoch;
    req.session.startedAt = Date.now();
    await audit(req, { action: 'account.password_changed' });
    flash(req, 'ok', t('password.changed'));
    res.redirect(303, homeFor(user.role));
  });
}
