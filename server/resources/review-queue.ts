/**
 * The evaluator's queue (/tinjauan): filters read from the flat query string, each value a single
 * string checked against its allow-list (states, kabupaten/kota codes, instrument ids, cycle ids,
 * grade letters). Anything else is refused with 400.4, so `?status[$ne]=x` (a key this page never
 * reads) or `?status=$ne` can never become an operator (checklist 3).
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { KABKOTA } from '../data/regions';
import { Problem } from '../domain/problems';
import { RESPONSE_STATES, STATE_LABELS, type ResponseState } from '../domain/workflow/state-machine';
import { t } from '../i18n';
import { Cycle } from '../model/cycle';
import { listInstruments, loadPublishedForm } from '../model/query/instruments';
import { listQueue, organisationNames, QUEUE_PAGE_SIZE, type QueueFilters, type QueueRow } from '../model/query/review';
import { formatScore, kabkotaName, when } from './review-format';

/** Without a status filter the queue shows everything past the draft stage. */
export const DEFAULT_STATES: readonly ResponseState[] = RESPONSE_STATES.filter((s) => s !== 'draft');

export interface QueueParams {
  status: string;
  kabkota: string;
  instrument: string;
  cycle: string;
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

interface Choices {
  instruments: { value: string; label: string }[];
  cycles: { value: string; label: string }[];
  grades: string[];
}

async function choices(): Promise<Choices> {
  const published = await listInstruments({ status: 'published' });
  const instruments = new Map<string, string>();
  const grades = new Set<string>();
  for (const i of published) {
    if (!instruments.has(i.formId)) instruments.set(i.formId, i.title);
    const form = await loadPublishedForm(i.formId, i.version).catch(() => null);
    for (const g of form?.grades ?? []) grades.add(g.grade);
  }
  const cycles = await Cycle.find({}, { name: 1, year: 1 }).sort({ year: -1, name: 1 }).limit(200).lean();
  return {
    instruments: [...instruments].map(([value, label]) => ({ value, label })),
    cycles: cycles.map((c) => ({ value: String(c._id), label: c.name })),
    grades: [...grades].sort(),
  };
}

export function readParams(req: Request, allowed: Choices): QueueParams {
  // `status[$ne]=x` arrives as the literal key "status[$ne]": refuse it rather than ignore it.
  if (Object.keys(req.query as object).some((k) => /[[\]$]/.test(k))) throw new Problem(400.4, { parameter: 'query' });
  const pageText = param(req, 'halaman', 6);
  if (pageText !== '' && !/^[1-9]\d{0,5}$/.test(pageText)) throw new Problem(400.4, { parameter: 'halaman' });
  return {
    status: oneOf('status', param(req, 'status'), RESPONSE_STATES),
    kabkota: oneOf('kabkota', param(req, 'kabkota'), KABKOTA.map((k) => k.kode)),
    instrument: oneOf('instrumen', param(req, 'instrumen', 80), allowed.instruments.map((i) => i.value)),
    cycle: oneOf('siklus', param(req, 'siklus'), allowed.cycles.map((c) => c.value)),
    grade: oneOf('predikat', param(req, 'predikat', 8), allowed.grades),
    page: pageText === '' ? 1 : Number(pageText),
  };
}

/** The kabupaten/kota an evaluator covers (all of Banten for provincial staff and admins). */
function kabkotaInScope(req: Request) {
  const scope = req.user?.role === 'admin' ? 'all' : req.user?.kabkota;
  return scope === 'all' || !Array.isArray(scope) ? KABKOTA : KABKOTA.filter((k) => scope.includes(k.kode));
}

function toFilters(p: QueueParams): QueueFilters {
  return {
    states: p.status ? [p.status as ResponseState] : DEFAULT_STATES,
    ...(p.kabkota ? { kabkota: p.kabkota } : {}),
    ...(p.instrument ? { formId: p.instrument } : {}),
    ...(p.cycle && mongoose.isValidObjectId(p.cycle) ? { cycleId: p.cycle } : {}),
    ...(p.grade ? { grade: p.grade } : {}),
  };
}

function pageHref(p: QueueParams, page: number): string {
  const q = new URLSearchParams();
  if (p.status) q.set('status', p.status);
  if (p.kabkota) q.set('kabkota', p.kabkota);
  if (p.instrument) q.set('instrumen', p.instrument);
  if (p.cycle) q.set('siklus', p.cycle);
  if (p.grade) q.set('predikat', p.grade);
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

/** Everything the queue page shows. */
export async function queuePage(req: Request) {
  const allowed = await choices();
  const p = readParams(req, allowed);
  const { rows, total } = await listQueue(req, toFilters(p), p.page);
  const names = await organisationNames(rows.map((r) => r.organisationId));
  const cycleNames = new Map(allowed.cycles.map((c) => [c.value, c.label]));
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const mark = (list: { value: string; label: string }[], current: string) => list.map((o) => ({ ...o, selected: o.value === current }));
  return {
    styles: ['admin.css', 'review.css'], title: t('review.queue.title'),
    rows: rows.map((r) => rowView(r, names, cycleNames)), total, page: p.page, pages,
    prev: p.page > 1 ? pageHref(p, p.page - 1) : null, next: p.page < pages ? pageHref(p, p.page + 1) : null,
    statusChoices: mark(RESPONSE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] })), p.status),
    kabkotaChoices: mark(kabkotaInScope(req).map((k) => ({ value: k.kode, label: k.nama })), p.kabkota),
    instrumentChoices: mark(allowed.instruments, p.instrument),
    cycleChoices: mark(allowed.cycles, p.cycle),
    gradeChoices: mark(allowed.grades.map((g) => ({ value: g, label: g })), p.grade),
  };
}
