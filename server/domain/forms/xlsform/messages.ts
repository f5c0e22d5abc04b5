/**
 * Problems of a workbook, as a person fixes them in the spreadsheet: which sheet, row and column,
 * what is wrong and what to write instead. Texts come from the message catalogue
 * (server/i18n/areas/xlsform.ts), so the admin page and the command line say the same thing.
 */
import { t } from '../../../i18n';

/** A catalogue key with its placeholders. */
export interface Msg { key: string; vars?: Record<string, unknown> }

export interface SheetProblem {
  sheet: string;
  /** 1-based spreadsheet row; null for the sheet (or workbook) as a whole. */
  row: number | null;
  /** The column header as written in the workbook, or the expected one when it is missing. */
  column: string | null;
  /** What is wrong. */
  message: string;
  /** What to write instead. */
  fix: string;
}

/** Something imported with a consequence the author should know (ignored columns, metadata rows). */
export interface SheetNote { sheet: string; row: number | null; column: string | null; message: string }

export const text = (m: Msg): string => t(m.key, m.vars);

export function problemOf(sheet: string, row: number | null, column: string | null, what: Msg, fix?: Msg): SheetProblem {
  return { sheet, row, column, message: text(what), fix: fix ? text(fix) : text({ key: `${what.key}.fix`, vars: what.vars }) };
}

/** "survey!F12 (relevant)" style location for command-line output. */
export function whereOf(p: { sheet: string; row: number | null; column: string | null }): string {
  return `${p.sheet}${p.row !== null ? ` ${t('xlsform.where.row', { row: p.row })}` : ''}${p.column ? ` ${t('xlsform.where.column', { column: p.column })}` : ''}`;
}
