/**
 * The JSON API of the reports (same data, scope and policies as the pages; documented in
 * openapi.json, served at /api/openapi.json):
 *
 *   GET /api/laporan                          cycles (newest first)
 *   GET /api/dasbor/:cycleId                  dashboard figures (filters as on the page)
 *   GET /api/laporan/:cycleId/ringkasan       leadership summary with comparison and narrative
 *   GET /api/laporan/:cycleId/rapor?hal=      report cards of the cycle, 50 per page
 *   GET /api/rapor/:responseId                one report card
 */
import type { Express } from 'express';
import { BASIS_PARAM_VALUES, basisOf, type ReportFilters } from '../domain/reports';
import { endpoint } from '../http/endpoint';
import { type CycleInfo, dashboardFor, listCycles } from '../model/query/reports';
import { scopedResponses } from '../model/query/scoped';
import openapi from './openapi.json';
import { cycleAndForm, loadCard, loadCardsPage, loadSummary, readFilters } from './reports-context';

function cycleJson(c: CycleInfo) {
  return { id: String(c._id), name: c.name, year: c.year, formId: c.formId, formVersion: c.formVersion, subjectType: c.subjectType, status: c.status ?? null };
}

const SCORE_BASIS = {
  verified: 'verified scores only (dasar=semua includes self scores); the comparison across years is verified against verified; drafts have no score',
  all: 'verified score when present, else self score (each listed row states its basis); the comparison across years is verified against verified; drafts have no score',
} as const;

function filtersJson(f: ReportFilters) {
  return { kabkota: f.kabkota ?? null, jenis: f.jenisPelayanan ?? null, predikat: f.grade ?? null, status: f.state ?? null, dasar: BASIS_PARAM_VALUES[basisOf(f)] };
}

export function reportApiRoutes(app: Express): void {
  endpoint(app, 'get', '/api/openapi.json', 'authenticated', (_req, res) => {
    res.json(openapi);
  });

  endpoint(app, 'get', '/api/laporan', 'report.view', async (_req, res) => {
    res.json({ cycles: (await listCycles()).map(cycleJson) });
  });

  endpoint(app, 'get', '/api/dasbor/:cycleId', 'report.view', async (req, res) => {
    const { cycle, form } = await cycleAndForm(req.params.cycleId);
    const filters = readFilters(req, form);
    const dashboard = await dashboardFor(cycle, form, scopedResponses(req), filters);
    res.json({ cycle: cycleJson(cycle), filters: filtersJson(filters), scoreBasis: SCORE_BASIS[basisOf(filters)], dashboard });
  });

  endpoint(app, 'get', '/api/laporan/:cycleId/ringkasan', 'report.view', async (req, res) => {
    const { cycle, form } = await cycleAndForm(req.params.cycleId);
    const filters = readFilters(req, form);
    const summary = await loadSummary(req, cycle, form, filters);
    const { cycle: _ref, ...rest } = summary;
    res.json({ cycle: cycleJson(cycle), filters: filtersJson(filters), scoreBasis: SCORE_BASIS[basisOf(filters)], ...rest });
  });

  endpoint(app, 'get', '/api/laporan/:cycleId/rapor', 'report.view', async (req, res) => {
    const { cycle, filters, page, pages, total, cards } = await loadCardsPage(req, req.params.cycleId);
    res.json({ cycle: cycleJson(cycle), filters: filtersJson(filters), page, pages, total, cards });
  });

  endpoint(app, 'get', '/api/rapor/:responseId', 'report.view', async (req, res) => {
    res.json(await loadCard(req, req.params.responseId));
  });
}
