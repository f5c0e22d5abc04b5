/**
 * Rows of a spreadsheet (from the CSV or XLSX reader) → register records, all or nothing.
 * The first non-blank row is the header; columns are matched by name (fields.ts), in any order.
 * Every bad cell is reported as `{line, column, problem}`; if there is even one, no record is
 * returned, so an import is never half applied.
 */
import { buildOrganisation } from './build';
import { cellText } from './cells';
import { FIELDS, type FieldKey, type FlatOrganisation, fieldForHeader, fieldSpec } from './fields';
import type { ImportLimits } from './limits';
import type { CellValue, OrganisationRecord } from './record';
import { comparableText } from './vocabularies';
import { type DomainProblem, problem } from '../workflow/problems';

export interface SheetRow {
  /** 1-based line (CSV) or row number (XLSX) where the row starts. */
  readonly line: number;
  readonly cells: readonly CellValue[];
}

export interface RowProblem {
  readonly line: number;
  /** The column header as written in the file (or the expected header when the column is absent). */
  readonly column: string;
  readonly problem: string;
  readonly field?: FieldKey;
}

export type ImportResult =
  | { ok: true; records: OrganisationRecord[]; /** line of each record in the file, same order */ lines: number[] }
  | { ok: false; problem: DomainProblem; problems: RowProblem[] };

export type ImportRefusal = Extract<ImportResult, { ok: false }>;

export function refuse(code: DomainProblem['code'], problems: RowProblem[], maxProblems: number): ImportRefusal {
  const listed = problems.slice(0, maxProblems);
  return { ok: false, problem: problem(code, { problems: listed, total: problems.length, truncated: listed.length < problems.length }), problems: listed };
}

export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) { out = String.fromCharCode(65 + ((n - 1) % 26)) + out; n = Math.floor((n - 1) / 26); }
  return out;
}

interface HeaderMap { readonly columns: Map<number, { key: FieldKey; header: string }>; readonly problems: RowProblem[] }

function mapHeader(header: SheetRow, data: readonly SheetRow[]): HeaderMap {
  const columns = new Map<number, { key: FieldKey; header: string }>();
  const problems: RowProblem[] = [];
  const seen = new Map<FieldKey, string>();
  header.cells.forEach((cell, i) => {
    const text = cellText(cell);
    const name = text.ok ? text.value : undefined;
    if (name === undefined) {
      if (data.some((row) => !isBlankRow([row.cells[i]]))) problems.push({ line: header.line, column: `Kolom ${columnLetter(i)}`, problem: 'Kolom berisi data tetapi tidak berjudul.' });
      return;
    }
    const key = fieldForHeader(name);
    if (key === 'ignored') return;
    if (key === undefined) { problems.push({ line: header.line, column: name, problem: `Judul kolom "${name.slice(0, 60)}" tidak dikenal. Gunakan judul dari templat impor.` }); return; }
    const earlier = seen.get(key);
    if (earlier !== undefined) { problems.push({ line: header.line, column: name, problem: `Kolom ini sama dengan kolom "${earlier}".`, field: key }); return; }
    seen.set(key, name);
    columns.set(i, { key, header: name });
  });
  for (const field of FIELDS) {
    if (field.required === true && !seen.has(field.key)) {
      problems.push({ line: header.line, column: field.header, problem: 'Kolom wajib tidak ada.', field: field.key });
    }
  }
  return { columns, problems };
}

/**
 * Offices often put a title ("Daftar LKS Kabupaten Serang 2025") above the header. The header is
 * the first of the first 10 non-blank rows in which at least 3 cells are known column names;
 * rows above it are skipped. Without such a row, the first row is taken (and its unknown
 * columns are reported).
 */
export function findHeaderIndex(rows: readonly SheetRow[]): number {
  const known = (row: SheetRow) => row.cells.filter((cell) => {
    const text = cellText(cell);
    const key = text.ok && text.value !== undefined ? fieldForHeader(text.value) : undefined;
    return key !== undefined && key !== 'ignored';
  }).length;
  const index = rows.slice(0, 10).findIndex((row) => known(row) >= 3);
  return index < 0 ? 0 : index;
}

export function importRows(rows: readonly SheetRow[], options: { now: Date; limits: ImportLimits }): ImportResult {
  const { limits } = options;
  const nonBlank = rows.filter((r) => !isBlankRow(r.cells));
  if (nonBlank.length === 0) return refuse(422.4, [{ line: 1, column: '', problem: 'Berkas kosong: baris judul kolom tidak ditemukan.' }], limits.maxProblems);
  const headerIndex = findHeaderIndex(nonBlank);
  const [header, ...data] = nonBlank.slice(headerIndex);
  if (data.length > limits.maxRows) {
    return refuse(413.3, [{ line: data[limits.maxRows].line, column: '', problem: `Paling banyak ${limits.maxRows} baris data per impor (berkas berisi ${data.length}). Bagi menjadi beberapa berkas.` }], limits.maxProblems);
  }
  if (header.cells.length > limits.maxColumns) {
    return refuse(422.4, [{ line: header.line, column: '', problem: `Paling banyak ${limits.maxColumns} kolom.` }], limits.maxProblems);
  }
  const { columns, problems: headerProblems } = mapHeader(header, data);
  if (headerProblems.length > 0) return refuse(422.4, headerProblems, limits.maxProblems);
  if (data.length === 0) return refuse(422.4, [{ line: header.line, column: '', problem: 'Tidak ada baris data di bawah judul kolom.' }], limits.maxProblems);

  const problems: RowProblem[] = [];
  const records: OrganisationRecord[] = [];
  const lines: number[] = [];
  const byNpwp = new Map<string, number>();
  const byNameAndPlace = new Map<string, number>();
  const columnOf = (key: FieldKey) => [...columns.values()].find((c) => c.key === key)?.header ?? fieldSpec(key).header;

  for (const row of data) {
    const flat: { -readonly [K in FieldKey]?: CellValue } = {};
    row.cells.forEach((cell, i) => {
      const col = columns.get(i);
      if (col) flat[col.key] = cell;
      else if (i >= header.cells.length && !isBlankRow([cell])) problems.push({ line: row.line, column: `Kolom ${columnLetter(i)}`, problem: 'Sel berisi data di luar kolom yang berjudul.' });
    });
    const built = buildOrganisation(flat as FlatOrganisation, { now: options.now });
    if (!built.ok) {
      for (const issue of built.issues) problems.push({ line: row.line, column: columnOf(issue.field), problem: issue.message, field: issue.field });
      continue;
    }
    const { record } = built;
    const npwp = record.legal.npwp;
    if (npwp !== undefined) {
      const first = byNpwp.get(npwp);
      if (first !== undefined) problems.push({ line: row.line, column: columnOf('npwp'), problem: `NPWP sama dengan baris ${first}.`, field: 'npwp' });
      else byNpwp.set(npwp, row.line);
    }
    const place = `${comparableText(record.identity.nama)}|${record.location.kecamatanCode}`;
    const firstPlace = byNameAndPlace.get(place);
    if (firstPlace !== undefined) problems.push({ line: row.line, column: columnOf('nama'), problem: `Lembaga dengan nama dan kecamatan yang sama sudah ada di baris ${firstPlace}.`, field: 'nama' });
    else byNameAndPlace.set(place, row.line);
    records.push(record);
    lines.push(row.line);
  }
  return problems.length > 0 ? refuse(422.4, problems, limits.maxProblems) : { ok: true, records, lines };
}
