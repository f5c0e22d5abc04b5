/**
 * XLSX bytes → sheet rows, bounded. The zip is inspected and test-inflated under hard caps first
 * (zip-guard.ts); only a file that passes reaches exceljs. The first visible worksheet is read;
 * typed cells keep their type (numbers, dates, booleans) and formulas contribute their cached
 * result only, never a re-evaluation.
 */
import ExcelJS from 'exceljs';
import type { ImportLimits } from './limits';
import type { SheetRead } from './csv-reader';
import { type RowProblem, type SheetRow, refuse } from './import-rows';
import type { CellValue } from './record';
import { inspectZip } from './zip-guard';

const ZIP_MESSAGES: Readonly<Record<413.4 | 415.2, string>> = {
  413.4: 'Isi berkas XLSX terlalu besar atau terdiri dari terlalu banyak bagian. Simpan ulang hanya lembar data, atau gunakan CSV.',
  415.2: 'Berkas XLSX rusak, terenkripsi atau memakai format yang tidak didukung. Simpan ulang dari Excel sebagai "Excel Workbook (.xlsx)".',
};

type RawValue = ExcelJS.CellValue | undefined;

function richText(value: { richText: { text: string }[] }): string {
  return value.richText.map((part) => part.text).join('');
}

/** exceljs cell value → a plain cell value for the importer. */
export function toCellValue(value: RawValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return { invalid: 'Isi sel tidak dikenal.' };
  if ('richText' in value && Array.isArray(value.richText)) return richText(value);
  if ('error' in value) return { invalid: `Sel berisi galat ${String(value.error)}.` };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return { invalid: 'Sel berisi rumus tanpa nilai tersimpan. Salin lalu tempel sebagai nilai (Paste Values).' };
    return toCellValue(result as RawValue);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    if (typeof text === 'string') return text;
    if (text && typeof text === 'object' && 'richText' in text) return richText(text as { richText: { text: string }[] });
    return String((value as { hyperlink: unknown }).hyperlink);
  }
  return { invalid: 'Isi sel tidak dikenal.' };
}

export type GuardedWorkbook =
  | { ok: true; workbook: ExcelJS.Workbook }
  | { ok: false; code: 413.1 | 413.4 | 415.2; message: string };

/**
 * The workbook in an upload, or why not: size, then the zip-bomb guard (checklist 28), and only
 * then exceljs. Shared by every XLSX upload (register import, questionnaire workbooks).
 */
export async function loadGuardedWorkbook(bytes: Buffer, limits: ImportLimits): Promise<GuardedWorkbook> {
  if (bytes.length > limits.maxBytes) return { ok: false, code: 413.1, message: `Berkas lebih dari ${Math.round(limits.maxBytes / 1024 / 1024)} MB.` };
  const zip = inspectZip(bytes, limits);
  if (!zip.ok) return { ok: false, code: zip.code, message: ZIP_MESSAGES[zip.code] };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, code: 415.2, message: ZIP_MESSAGES[415.2] };
  }
  if (workbook.worksheets.length === 0) return { ok: false, code: 415.2, message: ZIP_MESSAGES[415.2] }; // a zip without worksheets is not a workbook
  return { ok: true, workbook };
}

export async function readXlsx(bytes: Buffer, limits: ImportLimits): Promise<SheetRead> {
  const fail = (code: 413.1 | 413.3 | 413.4 | 415.2 | 422.4, problem: string, line = 0) =>
    refuse(code, [{ line, column: '', problem } satisfies RowProblem], limits.maxProblems);
  const loaded = await loadGuardedWorkbook(bytes, limits);
  if (!loaded.ok) return fail(loaded.code, loaded.message);
  const { workbook } = loaded;
  const sheet = workbook.worksheets.find((ws) => ws.state === 'visible') ?? workbook.worksheets[0];
  if (sheet.actualRowCount > limits.maxRows + 1) {
    return fail(413.3, `Paling banyak ${limits.maxRows} baris data per impor (lembar berisi ${sheet.actualRowCount - 1}). Bagi menjadi beberapa berkas.`);
  }
  const rows: SheetRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    const width = Math.min(row.cellCount, limits.maxColumns + 1);
    const cells: CellValue[] = [];
    for (let c = 1; c <= width; c += 1) cells.push(toCellValue(row.getCell(c).value));
    rows.push({ line: rowNumber, cells });
  });
  return { ok: true, rows };
}
