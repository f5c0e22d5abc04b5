/**
 * Questionnaire workbooks in the XLSForm convention (KoboToolbox, ODK, SurveyCTO), extended with
 * Monev's scoring columns and `scoring` sheet (forms/FORMAT.md §9): import to a definition,
 * export any definition, and the expression translation the draft editor shares.
 */
export { importWorkbook, type WorkbookImport } from './import';
export { exportWorkbook, exportForm, type WorkbookExport } from './export';
export { readWorkbook, writeWorkbook, asRawSheets, WORKBOOK_LIMITS, type WorkbookRead } from './workbook-io';
export { whereOf, type SheetProblem, type SheetNote } from './messages';
export type { RawSheet, OutSheet } from './sheets';
