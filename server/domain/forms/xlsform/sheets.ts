/**
 * A workbook as plain data (what the reader produced, what the writer consumes) and its sheets
 * read as tables: header row → columns, then one text value per cell. Column names follow
 * XLSForm: case and spaces do not matter (`List name` = `list_name`), a few historic aliases are
 * accepted, and translatable columns carry a language (`label::Bahasa Indonesia (id)`).
 */
import type { SheetNote, SheetProblem } from './messages';
import { problemOf, text } from './messages';

export type Cell = string | number | boolean | Date | null | undefined | { readonly invalid: string };

export interface RawSheet { name: string; rows: Array<{ row: number; cells: Cell[] }> }

/** Sheets to write: header names, then rows of cells (text or numbers). */
export interface OutSheet { name: string; columns: string[]; rows: Array<Array<string | number | null>>; widths?: number[] }

export const TRANSLATABLE = ['label', 'hint', 'guidance_hint', 'constraint_message', 'required_message', 'recommendation'] as const;

const ALIASES: Record<string, string> = {
  'list name': 'list_name', relevance: 'relevant', caption: 'label', 'jr:constraintmsg': 'constraint_message',
  'jr:requiredmsg': 'required_message', 'constraint message': 'constraint_message', 'required message': 'required_message',
  'guidance hint': 'guidance_hint', 'repeat count': 'repeat_count', 'read only': 'read_only', 'choice filter': 'choice_filter',
  'form title': 'form_title', 'form id': 'form_id', 'default language': 'default_language', 'id_string': 'form_id',
};

export interface Column { index: number; header: string; base: string; lang: string | null }

export interface TableRow { row: number; cells: Map<number, string> }

export interface Table { sheet: string; columns: Column[]; rows: TableRow[] }

export function parseHeader(raw: string, index: number): Column {
  const header = raw.trim();
  const parts = header.split('::').map((p) => p.trim());
  const first = normaliseName(parts[0]);
  if (first === 'media' && parts.length >= 2) return { index, header, base: `media::${normaliseName(parts[1])}`, lang: parts.length > 2 ? parts.slice(2).join('::') : null };
  if ((TRANSLATABLE as readonly string[]).includes(first)) return { index, header, base: first, lang: parts.length > 1 ? parts.slice(1).join('::') : null };
  if (parts.length > 1 && ['image', 'audio', 'video', 'big-image'].includes(first)) return { index, header, base: `media::${first}`, lang: parts.slice(1).join('::') };
  if (parts.length > 1) return { index, header, base: [first, ...parts.slice(1)].join('::').toLowerCase(), lang: null };
  return { index, header, base: first, lang: null };
}

function normaliseName(s: string): string {
  const lower = s.trim().toLowerCase().replace(/\s+/g, ' ');
  return ALIASES[lower] ?? lower.replace(/ /g, '_');
}

const TRIGGER = /^'[\s]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/** A cell as text; the apostrophe our export puts before formula-like text (checklist 29) is removed. */
export function cellText(c: Cell): string | { invalid: string } {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return TRIGGER.test(c) ? c.slice(1).trim() : c.trim();
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return c;
}

/** Reads a sheet as a table: the first non-empty row is the header; empty rows are skipped. */
export function readTable(sheet: RawSheet, problems: SheetProblem[]): Table {
  const columns: Column[] = [];
  const rows: TableRow[] = [];
  let headerSeen = false;
  for (const r of sheet.rows) {
    const texts = r.cells.map(cellText);
    if (!headerSeen) {
      if (texts.every((x) => x === '')) continue;
      headerSeen = true;
      texts.forEach((x, i) => {
        if (typeof x === 'string' && x !== '') columns.push(parseHeader(x, i));
      });
      continue;
    }
    const cells = new Map<number, string>();
    for (const col of columns) {
      const x = texts[col.index];
      if (x === undefined || x === '') continue;
      if (typeof x !== 'string') {
        problems.push(problemOf(sheet.name, r.row, col.header, { key: 'xlsform.cell.invalid', vars: { reason: x.invalid } }));
        continue;
      }
      cells.set(col.index, x);
    }
    if (cells.size > 0) rows.push({ row: r.row, cells });
  }
  return { sheet: sheet.name, columns, rows };
}

/**
 * Reading cells by column name. Translatable columns use the chosen language, falling back to the
 * column without a language; other languages are reported once as ignored.
 */
export class TableReader {
  private readonly byBase = new Map<string, Column[]>();

  constructor(readonly table: Table, private readonly language: string | null) {
    for (const c of table.columns) this.byBase.set(c.base, [...(this.byBase.get(c.base) ?? []), c]);
  }

  has(base: string): boolean {
    return this.byBase.has(base);
  }

  /** The header of a column as written (for problem locations), or the base name. */
  header(base: string): string {
    const cols = this.byBase.get(base) ?? [];
    return (cols.find((c) => c.lang === this.language) ?? cols.find((c) => c.lang === null) ?? cols[0])?.header ?? base;
  }

  get(row: TableRow, base: string): string {
    const cols = this.byBase.get(base);
    if (!cols) return '';
    const chosen = cols.find((c) => c.lang === this.language);
    const plain = cols.find((c) => c.lang === null);
    return (chosen && row.cells.get(chosen.index)) || (plain && row.cells.get(plain.index)) || '';
  }

  /** Columns present in the sheet that no importer rule reads. */
  unknownColumns(known: ReadonlySet<string>): Column[] {
    return this.table.columns.filter((c) => !known.has(c.base) && !c.base.startsWith('$') && !c.base.startsWith('kobo--'));
  }
}

/**
 * The label language: `default_language` when the workbook has it, else Bahasa Indonesia when
 * present (`(id)` or a name with "Indonesia"), else the columns without a language, else the first.
 */
export function chooseLanguage(tables: readonly Table[], defaultLanguage: string, notes: SheetNote[], notedSheet: string): string | null {
  const langs = new Set<string | null>();
  for (const t of tables) for (const c of t.columns) if ((TRANSLATABLE as readonly string[]).includes(c.base)) langs.add(c.lang);
  const named = [...langs].filter((l): l is string => l !== null);
  let chosen: string | null;
  if (defaultLanguage && named.includes(defaultLanguage)) chosen = defaultLanguage;
  else chosen = named.find((l) => /\(id\)\s*$/i.test(l) || /indonesia/i.test(l)) ?? (langs.has(null) ? null : named[0] ?? null);
  const ignored = named.filter((l) => l !== chosen);
  if (ignored.length > 0) notes.push({ sheet: notedSheet, row: null, column: null, message: text({ key: 'xlsform.note.languages', vars: { chosen: chosen ?? '-', ignored: ignored.join(', ') } }) });
  return chosen;
}
