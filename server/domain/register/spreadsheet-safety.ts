/**
 * Spreadsheet formula injection guard for CSV exports (checklist 29). A text cell that starts
 * with = + - @ (or a tab / CR / LF, which some spreadsheet apps skip before reading a formula)
 * gets a leading apostrophe, so Excel/LibreOffice show it as text instead of running it. Real
 * numbers stay numbers, and text that is exactly a plain number ("-5", "12,5") is left as is:
 * spreadsheets read it as that number, never as a formula.
 *
 * XLSX needs no prefix: a cell there has a type, and text written as a string cell is shown as
 * that text and never evaluated, so the prefix would only show up as a literal "'" (the reports
 * export writes text as string cells, reports-export.ts).
 */
export type ExportCell = string | number | boolean | Date | null | undefined;

const TRIGGER = /^[\s]*[=+\-@\t\r\n]/;
const FULLWIDTH_TRIGGER = /^[\s]*[\uff1d\uff0b\uff0d\uff20]/; // ＝ ＋ － ＠ are folded to ASCII by some apps
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?$/;

export function neutraliseCell(value: ExportCell): ExportCell {
  if (typeof value !== 'string' || value.length === 0) return value;
  // The usual cell: text starting with an ASCII letter or digit can never be read as a formula
  // (the guard looks at the first non-space character); only other text needs the checks.
  const c = value.charCodeAt(0);
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return value;
  if (PLAIN_NUMBER.test(value)) return value;
  return TRIGGER.test(value) || FULLWIDTH_TRIGGER.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, then quoted when it holds the delimiter, a quote or a line break. */
export function csvField(value: ExportCell, delimiter = ','): string {
  const safe = neutraliseCell(value);
  if (safe === null || safe === undefined) return '';
  const text = safe instanceof Date ? safe.toISOString() : String(safe);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole CSV document (CRLF line ends, UTF-8 BOM so Excel picks the right encoding).
 * Indonesian Excel uses `;` as its list separator; pass it for files meant to be double-clicked.
 */
export function toCsv(rows: readonly (readonly ExportCell[])[], delimiter = ','): string {
  return `\ufeff${rows.map((row) => row.map((cell) => csvField(cell, delimiter)).join(delimiter)).join('\r\n')}\r\n`;
}
