/**
 * Reminders and the outbox, for the people who chase the institutions:
 *   GET  /pengingat                           open cycles, with how many in the user's area still owe a form  'response.review'
 *   GET  /pengingat/:cycleId                  those organisations, each with a "kirim lewat WhatsApp" link     'response.review'
 *   POST /admin/siklus/:id/pengingat          send the deadline reminder now (nonce: once per form)            'cycle.manage'
 *   GET  /admin/siklus/:id/pesan              the cycle's e-mails: sent, waiting, failed                       'cycle.manage'
 *   POST /admin/siklus/:id/pesan/:messageId/ulang   a failed e-mail back into the queue                        'cycle.manage'
 * Organisations outside an evaluator's area are not listed (scoped queries); every send and
 * retry is audited.
 */
import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import mongoose from 'mongoose';
import { isReminderNonce, reminderText, returnText, whatsappLink } from '../domain/notify';
import { effectiveDeadline } from '../domain/workflow/deadline';
import { formatDateTime } from '../domain/reports/format';
import { Problem } from '../domain/problems';
import { can } from '../domain/access/permissions';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { OUTBOX_STATUSES, type OutboxStatus } from '../model/notice';
import { countOwingInScope, openCycles, organisationFacts, owingResponsesInScope } from '../model/query/notices';
import { cycleOutbox, cycleReminders, requeueFailed } from '../model/query/outbox';
import { itemsToFixFor } from '../model/query/review';
import { objectIdParam } from '../model/query/scoped';
import { sendRemindersNow } from '../notify/reminders';
import { notifySettings, signalQueued } from '../notify/settings';
import { loadCycle } from './fill-context';
import { stateLabel } from './fill-format';
import type { ReviewContext } from './review-context';
import { kabkotaName } from './review-format';

const LIST_LIMIT = 2000;

/** Links in WhatsApp texts: the public address, else the address this request came to. */
export function siteBase(req: Request): string {
  return notifySettings().baseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

async function cyclesPage(req: Request, res: Response): Promise<void> {
  const cycles = await openCycles();
  const owing = await countOwingInScope(req, cycles.map((c) => c._id));
  res.render('notices/reminder-cycles', {
    styles: ['notify.css'], title: t('notify.reminders.title'),
    cycles: cycles.map((c) => ({ href: `/pengingat/${String(c._id)}`, name: c.name, closesAt: formatDateTime(c.closesAt), owing: owing.get(String(c._id)) ?? 0 })),
  });
}

async function remindersPage(req: Request, res: Response): Promise<void> {
  const cycleId = objectIdParam(req.params.cycleId);
  const cycle = await loadCycle(cycleId);
  if (cycle.status !== 'open') throw new Problem(404.1);
  const rows = await owingResponsesInScope(req, cycleId, LIST_LIMIT + 1);
  const shown = rows.slice(0, LIST_LIMIT);
  const facts = await organisationFacts(shown.map((r) => r.organisationId));
  const base = siteBase(req);
  const organisations = shown.map((r) => {
    const org = facts.get(String(r.organisationId)) ?? { name: '', phone: null, ketua: null };
    const deadline = effectiveDeadline(cycle.closesAt, r.extensionUntil);
    const text = reminderText({ organisationName: org.name, cycleName: cycle.name, deadline, url: `${base}/tanggapan/${String(r._id)}` }, r.state === 'returned');
    return {
      name: org.name, kabkota: kabkotaName(r.kabkotaCode), state: r.state, stateLabel: stateLabel(r.state), phone: org.phone ?? '',
      deadline: formatDateTime(deadline), passed: deadline.getTime() < Date.now(),
      whatsapp: { href: whatsappLink(org.phone, text), label: org.name },
    };
  }).sort((a, b) => a.name.localeCompare(b.name, 'id'));
  const isAdmin = can(req.user, 'cycle.manage');
  res.render('notices/reminders', {
    styles: ['notify.css'], title: t('notify.reminders.cycleTitle', { cycle: cycle.name }), cycleName: cycle.name,
    closesAt: formatDateTime(cycle.closesAt), organisations, truncated: rows.length > LIST_LIMIT ? { shown: shown.length } : null,
    sendNow: isAdmin && organisations.length > 0 ? { action: `/admin/siklus/${String(cycleId)}/pengingat`, nonce: randomUUID() } : null,
    outboxHref: isAdmin ? `/admin/siklus/${String(cycleId)}/pesan` : null,
  });
}

async function sendNow(req: Request, res: Response): Promise<void> {
  const cycleId = objectIdParam(req.params.id);
  const nonce = (req.body ?? {}).nonce;
  if (!isReminderNonce(nonce)) throw new Problem(400.1, { field: 'nonce' });
  const sent = await sendRemindersNow(req, cycleId, nonce);
  // the same form posted twice (double click, resend after a timeout): sent once, told once
  if (!sent.duplicate) flash(req, 'ok', t('notify.reminders.sent', { organisations: sent.organisations, notices: sent.notices, emails: sent.emails }));
  res.redirect(303, `/pengingat/${String(cycleId)}`);
}

function statusParam(req: Request): OutboxStatus | null {
  const v = (req.query as Record<string, unknown>).status;
  return typeof v === 'string' && (OUTBOX_STATUSES as readonly string[]).includes(v) ? (v as OutboxStatus) : null;
}

async function outboxPage(req: Request, res: Response): Promise<void> {
  const cycleId = objectIdParam(req.params.id);
  const cycle = await loadCycle(cycleId);
  const status = statusParam(req);
  const [{ rows, counts, total }, reminders] = await Promise.all([cycleOutbox(cycleId, status), cycleReminders(cycleId)]);
  const names = await organisationFacts(reminders.map((r) => r.organisationId));
  const id = String(cycleId);
  res.render('notices/outbox', {
    styles: ['notify.css'], title: t('notify.outbox.title', { cycle: cycle.name }), cycleName: cycle.name, cycleHref: `/admin/siklus/${id}`,
    remindersHref: cycle.status === 'open' ? `/pengingat/${id}` : null, mailOff: !notifySettings().mail,
    counts: t('notify.outbox.counts', { sent: counts.sent, pending: counts.pending + counts.sending, failed: counts.failed }),
    statuses: OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`notify.outbox.status.${s}`), selected: s === status })),
    more: total > rows.length ? t('notify.outbox.more', { shown: rows.length, total }) : null,
    messages: rows.map((m) => ({
      id: String(m._id), to: m.to, subject: m.subject, status: m.status, statusLabel: t(`notify.outbox.status.${m.status}`), attempts: m.attempts,
      created: formatDateTime(m.createdAt), detail: m.status === 'sent' ? formatDateTime(m.sentAt) : m.lastError ?? '',
      next: m.status === 'pending' && m.attempts > 0 ? t('notify.outbox.nextAttempt', { at: formatDateTime(m.nextAttemptAt) }) : '',
      retryAction: m.status === 'failed' ? `/admin/siklus/${id}/pesan/${String(m._id)}/ulang` : null,
    })),
    reminders: reminders.map((r) => ({
      organisation: names.get(String(r.organisationId))?.name ?? String(r.organisationId), threshold: t(`notify.outbox.threshold.${r.threshold}`),
      deadline: formatDateTime(r.deadline), at: formatDateTime(r.at), notices: r.notices, emails: r.emails,
    })),
  });
}

async function retry(req: Request, res: Response): Promise<void> {
  const cycleId = objectIdParam(req.params.id);
  const messageId = objectIdParam(req.params.messageId);
  const requeued = await mongoose.connection.transaction(async (session) => {
    const found = await requeueFailed(cycleId, messageId, session);
    if (found) await audit(req, { action: 'notice.retry', targetType: 'cycle', targetId: String(cycleId), details: { message: String(messageId), to: found.to, subject: found.subject } }, session);
    return found;
  });
  if (requeued) signalQueued();
  flash(req, requeued ? 'ok' : 'error', t(requeued ? 'notify.outbox.retried' : 'notify.outbox.notFailed'));
  res.redirect(303, `/admin/siklus/${String(cycleId)}/pesan?status=failed`);
}

export function reminderRoutes(app: Express): void {
  endpoint(app, 'get', '/pengingat', 'response.review', cyclesPage);
  endpoint(app, 'get', '/pengingat/:cycleId', 'response.review', remindersPage);
  endpoint(app, 'post', '/admin/siklus/:id/pengingat', 'cycle.manage', sendNow);
  endpoint(app, 'get', '/admin/siklus/:id/pesan', 'cycle.manage', outboxPage);
  endpoint(app, 'post', '/admin/siklus/:id/pesan/:messageId/ulang', 'cycle.manage', retry);
}

/** The review page of a returned response: "kirim lewat WhatsApp" with the flagged items. */
export async function returnWhatsapp(req: Request, ctx: ReviewContext): Promise<{ href: string | null; label: string } | null> {
  if (ctx.response.state !== 'returned') return null;
  const id = String(ctx.response._id);
  const org = (await organisationFacts([ctx.response.organisationId])).get(String(ctx.response.organisationId));
  const titles = new Map(ctx.items.map((i) => [i.path, i.title]));
  const items = itemsToFixFor(ctx.response).map((r) => ({ title: titles.get(r.path) ?? r.path, comment: r.comment }));
  const text = returnText({
    organisationName: ctx.organisationName, cycleName: ctx.cycle.name, deadline: effectiveDeadline(ctx.cycle.closesAt, ctx.response.extensionUntil),
    url: `${siteBase(req)}/tanggapan/${id}#flagged-h`,
  }, items);
  return { href: whatsappLink(org?.phone, text), label: ctx.organisationName };
}
