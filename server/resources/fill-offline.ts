/**
 * What the offline mode of the form pages needs from the server (issue 15); the pages work
 * without any of it:
 *   GET  /sw.js                                  the service worker (its asset list and code)
 *   GET  /offline, /offline/keluar               pages the worker shows when the network is gone
 *   GET  /keluar                                 "changes not sent yet: sign out anyway?"
 *   GET  /api/offline/sesi                       who is signed in, and the session's CSRF token
 *   POST /tanggapan/:id/bagian/:section/banding  a queued change beside the server's version
 * The queue itself lives in the browser (IndexedDB, views/assets/offline-store.js); it is sent
 * with the routes every page uses (section save, evidence upload, JSON submit).
 */
import type { Express, Request, Response } from 'express';
import { handleFormPost, compareSection, type PostBody } from '../render';
import { prepareDraft } from '../domain/fill';
import { csrfToken } from '../http/csrf';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { loadFillContext, sectionParam } from './fill-context';
import { formatDateTime } from './fill-format';
import { flaggedItems, sectionNav, sectionUrl, statusView, syncView, STATUS_ASSETS } from './fill-views';

/** A queue entry's key as the page's script makes it (user|response|kind|part): echoed into the page. */
const ENTRY_KEY = /^[A-Za-z0-9|_.:-]{1,200}$/;

function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
}

async function comparePage(req: Request, res: Response): Promise<void> {
  const ctx = await loadFillContext(req, req.params.id);
  const section = sectionParam(ctx.form, req.params.section);
  const body = (req.body ?? {}) as PostBody & Record<string, unknown>;
  const { answers } = handleFormPost(ctx.form, body, { section, previous: ctx.response.answers, role: 'operator' });
  const local = prepareDraft(ctx.form, answers, ctx.response.answers).value;
  const rows = compareSection(ctx.form, section, ctx.response.answers, local);
  const nav = sectionNav(ctx, section);
  const here = nav.find((s) => s.key === section)!;
  const id = String(ctx.response._id);
  const entry = typeof body._entry === 'string' && ENTRY_KEY.test(body._entry) ? body._entry : '';
  noStore(res);
  res.render('fill/compare', {
    ...STATUS_ASSETS,
    title: `${t('offline.compare.title')} · ${here.title}`,
    id, cycleName: ctx.cycle.name, organisationName: ctx.organisationName, section: here, sectionHref: sectionUrl(id, section),
    status: statusView(ctx), rev: ctx.response.rev, sync: syncView(req.user!, ctx), updatedAt: formatDateTime(ctx.response.updatedAt),
    rows, differing: rows.filter((r) => r.differs && !r.heading).length, entry,
    flagged: flaggedItems(ctx).filter((f) => f.section === section),
  });
}

export function fillOfflineRoutes(app: Express): void {
  endpoint(app, 'get', '/sw.js', 'public', (_req, res) => {
    // the browser checks the worker for updates itself; the asset URLs inside carry content hashes
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/javascript').render('offline/sw', { layout: false });
  });
  endpoint(app, 'get', '/offline', 'public', (_req, res) => {
    res.render('offline/page', { title: t('offline.page.title') });
  });
  endpoint(app, 'get', '/offline/keluar', 'public', (_req, res) => {
    res.render('offline/logout', { title: t('offline.logout.offlineTitle'), offline: true });
  });
  endpoint(app, 'get', '/keluar', 'authenticated', (req, res) => {
    const n = typeof req.query.n === 'string' && /^\d{1,4}$/.test(req.query.n) ? Number(req.query.n) : 0;
    noStore(res);
    res.render('offline/logout', { title: t('offline.logout.title'), pending: n, userId: req.user!.id });
  });
  endpoint(app, 'get', '/api/offline/sesi', 'authenticated', (req, res) => {
    noStore(res);
    res.json({ user: req.user!.id, csrf: csrfToken(req) });
  });
  endpoint(app, 'post', '/tanggapan/:id/bagian/:section/banding', 'response.fill', comparePage);
}
