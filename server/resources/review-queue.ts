/**
 * The evaluator's queue (/tinjauan). It opens on the backlog: responses that wait for an
 * evaluator (submitted, resubmitted, in review) in the current cycle of each instrument (its
 * latest year), oldest submission first; "Semua" in a filter widens it. Filters are read from
 * the flat query string, each value a single string checked against its allow-list (states,
 * kabupaten/kota codes, instrument ids, cycle ids, the grades of the instruments' definitions).
 * Anything else is refused with 400.4, so `?status[$ne]=x` (a key this page never reads) or
 * `?status=$ne` can never become an operator (checklist 3).
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { KABKOTA, regionLabel } from '../data/regions';
import { Problem } from '../domain/problems';
import { RESPONSE_STATES, STATE_LABELS, type ResponseState } from '../domain/workflow/state-machine';
import { t } from '../i18n';
import { countQueue, listQueue, organisationNames, QUEUE_PAGE_SIZE, type QueueFilters, type QueueRow } from '../model/query/review';
import { queueChoices, type QueueChoices } from './review-queue-choices';
import { formatScore, kabkotaName, when } from './review-format';

/** What waits for an evaluator: the queue's default status. */
export const WAITING_STATES: readonly ResponseState[] = ['submitted', 'resubmitted', 'in_review'];
/** "Semua yang sudah dikirim": everything past the draft stage. */
export const SUBMITTED_STATES: readonly ResponseState[] = RESPONSE_STATES.filter((s) => s !== 'draft');
/** The filter value that widens status or cycle to everything. */
export const ALL = 'semua';

export interface QueueParams {
  /** '' = waiting (default), 'semua', or one state */
  status: string;
  kabkota: string;
  instrument: string;
  /** '' = the current cycles (default), 'semua', or one cycle id */
  cycle: string;
  /** '' or "<formId>:<grade>" */
  grade: string;
  page: number;
}

/** One flat string parameter, or '' when absent; a repeated or non-string parameter is refused. */
function param(req: Request, name: string, max = 64): string {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined || v === '') return '';
  if (typeof v !== 'string' || v.length > max) throw new Problem(400.4, { parameter: name });
  return v;
}

function oneOf(name: string, value: string, allowed: readonly string[]): string {
  if (value !== '' && !allowed.includes(value)) throw new Problem(400.4, { parameter: name });
  return value;
}

export function readParams(req: Request, allowed: QueueChoices): QueueParams {
  // `status[$ne]=x` arrives as the literal key "status[$ne]": refuse it rather than ignore it.
  if (Object.keys(req.query as object).some((k) => /[[\]$]/.test(k))) throw new Problem(400.4, { parameter: 'query' });
  const pageText = param(req, 'halaman', 6);
  if (pageText !== '' && !/^[1-9]\d{0,5}$/.test(pageText)) throw new Problem(400.4, { parameter: 'halaman' });
  let instrument = oneOf('instrumen', param(req, 'instrumen', 80), allowed.instruments.map((i) => i.value));
  let grade = oneOf('predikat', param(req, 'predikat', 160), allowed.grades.map((g) => g.value));
  const gradeForm = allowed.grades.find((g) => g.value === grade)?.formId ?? '';
  // A grade belongs to one instrument: it selects that instrument, unless another was just chosen.
  if (grade && !instrument) instrument = gradeForm;
  else if (grade && instrument !== gradeForm) grade = '';
  return {
    status: oneOf('status', param(req, 'status'), [ALL, ...RESPONSE_STATES]),
    kabkota: oneOf('kabkota', param(req, 'kabkota'), KABKOTA.map((k) => k.kode)),
    instrument,
    cycle: oneOf('siklus', param(req, 'siklus'), [ALL, ...allowed.cycles.map((c) => c.value)]),
    grade,
    page: pageText === '' ? 1 : Number(pageText),
  };
}

/** The kabupaten/kota an evaluator covers (all of Banten for provincial staff and admins). */
function kabkotaInScope(req: Request) {
  const scope = req.user?.role === 'admin' ? 'all' : req.user?.kabkota;
  return scope === 'all' || !Array.isArray(scope) ? KABKOTA : KABKOTA.filter((k) => scope.includes(k.kode));
}

function toFilters(p: QueueParams, allowed: QueueChoices): QueueFilters {
  const states = p.status === '' ? WAITING_STATES : p.status === ALL ? SUBMITTED_STATES : [p.status as ResponseState];
  const cycleIds = p.cycle === '' ? allowed.currentCycleIds : p.cycle === ALL ? null : [p.cycle];
  return {
    states,
    ...(p.kabkota ? { kabkota: p.kabkota } : {}),
    ...(p.instrument ? { formId: p.instrument } : {}),
    ...(cycleIds && cycleIds.length > 0 ? { cycleIds: cycleIds.filter((id) => mongoose.isValidObjectId(id)) } : {}),
    ...(p.grade ? { grade: p.grade.slice(p.grade.indexOf(':') + 1) } : {}),
  };
}

function pageHref(p: QueueParams, page: number, override: Partial<QueueParams> = {}): string {
  const v = { ...p, ...override };
  const q = new URLSearchParams();
  if (v.status) q.set('status', v.status);
  if (v.kabkota) q.set('kabkota', v.kabkota);
  if (v.instrument) q.set('instrumen', v.instrument);
  if (v.cycle) q.set('siklus', v.cycle);
  if (v.grade) q.set('predikat', v.grade);
  if (page > 1) q.set('halaman', String(page));
  const s = q.toString();
  return s ? `/tinjauan?${s}` : '/tinjauan';
}

function rowView(r: QueueRow, names: Map<string, string>, cycles: Map<string, string>) {
  const verified = r.state === 'verified' ? r.verifiedScore : null;
  return {
    id: String(r._id), href: `/tinjauan/${String(r._id)}`, organisation: names.get(String(r.organisationId)) || t('review.queue.unknownOrg'),
    kabkota: kabkotaName(r.kabkotaCode), cycle: cycles.get(String(r.cycleId)) ?? '', state: r.state, stateLabel: STATE_LABELS[r.state] ?? r.state,
    selfTotal: formatScore((r.selfScore as { total?: number } | null)?.total ?? null), selfGrade: (r.selfScore as { grade?: string } | null)?.grade ?? '–',
    submittedAt: when(r.submittedAt), verified: Boolean(verified), verifiedGrade: verified?.grade ?? '–', verifiedTotal: formatScore(verified?.total ?? null),
  };
}

/** How many waiting responses of the caller's scope lie outside the current cycles (shown as a link). */
async function waitingElsewhere(req: Request, p: QueueParams, filters: QueueFilters): Promise<number> {
  if (p.cycle !== '' || !filters.cycleIds) return 0;
  const { cycleIds, ...rest } = filters;
  return countQueue(req, { ...rest, states: WAITING_STATES, notCycleIds: cycleIds });
}

/** Everything the queue page shows. */
export async function queuePage(req: Request) {
  const allowed = await queueChoices();
  const p = readParams(req, allowed);
  const filters = toFilters(p, allowed);
  const [{ rows, total }, elsewhere] = await Promise.all([listQueue(req, filters, p.page), p.status === '' ? waitingElsewhere(req, p, filters) : 0]);
  const names = await organisationNames(rows.map((r) => r.organisationId));
  const cycleNames = new Map(allowed.cycles.map((c) => [c.value, c.label]));
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const mark = (list: { value: string; label: string }[], current: string) => list.map((o) => ({ ...o, selected: o.value === current }));
  const gradeGroups = allowed.instruments.filter((i) => !p.instrument || i.value === p.instrument).map((i) => ({
    label: i.label, options: mark(allowed.grades.filter((g) => g.formId === i.value), p.grade),
  })).filter((g) => g.options.length > 0);
  return {
    styles: ['admin.css', 'review.css'], title: t('review.queue.title'),
    defaultView: p.status === '' && p.cycle === '',
    rows: rows.map((r) => rowView(r, names, cycleNames)), total, page: p.page, pages,
    prev: p.page > 1 ? pageHref(p, p.page - 1) : null, next: p.page < pages ? pageHref(p, p.page + 1) : null,
    elsewhere, elsewhereHref: elsewhere > 0 ? pageHref(p, 1, { cycle: ALL, grade: p.grade }) : null,
    statusChoices: mark([{ value: ALL, label: t('review.queue.allSubmitted') }, ...RESPONSE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }))], p.status),
    kabkotaChoices: mark(kabkotaInScope(req).map((k) => ({ value: k.kode, label: regionLabel(k.kode) })), p.kabkota),
    instrumentChoices: mark(allowed.instruments, p.instrument),
    cycleChoices: mark([{ value: ALL, label: t('review.queue.allCycles') }, ...allowed.cycles], p.cycle),
    gradeGroups,
  };
}
