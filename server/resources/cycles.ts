/**
 * Evaluation cycles (admin):
 *   GET  /admin/siklus                      list                        'cycle.manage'
 *   GET  /admin/siklus/baru                 new-cycle form              'cycle.manage'
 *   POST /admin/siklus                      create (draft)              'cycle.manage'
 *   GET  /admin/siklus/:id                  targets, responses          'cycle.manage'
 *   POST /admin/siklus/:id/buka             open: create the responses  'cycle.manage'
 *   GET|POST /admin/siklus/:id/jadwal | tutup | buka-kembali   schedule, close, reopen (cycles-schedule.ts)
 *   GET|POST /admin/siklus/:id/tanggapan/:responseId/perpanjang   extend one deadline  'deadline.extend'
 * A new year is a new cycle; its profile section may be pre-filled from the previous cycle.
 */
import type { Express, Request, Response } from 'express';
import mongoose from 'mongoose';
import type { Role } from '../domain/access/roles';
import { transition } from '../domain/workflow/state-machine';
import { Problem } from '../domain/problems';
import { availableCycleActions } from '../domain/workflow/cycle-lifecycle';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { Cycle } from '../model/cycle';
import { Organisation } from '../model/organisation';
import { findResponse, listResponses, responseWindow, updateResponse } from '../model/query/responses';
import { objectIdParam } from '../model/query/scoped';
import { noticeExtension } from '../notify/hooks';
import { cycleFormOptions, readCycleInput } from './cycles-form';
import { countTargets, openCycle } from './cycles-open';
import { cycleLifecycleRoutes } from './cycles-schedule';
import { loadCycle } from './fill-context';
import { formatDate, formatDateTime, parseDay, parseLocalDateTime, stateLabel } from './fill-format';
import { instrumentLabeller } from './instrument-labels';
import { regionLabel } from '../data/regions';

const BASE = '/admin/siklus';

const STATUS_LABEL: Record<string, string> = { draft: 'fill.cycles.statusDraft', open: 'fill.cycles.statusOpen', closed: 'admin.cycles.statusClosed' };

function statusLabel(status: unknown): string {
  return t(STATUS_LABEL[String(status)] ?? 'fill.cycles.statusDraft');
}

async function listPage(_req: Request, res: Response): Promise<void> {
  const [cycles, instrument] = await Promise.all([Cycle.find({}).sort({ year: -1, createdAt: -1 }).limit(200).lean(), instrumentLabeller()]);
  res.render('cycles/list', {
    styles: ['form.css'], title: t('fill.cycles.title'),
    cycles: cycles.map((c) => ({
      href: `${BASE}/${String(c._id)}`, name: c.name, year: c.year, instrument: instrument(c.formId, c.formVersion),
      period: `${formatDate(c.opensAt)} – ${formatDate(c.closesAt)}`, status: c.status,
      statusLabel: statusLabel(c.status), responses: c.responseCount ?? 0,
    })),
  });
}

async function newPage(res: Response, status: number, values: Record<string, unknown>, errors: string[] = []): Promise<void> {
  res.status(status).render('cycles/new', { title: t('fill.cycles.newTitle'), values, errors, ...(await cycleFormOptions(values)) });
}

async function create(req: Request, res: Response): Promise<void> {
  const { input, errors, values } = await readCycleInput(req.body);
  if (!input) return newPage(res, 422, values, errors);
  const cycle = await Cycle.create({
    name: input.name, year: input.year, formId: input.formId, formVersion: input.formVersion, subjectType: input.subjectType,
    opensAt: input.opensAt, closesAt: input.closesAt,
    target: { kabkota: input.kabkota, jenisPelayanan: input.jenisPelayanan, organisationIds: input.organisationIds },
    previousCycleId: input.previousCycleId, prefillProfile: input.prefillProfile, createdBy: req.user!.id, status: 'draft',
  });
  await audit(req, { action: 'cycle.create', targetType: 'cycle', targetId: String(cycle._id), details: { name: input.name, year: input.year, formId: input.formId, formVersion: input.formVersion } });
  res.redirect(303, `${BASE}/${String(cycle._id)}`);
}

async function detail(req: Request, res: Response): Promise<void> {
  const cycle = await Cycle.findById(objectIdParam(req.params.id)).lean();
  if (!cycle) throw new Problem(404.1);
  const id = String(cycle._id);
  const opened = cycle.status !== 'draft';
  const responses = opened ? await listResponses(req, { cycleId: cycle._id }, { sort: { kabkotaCode: 1 }, limit: 2000 }) : [];
  const orgs = await Organisation.find({ _id: { $in: responses.map((r) => r.organisationId) } }, { 'identity.nama': 1 }).lean();
  const names = new Map(orgs.map((o) => [String(o._id), (o as { identity?: { nama?: string } }).identity?.nama ?? '']));
  const actions = availableCycleActions(cycle.status);
  const instrument = await instrumentLabeller();
  res.render('cycles/detail', {
    styles: ['form.css', 'admin.css'], title: cycle.name, id, cycle: { ...cycle, opensAt: formatDateTime(cycle.opensAt), closesAt: formatDateTime(cycle.closesAt) },
    instrumentLabel: instrument(cycle.formId, cycle.formVersion),
    status: cycle.status, statusLabel: statusLabel(cycle.status), opened, closed: cycle.status === 'closed',
    closedAt: formatDateTime(cycle.closedAt), openAction: `${BASE}/${id}/buka`,
    canOpen: actions.includes('open'), hasActions: actions.some((a) => a !== 'open'), scheduleHref: actions.includes('reschedule') ? `${BASE}/${id}/jadwal` : null,
    closeHref: actions.includes('close') ? `${BASE}/${id}/tutup` : null, reopenHref: actions.includes('reopen') ? `${BASE}/${id}/buka-kembali` : null,
    targetCount: opened ? responses.length : await countTargets(req, cycle),
    target: cycle.target, responses: responses.map((r) => ({
      organisationName: names.get(String(r.organisationId)) ?? String(r.organisationId), kabkota: regionLabel(r.kabkotaCode),
      state: r.state, stateLabel: stateLabel(r.state), submittedAt: formatDateTime(r.submittedAt), extensionUntil: formatDateTime(r.extensionUntil),
      // a closed cycle wins over any extension: none is offered (the action would be refused, 409.11)
      extendHref: cycle.status === 'open' ? `${BASE}/${id}/tanggapan/${String(r._id)}/perpanjang` : null,
    })),
  });
}

async function open(req: Request, res: Response): Promise<void> {
  const count = await openCycle(req, objectIdParam(req.params.id));
  flash(req, 'ok', t('fill.cycles.opened', { count }));
  res.redirect(303, `${BASE}/${String(req.params.id)}`);
}

async function extension(req: Request, res: Response): Promise<void> {
  const response = await findResponse(req, req.params.responseId, { answers: 0, review: 0 });
  const cycle = await loadCycle(response.cycleId);
  if (String(response.cycleId) !== String(objectIdParam(req.params.id))) throw new Problem(404.1);
  // a closed cycle wins over any extension: say so at once rather than offer a form that cannot succeed
  if (cycle.status === 'closed') throw new Problem(409.11);
  const org = await Organisation.findById(response.organisationId, { 'identity.nama': 1 }).lean();
  const view = {
    title: t('fill.extend.title'), action: req.originalUrl.split('?')[0], organisationName: (org as { identity?: { nama?: string } } | null)?.identity?.nama ?? '',
    cycleName: cycle.name, closesAt: formatDateTime(cycle.closesAt), current: formatDateTime(response.extensionUntil),
    stateLabel: stateLabel(response.state), back: `${BASE}/${String(cycle._id)}`,
  };
  if (req.method === 'GET') return res.render('cycles/extend', { ...view, values: {} });
  const body = (req.body ?? {}) as Record<string, unknown>;
  const untilText = typeof body.until === 'string' ? body.until : '';
  const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 1000) : '';
  const until = parseLocalDateTime(untilText) ?? parseDay(untilText, 'end');
  const decision = transition(response.state, 'extendDeadline', {
    role: req.user!.role as Role, ...responseWindow(response, cycle), reason, newExtensionUntil: until ?? new Date(NaN),
  });
  if (!decision.ok) {
    if (decision.problem.code === 422.2 || decision.problem.code === 422.3) {
      return res.status(422).render('cycles/extend', { ...view, values: { until: untilText, reason }, error: decision.problem.message });
    }
    throw new Problem(decision.problem.code, decision.problem.details);
  }
  await mongoose.connection.transaction(async (session) => {
    await updateResponse(req, response._id, response.rev, { $set: { extensionUntil: until, extensionReason: reason } }, { states: ['draft', 'submitted', 'in_review', 'returned', 'resubmitted'], session });
    await audit(req, {
      action: 'deadline.extend', targetType: 'response', targetId: String(response._id), organisationId: String(response.organisationId),
      details: { until, reason, previous: response.extensionUntil ?? null },
    }, session);
    await noticeExtension(session, response, cycle, until!, reason, response.rev + 1);
  });
  flash(req, 'ok', t('fill.extend.done', { until: formatDateTime(until) }));
  res.redirect(303, view.back);
}

export function cycleRoutes(app: Express): void {
  endpoint(app, 'get', BASE, 'cycle.manage', listPage);
  endpoint(app, 'get', `${BASE}/baru`, 'cycle.manage', (_req, res) => newPage(res, 200, {}));
  endpoint(app, 'post', BASE, 'cycle.manage', create);
  endpoint(app, 'get', `${BASE}/:id`, 'cycle.manage', detail);
  endpoint(app, 'post', `${BASE}/:id/buka`, 'cycle.manage', open);
  cycleLifecycleRoutes(app);
  endpoint(app, 'get', `${BASE}/:id/tanggapan/:responseId/perpanjang`, 'deadline.extend', extension);
  endpoint(app, 'post', `${BASE}/:id/tanggapan/:responseId/perpanjang`, 'deadline.extend', extension);
}
