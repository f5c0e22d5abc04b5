/**
 * Cycle exports (policy 'export.cycle', scoped, audited as `report.export`):
 *
 *   GET /laporan/:cycleId/ekspor.csv    UTF-8 CSV with BOM, comma-separated, CRLF
 *   GET /laporan/:cycleId/ekspor.xlsx   exceljs streaming WorkbookWriter (no styles, no shared strings)
 *
 * Both stream: responses are read with a cursor in batches (organisation names fetched per batch),
 * each row is written as soon as it is built, and the writer waits when the client reads slowly,
 * so memory stays bounded by one batch whatever the cycle's size. Every text cell passes through
 * `neutraliseCell` (checklist 29: formulas become text; real numbers stay numbers). Rows come in
 * the database's order for the cycle (no sort: a sort over whole responses would have to hold
 * them all). The benchmark calls `writeCycleXlsx(cycleId, scopeFilter, writable)`.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import mongoose from 'mongoose';
import type { MongoFilter } from '../domain/access/scope';
import type { LoadedForm } from '../domain/forms';
import {
  type ExportDoc, type ExportOrg, type ReportFilters, and, bucketFilter, exportPlan, gradeFilter, safeSectionKeys,
} from '../domain/reports';
import { csvField, neutraliseCell, type ExportCell } from '../domain/register/spreadsheet-safety';
import { audit } from '../http/audit';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { loadPublishedForm } from '../model/query/instruments';
import { type CycleInfo, findCycle, reportMatch } from '../model/query/reports';
import { scopedResponses } from '../model/query/scoped';
import { Organisation } from '../model/organisation';
import { ResponseModel } from '../model/response';
import { cycleAndForm, readFilters } from './reports-context';

export const EXPORT_BATCH = 500;

/**
 * Only the stored fields a row needs: the answers, the two scores' totals, grades, section scores
 * and item points (not titles, weights or caps). Half the bytes of whole responses.
 */
function exportFields(form: LoadedForm): Record<string, 1> {
  const fields: Record<string, 1> = {
    organisationId: 1, kabkotaCode: 1, state: 1, answers: 1, rev: 1, prefilledFrom: 1, submittedAt: 1, verifiedAt: 1, updatedAt: 1,
  };
  for (const score of ['selfScore', 'verifiedScore']) {
    for (const f of ['total', 'grade', 'items.path', 'items.points', 'items.counted']) fields[`${score}.${f}`] = 1;
    for (const key of safeSectionKeys(form.sections.filter((x) => x.scored).map((x) => x.key))) fields[`${score}.sections.${key}.score`] = 1;
  }
  return fields;
}

async function organisationsOf(docs: readonly ExportDoc[]): Promise<Map<string, ExportOrg>> {
  const ids = [...new Set(docs.map((d) => String(d.organisationId)))].map((id) => new mongoose.Types.ObjectId(id));
  const out = new Map<string, ExportOrg>();
  // Chunks of 500 ids stay an _id index lookup on every engine.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await Organisation.find({ _id: { $in: ids.slice(i, i + 500) } }, { 'identity.nama': 1, 'identity.jenisPelayanan': 1 }).lean();
    for (const r of rows) {
      const identity = (r as { identity?: { nama?: string; jenisPelayanan?: string } }).identity;
      out.set(String(r._id), { nama: identity?.nama ?? '', jenisPelayanan: identity?.jenisPelayanan ?? null });
    }
  }
  return out;
}

/** The header row, then one row per response in scope, built batch by batch. */
export async function* exportRows(cycle: CycleInfo, form: LoadedForm, scopeFilter: MongoFilter, filters: ReportFilters = {}, batchSize = EXPORT_BATCH): AsyncGenerator<ExportCell[]> {
  const plan = exportPlan(form);
  yield plan.headers;
  const filter = and(
    await reportMatch(cycle._id, scopeFilter, filters),
    filters.state ? bucketFilter(filters.state) : {},
    filters.grade ? gradeFilter(filters.grade) : {},
  );
  const cursor = ResponseModel.find(filter, exportFields(form)).lean().cursor({ batchSize });
  let batch: ExportDoc[] = [];
  const flush = async function* flush(docs: ExportDoc[]): AsyncGenerator<ExportCell[]> {
    const orgs = await organisationsOf(docs);
    for (const doc of docs) yield plan.row(doc, orgs.get(String(doc.organisationId)));
  };
  try {
    for await (const doc of cursor) {
      batch.push(doc as unknown as ExportDoc);
      if (batch.length >= batchSize) {
        yield* flush(batch);
        batch = [];
      }
    }
    if (batch.length > 0) yield* flush(batch);
  } finally {
    await cursor.close();
  }
}

async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

/** Writes the CSV to `out` (and ends it). Returns the number of data rows. */
export async function writeCsv(rows: AsyncIterable<ExportCell[]>, out: Writable): Promise<number> {
  let count = -1;
  let chunk = '\ufeff';
  for await (const row of rows) {
    if (out.destroyed) break;
    count += 1;
    chunk += `${row.map((cell) => csvField(cell)).join(',')}\r\n`;
    if (chunk.length >= 64 * 1024) {
      out.write(chunk);
      chunk = '';
      await drained(out);
    }
  }
  if (!out.destroyed) out.end(chunk);
  return Math.max(count, 0);
}

/** Writes the XLSX to `out` with the streaming writer (and ends it). Returns the number of data rows. */
export async function writeXlsx(rows: AsyncIterable<ExportCell[]>, out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(t('report.export.sheet'));
  let count = -1;
  for await (const row of rows) {
    if (out.destroyed) break;
    count += 1;
    const cells = new Array<ExportCell>(row.length);
    for (let i = 0; i < row.length; i++) cells[i] = neutraliseCell(row[i]);
    sheet.addRow(cells).commit();
    if ((count & 63) === 0) await drained(out);
  }
  if (out.destroyed) return Math.max(count, 0); // the client went away: nothing left to finish
  sheet.commit();
  await workbook.commit();
  return Math.max(count, 0);
}

/** Bench/API entry points: a cycle's export for a response scope filter (`{}` = everything). */
export async function writeCycleXlsx(cycleId: unknown, scopeFilter: MongoFilter, out: Writable, filters: ReportFilters = {}): Promise<number> {
  const cycle = await findCycle(cycleId);
  const form = await loadPublishedForm(cycle.formId, cycle.formVersion);
  return writeXlsx(exportRows(cycle, form, scopeFilter, filters), out);
}

export async function writeCycleCsv(cycleId: unknown, scopeFilter: MongoFilter, out: Writable, filters: ReportFilters = {}): Promise<number> {
  const cycle = await findCycle(cycleId);
  const form = await loadPublishedForm(cycle.formId, cycle.formVersion);
  return writeCsv(exportRows(cycle, form, scopeFilter, filters), out);
}

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export function reportExportRoutes(app: Express): void {
  for (const format of ['csv', 'xlsx'] as const) {
    endpoint(app, 'get', `/laporan/:cycleId/ekspor.${format}`, 'export.cycle', async (req, res) => {
      const { cycle, form } = await cycleAndForm(req.params.cycleId);
      const filters = readFilters(req, form);
      await audit(req, { action: 'report.export', targetType: 'cycle', targetId: String(cycle._id), details: { format, filters } });
      // formId is [a-z0-9-] (instrument ids are checked at upload), the year a number: a safe file name.
      const name = `monev-${cycle.formId}-${cycle.year}.${format}`;
      res.status(200);
      res.setHeader('Content-Type', TYPES[format]);
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.setHeader('Cache-Control', 'no-store');
      const rows = exportRows(cycle, form, scopedResponses(req), filters);
      if (format === 'csv') await writeCsv(rows, res);
      else await writeXlsx(rows, res);
    });
  }
}
