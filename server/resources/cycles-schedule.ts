/**
 * An evaluation cycle after it opens (admin, 'cycle.manage' like every cycle route):
 *   GET|POST /admin/siklus/:id/jadwal        change the schedule of a draft or open cycle, with a reason
 *   GET|POST /admin/siklus/:id/tutup         close an open cycle (confirmation page, then the close)
 *   GET|POST /admin/siklus/:id/buka-kembali  reopen a closed cycle, with a reason (and a new deadline
 *                                            when the old one has passed)
 * The rules are pure (domain/workflow/cycle-lifecycle.ts); here: reading the form, the version
 * check (every form carries the cycle's `rev`: a stale one is 409.3), one write guarded by status
 * and rev together with its audit entry in one transaction, Post/Redirect/Get. Mistakes in what
 * the admin typed re-render the form with 422 (JSON clients get 422.1 with the issues).
 */
import type { Express, Request, Response } from 'express';
import mongoose from 'mongoose';
import { Problem } from '../domain/problems';
import {
  closeImpact, planClose, planReopen, planReschedule, type CycleStatus, type DateChange, type ScheduleIssue,
} from '../domain/workflow/cycle-lifecycle';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import type { AuditAction } from '../domain/workflow/audit';
import { Cycle } from '../model/cycle';
import { ResponseModel } from '../model/response';
import { objectIdParam, scopedResponses } from '../model/query/scoped';
import { revParam } from './fill-context';
import { formatDateTime, isoDate, parseDay, parseLocalDateTime } from './fill-format';

const BASE = '/admin/siklus';

interface CycleDoc {
  _id: mongoose.Types.ObjectId;
  name: string;
  status: CycleStatus;
  opensAt: Date;
  closesAt: Date;
  closedAt?: Date | null;
  closedBy?: string | null;
  rev?: number;
}

type Body = Record<string, unknown>;

function field(body: Body, name: string, max = 1000): string {
  const v = body[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one.trim().slice(0, max) : '';
}

async function loadCycleDoc(id: unknown): Promise<CycleDoc> {
  const cycle = await Cycle.findById(objectIdParam(id), { name: 1, status: 1, opensAt: 1, closesAt: 1, closedAt: 1, closedBy: 1, rev: 1 }).lean();
  if (!cycle) throw new Problem(404.1);
  return { ...(cycle as unknown as CycleDoc), rev: cycle.rev ?? 0 };
}

/** The posted `rev` must be the cycle's current one (the form was read from this version). */
function checkRev(cycle: CycleDoc, body: Body): number {
  const rev = revParam(body.rev);
  if (rev !== cycle.rev) throw new Problem(409.3, { rev: cycle.rev });
  return rev;
}

/**
 * A day from a date input (the first or last instant of that day in WIB) or a datetime-local
 * value; the same day as `current` keeps `current` exactly (a form that shows a day cannot
 * round-trip an instant). undefined: the field was not sent or left empty; null: not a date.
 */
function postedDate(body: Body, name: string, end: 'start' | 'end', current?: Date): Date | null | undefined {
  const text = field(body, name, 20);
  if (text === '') return undefined;
  if (current && text === isoDate(current)) return current;
  return parseLocalDateTime(text) ?? parseDay(text, end);
}

/**
 * The one guarded write: the cycle must still be in `from` with the `rev` the form was read
 * from (documents from before `rev` existed count as 0), else 409.3 / 409.1. The audit entry
 * goes in the same transaction.
 */
async function writeCycle(req: Request, cycle: CycleDoc, from: CycleStatus, rev: number, $set: Record<string, unknown>, action: AuditAction, details: Record<string, unknown>): Promise<void> {
  await mongoose.connection.transaction(async (session) => {
    const filter = { _id: cycle._id, status: from, rev: rev === 0 ? { $in: [0, null] } : rev };
    const res = await Cycle.updateOne(filter, { $set, $inc: { rev: 1 } }, { session });
    if (res.matchedCount !== 1) {
      const now = await Cycle.findById(cycle._id, { status: 1, rev: 1 }, { session }).lean();
      if (!now) throw new Problem(404.1);
      if ((now.rev ?? 0) !== rev) throw new Problem(409.3, { rev: now.rev ?? 0 });
      throw new Problem(409.1, { status: now.status });
    }
    await audit(req, { action, targetType: 'cycle', targetId: String(cycle._id), details }, session);
  });
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

function issueViews(issues: readonly ScheduleIssue[]) {
  return issues.map((i) => ({ field: i.field, href: `#${i.field}`, message: t(`admin.cycles.issue.${i.code.replace('.', '_')}`) }));
}

/** Form mistakes: the page again with 422, or 422.1 with the issues for JSON clients. */
function invalid(req: Request, res: Response, view: string, locals: Record<string, unknown>, issues: readonly ScheduleIssue[]): void {
  const errors = issueViews(issues);
  if (wantsJson(req)) throw new Problem(422.1, errors.map((e) => ({ field: e.field, message: e.message })));
  const fieldErrors = Object.fromEntries(errors.map((e) => [e.field, e.message]));
  res.status(422).render(view, { ...locals, errors, fieldErrors });
}

function done(req: Request, res: Response, cycleId: string, message: string): void {
  if (wantsJson(req)) {
    res.json({ id: cycleId, message });
    return;
  }
  flash(req, 'ok', message);
  res.redirect(303, `${BASE}/${cycleId}`);
}

function dates(changes: readonly DateChange[]) {
  return changes.map((c) => ({ field: c.field, from: c.from, to: c.to }));
}

/** Whether any organisation has already saved, submitted or been given an extension. */
async function responsesStarted(req: Request, cycle: CycleDoc): Promise<boolean> {
  const started = { cycleId: cycle._id, $or: [{ rev: { $gt: 0 } }, { state: { $ne: 'draft' } }] };
  return Boolean(await ResponseModel.exists(scopedResponses(req, started)));
}

function common(cycle: CycleDoc) {
  const id = String(cycle._id);
  return {
    styles: ['form.css', 'admin.css'], id, cycleName: cycle.name, rev: cycle.rev, back: `${BASE}/${id}`,
    opensAt: formatDateTime(cycle.opensAt), closesAt: formatDateTime(cycle.closesAt),
  };
}

async function schedule(req: Request, res: Response): Promise<void> {
  const cycle = await loadCycleDoc(req.params.id);
  if (cycle.status === 'closed') throw new Problem(409.1, { status: cycle.status });
  const locked = cycle.status === 'open' && (await responsesStarted(req, cycle));
  const view = {
    ...common(cycle), title: t('admin.cycles.schedule.title'), action: `${BASE}/${String(cycle._id)}/jadwal`, opensLocked: locked,
    closeHref: cycle.status === 'open' ? `${BASE}/${String(cycle._id)}/tutup` : null,
  };
  const body = (req.body ?? {}) as Body;
  const values = req.method === 'GET'
    ? { opensAt: isoDate(cycle.opensAt), closesAt: isoDate(cycle.closesAt), reason: '' }
    : { opensAt: field(body, 'opensAt', 20), closesAt: field(body, 'closesAt', 20), reason: field(body, 'reason') };
  if (req.method === 'GET') return res.render('cycles/schedule', { ...view, values });
  const rev = checkRev(cycle, body);
  const decision = planReschedule({
    status: cycle.status, now: new Date(), current: cycle, responsesStarted: locked, reason: values.reason,
    opensAt: postedDate(body, 'opensAt', 'start', cycle.opensAt), closesAt: postedDate(body, 'closesAt', 'end', cycle.closesAt) ?? null,
  });
  if (decision.kind === 'refused') throw new Problem(decision.problem.code, decision.problem.details);
  if (decision.kind === 'invalid') return invalid(req, res, 'cycles/schedule', { ...view, values }, decision.issues);
  await writeCycle(req, cycle, cycle.status, rev, { opensAt: decision.next.opensAt, closesAt: decision.next.closesAt }, 'cycle.reschedule', {
    reason: values.reason, status: cycle.status, changes: dates(decision.changes),
    before: { opensAt: cycle.opensAt, closesAt: cycle.closesAt }, after: { opensAt: decision.next.opensAt, closesAt: decision.next.closesAt },
  });
  done(req, res, String(cycle._id), t('admin.cycles.schedule.done', { opensAt: formatDateTime(decision.next.opensAt), closesAt: formatDateTime(decision.next.closesAt) }));
}

async function responseCounts(req: Request, cycle: CycleDoc): Promise<Record<string, number>> {
  const rows = await ResponseModel.aggregate<{ _id: string; n: number }>([
    { $match: scopedResponses(req, { cycleId: cycle._id }) }, { $group: { _id: '$state', n: { $sum: 1 } } },
  ]);
  return Object.fromEntries(rows.map((r) => [String(r._id), r.n]));
}

async function close(req: Request, res: Response): Promise<void> {
  const cycle = await loadCycleDoc(req.params.id);
  if (cycle.status !== 'open') throw new Problem(409.1, { status: cycle.status });
  const impact = closeImpact(await responseCounts(req, cycle));
  const body = (req.body ?? {}) as Body;
  const values = { note: field(body, 'note') };
  const view = { ...common(cycle), title: t('admin.cycles.close.title'), action: `${BASE}/${String(cycle._id)}/tutup`, impact, values };
  if (req.method === 'GET') return res.render('cycles/close', view);
  const rev = checkRev(cycle, body);
  const confirm = Array.isArray(body.confirm) ? body.confirm[0] : body.confirm;
  const decision = planClose({ status: cycle.status, confirmed: confirm === 'yes' || confirm === true });
  if (decision.kind === 'refused') throw new Problem(decision.problem.code, decision.problem.details);
  if (decision.kind === 'invalid') return invalid(req, res, 'cycles/close', view, decision.issues);
  const now = new Date();
  await writeCycle(req, cycle, 'open', rev, { status: decision.next, closedAt: now, closedBy: req.user!.id }, 'cycle.close', {
    note: values.note || null, opensAt: cycle.opensAt, closesAt: cycle.closesAt, closedAt: now, responses: impact,
  });
  done(req, res, String(cycle._id), t('admin.cycles.close.done'));
}

async function reopen(req: Request, res: Response): Promise<void> {
  const cycle = await loadCycleDoc(req.params.id);
  if (cycle.status !== 'closed') throw new Problem(409.1, { status: cycle.status });
  const body = (req.body ?? {}) as Body;
  const values = { closesAt: field(body, 'closesAt', 20), reason: field(body, 'reason') };
  const now = new Date();
  const view = {
    ...common(cycle), title: t('admin.cycles.reopen.title'), action: `${BASE}/${String(cycle._id)}/buka-kembali`, values,
    closedAt: formatDateTime(cycle.closedAt), deadlinePassed: cycle.closesAt.getTime() <= now.getTime(),
  };
  if (req.method === 'GET') return res.render('cycles/reopen', view);
  const rev = checkRev(cycle, body);
  const decision = planReopen({ status: cycle.status, now, current: cycle, reason: values.reason, closesAt: postedDate(body, 'closesAt', 'end', cycle.closesAt) });
  if (decision.kind === 'refused') throw new Problem(decision.problem.code, decision.problem.details);
  if (decision.kind === 'invalid') return invalid(req, res, 'cycles/reopen', view, decision.issues);
  await writeCycle(req, cycle, 'closed', rev, { status: decision.next, closesAt: decision.closesAt }, 'cycle.reopen', {
    reason: values.reason, changes: dates(decision.changes), closedAt: cycle.closedAt ?? null, closedBy: cycle.closedBy ?? null,
    before: { closesAt: cycle.closesAt }, after: { closesAt: decision.closesAt },
  });
  done(req, res, String(cycle._id), t('admin.cycles.reopen.done', { closesAt: formatDateTime(decision.closesAt) }));
}

export function cycleLifecycleRoutes(app: Express): void {
  for (const method of ['get', 'post'] as const) {
    endpoint(app, method, `${BASE}/:id/jadwal`, 'cycle.manage', schedule);
    endpoint(app, method, `${BASE}/:id/tutup`, 'cycle.manage', close);
    endpoint(app, method, `${BASE}/:id/buka-kembali`, 'cycle.manage', reopen);
  }
}
