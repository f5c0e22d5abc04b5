/** Builds real .xlsx workbooks with exceljs for the import tests, and imports them through the guarded reader. */
import ExcelJS from 'exceljs';
import { importWorkbook, readWorkbook, type WorkbookImport } from '../../../../server/domain/forms/xlsform';

export type Sheets = Record<string, Array<Array<string | number | boolean | null>>>;

export async function xlsx(sheets: Sheets): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function importXlsx(sheets: Sheets): Promise<WorkbookImport> {
  const read = await readWorkbook(await xlsx(sheets));
  if (!read.ok) throw new Error(read.problem.message);
  return importWorkbook(read.sheets);
}

export const SETTINGS = [['form_title', 'form_id', 'version', 'subject_type'], ['Uji Kobo', 'uji-kobo', '2026.1', 'LKS']];

/** Survey rows from objects: every key becomes a column (in first-seen order). */
export function table(rows: Array<Record<string, string | number | boolean>>): Array<Array<string | number | boolean | null>> {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return [cols, ...rows.map((r) => cols.map((c) => (c in r ? r[c] : null)))];
}
