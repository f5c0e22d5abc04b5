/**
 * Register import entry point: bytes of an uploaded CSV or XLSX → all records or every problem.
 * The format is decided from the content (zip signature), never from the file name or the
 * browser's media type. Nothing is stored here; the caller saves the records in one go.
 */
import { readCsv } from './csv-reader';
import { type ImportResult, importRows, refuse } from './import-rows';
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { readXlsx } from './xlsx-reader';

export type SpreadsheetKind = 'xlsx' | 'xls' | 'csv';

export function detectSpreadsheet(bytes: Uint8Array): SpreadsheetKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06)) return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  return 'csv';
}

export async function importOrganisations(bytes: Buffer, options: { now: Date; limits?: Partial<ImportLimits> }): Promise<ImportResult> {
  const limits: ImportLimits = { ...IMPORT_LIMITS, ...options.limits };
  const kind = detectSpreadsheet(bytes);
  if (kind === 'xls') {
    return refuse(415.1, [{ line: 0, column: '', problem: 'Format Excel lama (.xls) tidak didukung. Simpan sebagai .xlsx atau CSV.' }], limits.maxProblems);
  }
  const read = kind === 'xlsx' ? await readXlsx(bytes, limits) : readCsv(bytes, limits);
  if (!read.ok) return read;
  return importRows(read.rows, { now: options.now, limits });
}
