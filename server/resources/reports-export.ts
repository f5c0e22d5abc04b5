/**
 * Cycle exports (policy 'export.cycle', scoped, audited as `report.export`):
 *
 *   GET /laporan/:cycleId/ekspor.csv    UTF-8 CSV with BOM, comma-separated, CRLF
 *   GET /laporan/:cycleId/ekspor.xlsx   exceljs streaming WorkbookWriter (no styles, no shared strings)
 *
 * Both stream: responses come from one cursor in batches with a read-ahead (model/query/
 * export-read.ts), each row is built by the compiled plan (domain/reports/export-columns.ts)
 * and written at once. A large export (THREAD_FROM responses or more) is read and shaped in an
 * export thread (server/export-thread) while the writer runs here. The writer waits when the
 * client reads slowly and, for XLSX, when deflate falls behind (xlsx-backlog.ts), so memory
 * stays bounded whatever the cycle's size. Checklist 29 (formulas never run; real numbers stay
 * numbers) is each writer's: the CSV writer neutralises every field (csvField: a leading "'"
 * on formula-like text), the XLSX writer writes text as string cells, which a spreadsheet shows
 * as that text and never evaluates, so it needs no visible prefix. Rows come un-neutralised
 * from `exportRows`, in the export thread or here alike.
 * The benchmark calls `writeCycleXlsx(cycleId, scopeFilter, writable)`.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import type { MongoFilter } from '../domain/access/scope';
import { score, type LoadedForm } from '../domain/forms';
import { type ReportFilters, exportPlan } from '../domain/reports';
import { csvField, type ExportCell } from '../domain/register/spreadsheet-safety';
import { audit } from '../http/audit';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { loadPublishedForm } from '../model/query/instruments';
import { type CycleInfo, findCycle } from '../model/query/reports';
import { EXPORT_BATCH, THREAD_FROM, exportBatches, exportRead, exportThreadJob } from '../model/query/reports-export';
import { exportRowsInThread } from '../export-thread';
import { scopedResponses } from '../model/query/scoped';
import { cycleAndForm, readFilters } from './reports-context';
import { eventOrClose } from './stream-wait';
import { deflateCaughtUp } from './xlsx-backlog';

export { EXPORT_BATCH, THREAD_FROM };

/** `threadFrom` for an export never read in a thread. */
export const NO_THREAD = Number.POSITIVE_INFINITY;

/** From how many responses each format's rows are read in an export thread (see exportRows). */
const THREAD_FOR = { csv: NO_THREAD, xlsx: THREAD_FROM } as const;

/**
 * The header row, then one row per response in scope (not neutralised: the writers do what their
 * format needs), built batch by
 * batch: in an export thread when the export is large (server/export-thread; `threadFrom`
 * responses or more, 0 = always), else here. Both give the same rows. The thread pays off for XLSX, whose writer is as heavy as
 * reading and shaping the rows; the CSV writer is light, and copying rows between threads would
 * cost it more than it saves (measured: 35,000 rows 8.9 s through a thread, 4.9 s without).
 */
export async function* exportRows(
  cycle: CycleInfo, form: LoadedForm, scopeFilter: MongoFilter, filters: ReportFilters = {}, batchSize = EXPORT_BATCH, threadFrom = THREAD_FROM,
): AsyncGenerator<ExportCell[]> {
  const order = { version: form.version, paths: score(form, {}).items.map((i) => i.path) };
  const read = await exportRead(cycle, form, scopeFilter, filters);
  const job = await exportThreadJob(read, form, order, batchSize, threadFrom);
  if (job) {
    yield* exportRowsInThread(job);
    return;
  }
  const plan = exportPlan(form, order);
  yield [...plan.headers];
  for await (const { docs, orgs } of exportBatches(read, plan.needsItems, batchSize)) {
    for (const doc of docs) yield plan.row(doc, orgs.get(String(doc.organisationId)));
  }
}

async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await eventOrClose(out, 'drain', out);
}

/**
 * Every 16 rows (XLSX) or 64 KiB (CSV) the writers wait for the client (backpressure) and let
 * the event loop turn once: building rows is synchronous, and without a turn the cursor's
 * read-ahead request would not leave until the whole batch was written, nor would compressed
 * output reach the socket.
 */
async function breathe(out: Writable): Promise<void> {
  await drained(out);
  await new Promise<void>((resolve) => setImmediate(resolve));
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
      await breathe(out);
    }
  }
  if (!out.destroyed) out.end(chunk);
  return Math.max(count, 0);
}

/**
 * Writes the XLSX to `out` with the streaming writer (and ends it). Returns the number of data
 * rows. Cells keep their types: numbers are number cells, text is a string cell (exceljs writes
 * a JS string as text, never as a formula, whatever it starts with; a formula would need a
 * `{ formula }` object, which export rows never hold), so "=1+2" reads as that text, with no "'".
 */
export async function writeXlsx(rows: AsyncIterable<ExportCell[]>, out: Writable): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(t('report.export.sheet'));
  let count = -1;
  for await (const row of rows) {
    if (out.destroyed) break;
    count += 1;
    sheet.addRow(row).commit();
    if ((count & 15) === 0) {
      await breathe(out);
      await deflateCaughtUp(sheet, out);
    }
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
  return writeXlsx(exportRows(cycle, form, scopeFilter, filters, EXPORT_BATCH, THREAD_FOR.xlsx), out);
}

export async function writeCycleCsv(cycleId: unknown, scopeFilter: MongoFilter, out: Writable, filters: ReportFilters = {}): Promise<number> {
  const cycle = await findCycle(cycleId);
  const form = await loadPublishedForm(cycle.formId, cycle.formVersion);
  return writeCsv(exportRows(cycle, form, scopeFilter, filters, EXPORT_BATCH, THREAD_FOR.csv), out);
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
      const rows = exportRows(cycle, form, scopedResponses(req), filters, EXPORT_BATCH, THREAD_FOR[format]);
      if (format === 'csv') await writeCsv(rows, res);
      else await writeXlsx(rows, res);
    });
  }
}
