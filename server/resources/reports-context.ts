/**
 * What every report route needs: the cycle and its compiled form, the filters read from the query
 * string (closed sets only, else 400.4), the caller's response scope, the report data itself
 * (dashboard, summary, report cards), and rendering of report fragments for print documents.
 */
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { KABKOTA, regionLabel } from '../data/regions';
import { scopeFor } from '../domain/access/scope';
import type { LoadedForm } from '../domain/forms';
import { Problem } from '../domain/problems';
import {
  type Letter, type ReportFilters, type Summary, basisOf, buildReportCard, buildSummary, filterQuery, formatDate, parseFilters,
  parseLetter, type ReportCard, subjectTypeLabel,
} from '../domain/reports';
import { emblemForPrint } from './settings';
import { JENIS_PELAYANAN } from '../domain/register/vocabularies';
import { t } from '../i18n';
import { loadPublishedForm } from '../model/query/instruments';
import {
  type CycleInfo, cardInputs, cardPage, cycleIdParam, dashboardFor, findCardResponse, findCycle, previousCycle,
} from '../model/query/reports';
import { notFoundInScope, objectIdParam, scopedResponses } from '../model/query/scoped';
import { ResponseModel } from '../model/response';

/** Report cards per bulk-print page (and per JSON page). */
export const BULK_PAGE_SIZE = 50;

export async function cycleAndForm(id: unknown): Promise<{ cycle: CycleInfo; form: LoadedForm }> {
  const cycle = await findCycle(cycleIdParam(id));
  return { cycle, form: await loadPublishedForm(cycle.formId, cycle.formVersion) };
}

/** The kabupaten/kota a user may filter on: their scope's, or all eight. */
export function kabkotaChoices(req: Request): string[] {
  const scope = scopeFor(req.user);
  // Listed organisations may lie in any kabupaten/kota, so a combined scope offers them all.
  if ('kabkota' in scope && !('organisationIds' in scope)) return KABKOTA.filter((k) => scope.kabkota.includes(k.kode)).map((k) => k.kode);
  return KABKOTA.map((k) => k.kode);
}

export function readFilters(req: Request, form: LoadedForm): ReportFilters {
  const result = parseFilters(req.query as Record<string, unknown>, {
    kabkota: KABKOTA.map((k) => k.kode),
    jenisPelayanan: JENIS_PELAYANAN.map((j) => j.code),
    grades: form.grades.map((g) => g.grade),
  });
  if (!result.ok) throw new Problem(400.4, { param: result.param });
  return result.filters;
}

/** "Halaman" numbers from `?hal=`: 1 when absent, 400.4 when not a small positive integer. */
export function readPage(req: Request): number {
  const raw = req.query.hal;
  if (raw === undefined || raw === '') return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,4}$/.test(raw)) throw new Problem(400.4, { param: 'hal' });
  return Number(raw);
}

export function subjectLabel(form: LoadedForm): string {
  return subjectTypeLabel(form.subjectType);
}

/** A sentence saying whose rows the figures contain (operators: their own; kab/kota staff: theirs). */
export function scopeNote(req: Request): string | null {
  const scope = scopeFor(req.user);
  if ('kabkota' in scope && 'organisationIds' in scope) {
    return t('report.dash.scopeKabkotaAndAssigned', { list: scope.kabkota.map(regionLabel).join(', ') });
  }
  if ('organisationIds' in scope) return t(req.user?.role === 'operator' ? 'report.dash.scopeOwn' : 'report.dash.scopeAssigned');
  if ('none' in scope) return t('report.dash.scopeOwn');
  if ('kabkota' in scope) return t('report.dash.scopeKabkota', { list: scope.kabkota.map(regionLabel).join(', ') });
  return null;
}

/**
 * The summary's figures with the reader's basis, and the comparison with the previous year on
 * verified scores only (like with like): with `dasar=semua` this cycle's figures are asked twice,
 * once counting all scores for the page and once counting verified scores for the comparison.
 */
export async function loadSummary(req: Request, cycle: CycleInfo, form: LoadedForm, filters: ReportFilters): Promise<Summary> {
  const scope = scopedResponses(req);
  const verifiedFilters: ReportFilters = { ...filters, basis: undefined };
  const prev = await previousCycle(cycle);
  const [dashboard, verified, previous] = await Promise.all([
    dashboardFor(cycle, form, scope, filters),
    basisOf(filters) === 'all' ? dashboardFor(cycle, form, scope, verifiedFilters) : undefined,
    prev ? loadPublishedForm(prev.formId, prev.formVersion).then(async (prevForm) => ({
      cycle: { id: String(prev._id), name: prev.name, year: prev.year }, dashboard: await dashboardFor(prev, prevForm, scope, verifiedFilters),
    })) : null,
  ]);
  return buildSummary({ cycle: { id: String(cycle._id), name: cycle.name, year: cycle.year }, subjectLabel: subjectLabel(form), dashboard, verified, previous });
}

/** One report card, if the response is in the caller's scope (else 404, audited when it exists). */
export async function loadCard(req: Request, id: unknown): Promise<ReportCard> {
  const _id = objectIdParam(id);
  const scope = scopedResponses(req);
  const doc = await findCardResponse(scope, _id, () => notFoundInScope(req, 'response', _id, async () => Boolean(await ResponseModel.exists({ _id }))));
  const cycle = await findCycle(doc.cycleId);
  const form = await loadPublishedForm(doc.formId, doc.formVersion);
  const [input] = await cardInputs([doc], cycle, form, scope);
  return buildReportCard(input);
}

export interface CardsPage {
  cycle: CycleInfo;
  filters: ReportFilters;
  page: number;
  pages: number;
  total: number;
  cards: ReportCard[];
}

/** One page (`?hal=`) of the cycle's report cards in the caller's scope, with the report filters. */
export async function loadCardsPage(req: Request, cycleId: unknown): Promise<CardsPage> {
  const { cycle, form } = await cycleAndForm(cycleId);
  const filters = readFilters(req, form);
  const page = readPage(req);
  const scope = scopedResponses(req);
  const { docs, total } = await cardPage(cycle, scope, filters, page, BULK_PAGE_SIZE);
  const cards = (await cardInputs(docs, cycle, form, scope)).map(buildReportCard);
  return { cycle, filters, page, pages: Math.max(1, Math.ceil(total / BULK_PAGE_SIZE)), total, cards };
}

/**
 * Renders a report view without layout to HTML. Print documents put fragments (one or many
 * report cards, a summary) into one page the way the layout puts a page body: the fragment is
 * complete, escaped template output, wrapped as a SafeString (never user data).
 */
export function renderFragment(res: Response, view: string, locals: Record<string, unknown>): Promise<Handlebars.SafeString> {
  return new Promise((resolve, reject) => {
    res.app.render(view, { ...locals, layout: false }, (err: Error | null, html?: string) => {
      if (err) reject(err);
      else resolve(new Handlebars.SafeString(html ?? ''));
    });
  });
}

/**
 * Shared locals of the print documents (kop surat with the emblem, print date, signature). The
 * signature is dated with the letter's date when one was set (`letterDate`, YYYY-MM-DD), else today.
 */
export async function printLocals(req: Request, title: string, letterDate?: string) {
  const now = new Date();
  const date = formatDate(now);
  const time = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Jakarta' }).format(now);
  return {
    layout: false,
    lang: 'id',
    title,
    emblem: await emblemForPrint(),
    printedAt: t('report.print.date', { tanggal: `${date} ${time} WIB` }),
    printedBy: req.user ? t('report.print.by', { nama: req.user.name ?? req.user.username ?? '' }) : '',
    signPlace: t('report.sign.place', { tanggal: letterDate ? formatDate(letterDate) : date }),
  };
}

/** The letter number and date of a print (`?nomor=&tanggal=`; 400.4 when malformed). */
export function readLetter(req: Request): Letter {
  const result = parseLetter(req.query as Record<string, unknown>);
  if (!result.ok) throw new Problem(400.4, { param: result.param });
  return result.letter;
}

/** The filters as hidden fields of a GET form (the letter form keeps them). */
export function filterFields(filters: ReportFilters): { name: string; value: string }[] {
  return [...new URLSearchParams(filterQuery(filters).slice(1))].map(([name, value]) => ({ name, value }));
}
