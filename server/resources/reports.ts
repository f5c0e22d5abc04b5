/**
 * Report pages (policy 'report.view'; every figure is limited to the caller's scope by the query
 * layer, so an operator sees only their own rows and a Lebak evaluator only Lebak):
 *
 *   GET /dasbor                              → 303 to the newest cycle's dashboard
 *   GET /dasbor/:cycleId                     dashboard (filters: kabkota, jenis, predikat, status)
 *   GET /rapor/:responseId[/cetak]           report card, and its A4 print view
 *   GET /laporan/:cycleId/ringkasan[/cetak]  leadership summary, and its A4 print view
 *   GET /laporan/:cycleId/rapor/cetak        all report cards in scope, one per page (?hal=)
 *
 * Exports are reports-export.ts, the JSON API reports-api.ts.
 */
import type { Express, Request } from 'express';
import {
  BASIS_CHOICES, BASIS_PARAM_VALUES, FILTER_PARAMS, LETTER_NUMBER_MAX, type Letter, type ReportFilters, basisOf, cycleLabel, filterQuery, formatDate,
  hasFilters, todayWib,
} from '../domain/reports';
import { audit } from '../http/audit';
import { regionLabel } from '../data/regions';
import { JENIS_PELAYANAN } from '../domain/register/vocabularies';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import type { LoadedForm } from '../domain/forms';
import { type CycleInfo, dashboardFor, listCycles } from '../model/query/reports';
import { scopedResponses } from '../model/query/scoped';
import {
  cycleAndForm, filterFields, kabkotaChoices, loadCard, loadCardsPage, loadSummary, printLocals, readFilters, readLetter, renderFragment, scopeNote,
} from './reports-context';
import { reportApiRoutes } from './reports-api';
import { reportExportRoutes } from './reports-export';
import { bucketColumns, cardView, dashboardView, summaryView } from './reports-view';

const CHART_SCRIPTS = ['vendor/chart.umd.min.js', 'charts.js'];

function filterForm(req: Request, form: LoadedForm, filters: ReportFilters) {
  const option = (value: string, label: string, current: string | undefined) => ({ value, label, selected: value === current });
  return {
    params: FILTER_PARAMS,
    kabkota: kabkotaChoices(req).map((code) => option(code, regionLabel(code), filters.kabkota)),
    jenis: form.subjectType === 'LKS' ? JENIS_PELAYANAN.map((j) => option(j.code, j.label, filters.jenisPelayanan)) : null,
    grades: form.grades.map((g) => option(g.grade, `${g.grade} – ${g.label}`, filters.grade)),
    states: bucketColumns().map((b) => option(b.key, b.label, filters.state)),
    bases: BASIS_CHOICES.map((b) => option(BASIS_PARAM_VALUES[b], t(`report.basis.choice.${b}`), BASIS_PARAM_VALUES[basisOf(filters)])),
    active: hasFilters(filters),
  };
}

/** The small GET form that sets the letter number and date before printing (works without JavaScript). */
function letterForm(action: string, filters: ReportFilters, letter: Pick<Letter, 'number' | 'date'>) {
  return {
    action, hidden: filterFields(filters), number: letter.number ?? '', date: letter.date, maxLength: LETTER_NUMBER_MAX,
    submit: t('report.letter.submit'),
  };
}

function cycleLinks(cycles: CycleInfo[], current: CycleInfo) {
  return cycles.map((c) => ({
    href: `/dasbor/${String(c._id)}`, current: String(c._id) === String(current._id),
    label: `${cycleLabel(c.name, c.year)}${c.status === 'closed' ? ` – ${t('report.dash.cycleClosed')}` : ''}`,
  }));
}

export function reportRoutes(app: Express): void {
  endpoint(app, 'get', '/dasbor', 'report.view', async (_req, res) => {
    const cycles = await listCycles();
    // The newest cycle that has started (open or closed; cycles are listed newest first): a newer
    // closed cycle is more relevant than an older one still open.
    const newest = cycles.find((c) => c.status !== 'draft') ?? cycles[0];
    if (!newest) return void res.render('reports/dasbor', { title: t('report.dash.title'), styles: ['report.css'], noCycle: true });
    res.redirect(303, `/dasbor/${String(newest._id)}`);
  });

  endpoint(app, 'get', '/dasbor/:cycleId', 'report.view', async (req, res) => {
    const { cycle, form } = await cycleAndForm(req.params.cycleId);
    const filters = readFilters(req, form);
    const dashboard = await dashboardFor(cycle, form, scopedResponses(req), filters);
    const base = `/dasbor/${String(cycle._id)}`;
    const query = filterQuery(filters);
    const reports = `/laporan/${String(cycle._id)}`;
    res.render('reports/dasbor', {
      title: t('report.dash.heading', { name: cycle.name }),
      styles: ['report.css'], scripts: CHART_SCRIPTS,
      cycle, base, scopeNote: scopeNote(req), filter: filterForm(req, form, filters),
      cycles: cycleLinks(await listCycles(), cycle),
      view: dashboardView(dashboard, base, filters),
      links: {
        summary: `${reports}/ringkasan${query}`, bulk: `${reports}/rapor/cetak${query}`,
        csv: `${reports}/ekspor.csv${query}`, xlsx: `${reports}/ekspor.xlsx${query}`,
        canExport: req.user?.role !== 'operator',
      },
    });
  });

  endpoint(app, 'get', '/rapor/:responseId', 'report.view', async (req, res) => {
    const card = cardView(await loadCard(req, req.params.responseId));
    res.render('reports/rapor', {
      title: t('report.card.title', { nama: card.organisation.nama }), styles: ['report.css'], scripts: CHART_SCRIPTS,
      card, cardHtml: await renderFragment(res, 'reports/card', { card }), printHref: `/rapor/${card.responseId}/cetak`,
    });
  });

  endpoint(app, 'get', '/rapor/:responseId/cetak', 'report.view', async (req, res) => {
    const card = cardView(await loadCard(req, req.params.responseId));
    res.render('reports/cetak', {
      ...await printLocals(req, t('report.card.title', { nama: card.organisation.nama })),
      back: `/rapor/${card.responseId}`,
      pages: [{ body: await renderFragment(res, 'reports/card', { card, print: true }) }],
    });
  });

  endpoint(app, 'get', '/laporan/:cycleId/ringkasan', 'report.view', async (req, res) => {
    const { cycle, form } = await cycleAndForm(req.params.cycleId);
    const filters = readFilters(req, form);
    const here = `/laporan/${String(cycle._id)}/ringkasan`;
    const view = summaryView(await loadSummary(req, cycle, form, filters), `/dasbor/${String(cycle._id)}`, filters, here);
    res.render('reports/ringkasan', {
      title: t('report.summary.title', { name: cycle.name }), styles: ['report.css'], scripts: CHART_SCRIPTS,
      cycle, scopeNote: scopeNote(req), filterNote: hasFilters(filters),
      letterForm: letterForm(`${here}/cetak`, filters, { number: null, date: todayWib() }),
      summaryHtml: await renderFragment(res, 'reports/summary', { view, cycle }),
    });
  });

  // The print view of the summary: a letter to file, with its number and date as set in the
  // form before printing (audited as 'report.print' when set).
  endpoint(app, 'get', '/laporan/:cycleId/ringkasan/cetak', 'report.view', async (req, res) => {
    const { cycle, form } = await cycleAndForm(req.params.cycleId);
    const filters = readFilters(req, form);
    const letter = readLetter(req);
    const here = `/laporan/${String(cycle._id)}/ringkasan`;
    const view = summaryView(await loadSummary(req, cycle, form, filters), `/dasbor/${String(cycle._id)}`, filters, here);
    if (letter.set) {
      await audit(req, {
        action: 'report.print', targetType: 'cycle', targetId: String(cycle._id),
        details: { document: 'summary', nomor: letter.number, tanggal: letter.date, filters: filterQuery(filters).slice(1) || null },
      });
    }
    res.render('reports/cetak', {
      ...await printLocals(req, t('report.summary.title', { name: cycle.name }), letter.date),
      back: `${here}${filterQuery(filters)}`,
      letterForm: letterForm(`${here}/cetak`, filters, letter),
      pages: [{ body: await renderFragment(res, 'reports/summary', { view, cycle, print: true, letter: { number: letter.number, dateText: formatDate(letter.date) } }) }],
    });
  });

  endpoint(app, 'get', '/laporan/:cycleId/rapor/cetak', 'report.view', async (req, res) => {
    const { cycle, filters, page, pages, cards: built } = await loadCardsPage(req, req.params.cycleId);
    const cards = built.map(cardView);
    const base = `/laporan/${String(cycle._id)}/rapor/cetak`;
    const link = (p: number) => `${base}${filterQuery(filters)}${filterQuery(filters) ? '&' : '?'}hal=${p}`;
    res.render('reports/cetak', {
      ...await printLocals(req, t('report.bulk.title', { name: cycle.name })),
      back: `/dasbor/${String(cycle._id)}${filterQuery(filters)}`,
      bulk: {
        count: t('report.bulk.count', { count: cards.length, page, pages }),
        prev: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null,
        empty: cards.length === 0,
      },
      pages: await Promise.all(cards.map(async (card) => ({ body: await renderFragment(res, 'reports/card', { card, print: true }) }))),
    });
  });

  reportExportRoutes(app);
  reportApiRoutes(app);
}

