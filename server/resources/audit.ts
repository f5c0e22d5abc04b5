/**
 * Reading the audit trail:
 *   GET /tanggapan/:id/riwayat   timeline of one response ('response.view', scoped: 404 + audit
 *                                outside the user's scope). Admins and evaluators see every entry;
 *                                the organisation's operator sees the workflow steps, its own
 *                                changes and the return comments, with staff named by role only
 *                                and no addresses. Leadership (pimpinan) is refused (403).
 *   GET /admin/audit             the whole log for admins ('audit.view'), filtered by action,
 *                                user and WIB date range, paginated. JSON by `Accept`.
 */
import type { Express, Request, Response } from 'express';
import { findQuestion } from '../domain/forms';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { AUDIT_PAGE_SIZE, knownActions, responseTimeline, searchAudit, type AuditSearch } from '../model/query/audit';
import { loadPublishedForm } from '../model/query/instruments';
import { findReviewResponse, organisationNames } from '../model/query/review';
import { auditNames } from './audit-admin';
import { actionLabel, entryView } from './audit-views';
import { parseDay } from './fill-format';
import { kabkotaName } from './review-format';

/** What an operator's timeline lists: the workflow and the organisation's own changes. */
export const OPERATOR_TIMELINE_ACTIONS = [
  'response.submit', 'response.resubmit', 'response.start_review', 'response.return', 'response.verify', 'response.unlock',
  'response.extend_deadline', 'deadline.extend', 'response.answers_changed', 'evidence.upload', 'evidence.delete',
] as const;

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

async function timeline(req: Request, res: Response): Promise<void> {
  if (req.user!.role === 'pimpinan') {
    await audit(req, { action: 'authz.denied', details: { method: req.method, path: req.path, policy: 'response.timeline' } });
    throw new Problem(403.1);
  }
  const response = await findReviewResponse(req, req.params.id);
  const forOperator = req.user!.role === 'operator';
  const rows = await responseTimeline(String(response._id), forOperator ? { actions: OPERATOR_TIMELINE_ACTIONS } : {});
  const form = await loadPublishedForm(response.formId, response.formVersion).catch(() => null);
  const titleOf = (path: string) => (form ? findQuestion(form, path)?.title ?? path : path);
  const entries = rows.map((r) => entryView(r, { titleOf, forOperator }));
  if (wantsJson(req)) {
    res.json({ id: String(response._id), entries: entries.map(({ targetHref: _h, ...e }) => e) });
    return;
  }
  const names = await organisationNames([response.organisationId]);
  res.render('audit/timeline', {
    styles: ['review.css'], title: t('review.timeline.title'),
    organisationName: names.get(String(response.organisationId)) ?? '', kabkota: kabkotaName(response.kabkotaCode),
    entries, forOperator, showIp: !forOperator,
    backHref: forOperator ? `/tanggapan/${String(response._id)}` : `/tinjauan/${String(response._id)}`,
  });
}

function param(req: Request, name: string, max: number): string {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined || v === '') return '';
  if (typeof v !== 'string' || v.length > max) throw new Problem(400.4, { parameter: name });
  return v;
}

/** The admin's filters: plain strings of bounded length, dates as WIB days; others → 400.4. */
function readSearch(req: Request, actions: readonly string[]): { search: AuditSearch; raw: Record<string, string>; page: number } {
  if (Object.keys(req.query as object).some((k) => /[[\]$]/.test(k))) throw new Problem(400.4, { parameter: 'query' });
  const raw = { aksi: param(req, 'aksi', 80), pengguna: param(req, 'pengguna', 120), dari: param(req, 'dari', 10), sampai: param(req, 'sampai', 10) };
  if (raw.aksi && !actions.includes(raw.aksi)) throw new Problem(400.4, { parameter: 'aksi' });
  const from = raw.dari ? parseDay(raw.dari, 'start') : undefined;
  const to = raw.sampai ? parseDay(raw.sampai, 'end') : undefined;
  if (from === null) throw new Problem(400.4, { parameter: 'dari' });
  if (to === null) throw new Problem(400.4, { parameter: 'sampai' });
  const pageText = param(req, 'halaman', 6);
  if (pageText && !/^[1-9]\d{0,5}$/.test(pageText)) throw new Problem(400.4, { parameter: 'halaman' });
  const search: AuditSearch = {
    ...(raw.aksi ? { action: raw.aksi } : {}), ...(raw.pengguna ? { actorName: raw.pengguna.trim() } : {}),
    ...(from ? { from } : {}), ...(to ? { to } : {}),
  };
  return { search, raw, page: pageText ? Number(pageText) : 1 };
}

function pageHref(raw: Record<string, string>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (v) q.set(k, v);
  if (page > 1) q.set('halaman', String(page));
  const s = q.toString();
  return s ? `/admin/audit?${s}` : '/admin/audit';
}

async function auditLog(req: Request, res: Response): Promise<void> {
  const actions = await knownActions();
  const { search, raw, page } = readSearch(req, actions);
  const { rows, total } = await searchAudit(search, page);
  const names = await auditNames(rows);
  const entries = rows.map((r) => entryView(r, { names }));
  if (wantsJson(req)) {
    res.json({ total, page, pageSize: AUDIT_PAGE_SIZE, entries: entries.map(({ targetHref: _h, ...e }) => e) });
    return;
  }
  const orgs = names.organisations;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  res.render('audit/log', {
    styles: ['admin.css', 'review.css'], title: t('review.log.title'),
    entries: entries.map((e) => ({ ...e, organisation: e.organisationId ? orgs.get(e.organisationId) ?? t('audit.unknownOrganisation') : '' })),
    total, page, pages, filters: raw,
    actionChoices: actions.map((a) => ({ value: a, label: actionLabel(a), selected: a === raw.aksi })),
    prev: page > 1 ? pageHref(raw, page - 1) : null, next: page < pages ? pageHref(raw, page + 1) : null,
  });
}

export function auditRoutes(app: Express): void {
  endpoint(app, 'get', '/tanggapan/:id/riwayat', 'response.view', timeline);
  endpoint(app, 'get', '/admin/audit', 'audit.view', auditLog);
}
