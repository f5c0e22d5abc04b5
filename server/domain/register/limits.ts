/**
 * Bounds for one register import. Generous for real registers (Banten has ~700 LKS and ~1,550
 * Karang Taruna; a kab/kota imports a few hundred rows), small enough that a hostile file
 * cannot exhaust memory. XLSX sizes count the inflated XML: a full 5,000-row, 37-column register
 * is ~0.7 MB on disk and ~7.3 MB inflated, and exceljs needs roughly 15× the inflated size in memory,
 * so the caps leave ~3× headroom over the largest real import.
 */
export interface ImportLimits {
  /** Upload size in bytes (CSV or XLSX as sent). */
  readonly maxBytes: number;
  /** Data rows, not counting the header and blank rows. */
  readonly maxRows: number;
  readonly maxColumns: number;
  /** Zip entries in an XLSX (a normal workbook has 10-30). */
  readonly maxZipEntries: number;
  /** Inflated size of any one XLSX part. */
  readonly maxEntryBytes: number;
  /** Inflated size of all XLSX parts together. */
  readonly maxTotalBytes: number;
  /** Problems listed in a refusal (the total count is always given). */
  readonly maxProblems: number;
}

export const IMPORT_LIMITS: ImportLimits = Object.freeze({
  maxBytes: 5 * 1024 * 1024,
  maxRows: 5000,
  maxColumns: 100,
  maxZipEntries: 500,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 24 * 1024 * 1024,
  maxProblems: 2000,
});
