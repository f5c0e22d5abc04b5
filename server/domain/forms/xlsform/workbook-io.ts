/**
 * Workbook bytes ↔ plain sheets. Reading goes through the register import's guarded loader
 * (size, zip-bomb guard of checklist 28, then exceljs); formulas give their cached value only.
 * Writing neutralises formula-like text (checklist 29); the importer removes that apostrophe again.
 */
import ExcelJS from 'exceljs';
import type { ImportLimits } from '../../register/limits';
import { neutraliseCell } from '../../register/spreadsheet-safety';
import { loadGuardedWorkbook, toCellValue } from '../../register/xlsx-reader';
import { problemOf, type SheetProblem } from './messages';
import type { Cell, OutSheet, RawSheet } from './sheets';

/** A questionnaire workbook is small: the 107-row LKS instrument is ~25 KB. */
export const WORKBOOK_LIMITS: ImportLimits = Object.freeze({
  maxBytes: 2 * 1024 * 1024,
  maxRows: 5000,
  maxColumns: 200,
  maxZipEntries: 500,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 24 * 1024 * 1024,
  maxProblems: 500,
});

export type WorkbookRead = { ok: true; sheets: RawSheet[] } | { ok: false; status: 413 | 415; code: 413.1 | 413.4 | 415.2; problem: SheetProblem };

export async function readWorkbook(bytes: Buffer, limits: ImportLimits = WORKBOOK_LIMITS): Promise<WorkbookRead> {
  const loaded = await loadGuardedWorkbook(bytes, limits);
  if (!loaded.ok) {
    const key = loaded.code === 413.1 ? 'xlsform.file.tooBig' : loaded.code === 413.4 ? 'xlsform.file.bomb' : 'xlsform.file.broken';
    return { ok: false, status: loaded.code === 415.2 ? 415 : 413, code: loaded.code, problem: problemOf('', null, null, { key, vars: { mb: limits.maxBytes / 1024 / 1024 } }) };
  }
  const sheets: RawSheet[] = [];
  for (const ws of loaded.workbook.worksheets) {
    if (ws.actualRowCount > limits.maxRows + 1) {
      return { ok: false, status: 413, code: 413.1, problem: problemOf(ws.name, null, null, { key: 'xlsform.file.tooManyRows', vars: { max: limits.maxRows } }) };
    }
    const rows: RawSheet['rows'] = [];
    ws.eachRow((row, rowNumber) => {
      const width = Math.min(row.cellCount, limits.maxColumns);
      const cells: Cell[] = [];
      for (let c = 1; c <= width; c += 1) cells.push(toCellValue(row.getCell(c).value));
      rows.push({ row: rowNumber, cells });
    });
    sheets.push({ name: ws.name, rows });
  }
  return { ok: true, sheets };
}

export async function writeWorkbook(sheets: readonly OutSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Monev';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.columns);
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map((c) => (c === null ? null : neutraliseCell(c))));
    s.columns.forEach((name, i) => { ws.getColumn(i + 1).width = s.widths?.[i] ?? Math.min(60, Math.max(10, name.length + 2)); });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Plain sheets as the reader would return them, without bytes (tests and the editor). */
export function asRawSheets(sheets: readonly OutSheet[]): RawSheet[] {
  return sheets.map((s) => ({ name: s.name, rows: [{ row: 1, cells: s.columns }, ...s.rows.map((cells, i) => ({ row: i + 2, cells: cells.map((c) => (typeof c === 'string' ? neutraliseCell(c) as string : c)) }))] }));
}
