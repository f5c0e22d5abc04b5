/**
 * Every user's notices (policy 'authenticated'; each query is filtered by the signed-in user):
 *   GET  /pemberitahuan                  the inbox, newest first (JSON by Accept)
 *   POST /pemberitahuan/:id/buka         mark read and go to the page it is about
 *   POST /pemberitahuan/:id/baca         mark read, stay in the inbox
 *   POST /pemberitahuan/baca-semua       mark all read
 *   GET|POST /akun/pemberitahuan         which kinds to receive, e-mail on/off, the address
 * and `unreadBadge`, the header's unread count on every HTML page.
 */
import type { Express, Request, RequestHandler, Response } from 'express';
import { KINDS_BY_ROLE, normalisePrefs, prefsFromForm } from '../domain/notify';
import { formatDateTime } from '../domain/reports/format';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { INBOX_PAGE_SIZE, inboxPage, markAllRead, markRead, myNoticeSettings, saveMyNoticeSettings, unreadCount } from '../model/query/notices';
import { notifySettings } from '../notify/settings';

const INBOX = '/pemberitahuan';
const SETTINGS = '/akun/pemberitahuan';
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** Only a path on this site (the stored link is ours, but a redirect never leaves the site). */
function sitePath(href: string): string {
  return /^\/(?![/\\])/.test(href) ? href : INBOX;
}

function pageParam(req: Request): number {
  const raw = Number((req.query as Record<string, unknown>).halaman);
  return Number.isInteger(raw) && raw >= 1 && raw <= 1000 ? raw : 1;
}

/** The body around its item lines ("- title: comment"), which the page shows as links instead. */
function splitBody(body: string): { head: string[]; tail: string[] } {
  const lines = body.split('\n');
  const first = lines.findIndex((l) => l.startsWith('- '));
  if (first < 0) return { head: lines, tail: [] };
  let last = first;
  while (last + 1 < lines.length && (lines[last + 1].startsWith('- ') || lines[last + 1].startsWith('  '))) last += 1;
  return { head: lines.slice(0, first), tail: lines.slice(last + 1) };
}

async function inbox(req: Request, res: Response): Promise<void> {
  const page = pageParam(req);
  const { rows, total, unread } = await inboxPage(req, page);
  if (req.accepts(['html', 'json']) === 'json') {
    res.json({
      unread, total, page,
      notices: rows.map((n) => ({ id: String(n._id), kind: n.kind, title: n.title, body: n.body, href: n.href, items: n.items, unread: !n.readAt, createdAt: n.createdAt.toISOString() })),
    });
    return;
  }
  const notices = rows.map((n) => ({
    id: String(n._id), kind: n.kind, title: n.title, ...splitBody(n.body), items: n.items, unread: !n.readAt,
    at: formatDateTime(n.createdAt), utc: n.createdAt.toISOString(),
  }));
  const pages = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
  res.render('notices/inbox', {
    styles: ['notify.css'], title: t('notify.inbox.title'), notices, unread, total,
    older: page < pages ? `${INBOX}?halaman=${page + 1}` : null, newer: page > 1 ? `${INBOX}?halaman=${page - 1}` : null,
  });
}

async function settingsPage(req: Request, res: Response, status = 200, values?: { email: string; prefs: ReturnType<typeof normalisePrefs> }, error = ''): Promise<void> {
  let stored = values;
  if (!stored) {
    const s = await myNoticeSettings(req);
    stored = { email: s.email, prefs: normalisePrefs(s.prefs) };
  }
  const kinds = KINDS_BY_ROLE[req.user!.role].map((k) => ({ kind: k, label: t(`notify.kind.${k}`), checked: !stored.prefs.muted.includes(k) }));
  res.status(status).render('notices/preferences', {
    styles: ['notify.css'], title: t('notify.prefs.title'), kinds, hasKinds: kinds.length > 0, email: stored.email,
    emailOn: stored.prefs.email, mailOff: !notifySettings().mail, error,
  });
}

async function saveSettings(req: Request, res: Response): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const before = await myNoticeSettings(req);
  const prefs = prefsFromForm(req.user!.role, body, normalisePrefs(before.prefs));
  const email = typeof body.address === 'string' ? body.address.trim().toLowerCase() : '';
  if (email !== '' && (email.length > 200 || !EMAIL.test(email))) return settingsPage(req, res, 422, { email, prefs }, t('notify.prefs.addressInvalid'));
  await saveMyNoticeSettings(req, { email, prefs });
  await audit(req, {
    action: 'account.notify_settings', targetType: 'user', targetId: req.user!.id,
    details: { email: prefs.email, muted: prefs.muted, addressChanged: email !== before.email },
  });
  flash(req, 'ok', t('notify.prefs.saved'));
  res.redirect(303, SETTINGS);
}

/** The header's "Pemberitahuan (3 baru)": one indexed count per HTML page of a signed-in user. */
export const unreadBadge: RequestHandler = async (req, res, next) => {
  if (!req.user || req.method !== 'GET' || req.path.startsWith('/api/') || req.accepts(['html', 'json']) !== 'html') return next();
  try {
    const count = await unreadCount(req.user.id);
    const nav = res.locals.nav as { href: string; badge?: string }[] | undefined;
    const item = nav?.find((n) => n.href === INBOX);
    if (item && count > 0) item.badge = t('notify.unreadBadge', { count: count > 99 ? '99+' : count });
  } catch {
    // a page without the count is better than no page (the database answers the page's own queries or 503s)
  }
  next();
};

export function noticeRoutes(app: Express): void {
  endpoint(app, 'get', INBOX, 'authenticated', inbox);
  endpoint(app, 'post', `${INBOX}/baca-semua`, 'authenticated', async (req, res) => {
    await markAllRead(req);
    flash(req, 'ok', t('notify.inbox.allRead'));
    res.redirect(303, INBOX);
  });
  endpoint(app, 'post', `${INBOX}/:id/buka`, 'authenticated', async (req, res) => {
    res.redirect(303, sitePath(await markRead(req, req.params.id)));
  });
  endpoint(app, 'post', `${INBOX}/:id/baca`, 'authenticated', async (req, res) => {
    await markRead(req, req.params.id);
    res.redirect(303, INBOX);
  });
  endpoint(app, 'get', SETTINGS, 'authenticated', (req, res) => settingsPage(req, res));
  endpoint(app, 'post', SETTINGS, 'authenticated', saveSettings);
}
