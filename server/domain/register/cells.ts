/**
 * Cell parsers: one raw value (form field or spreadsheet cell) → a typed value or an Indonesian
 * message saying what is wrong and how to write it. Empty cells parse to `undefined`; whether a
 * field is required is decided by the field table, not here.
 */
import type { CellValue, IsoDate } from './record';
import { type Term, matchTerm } from './vocabularies';

export type Parsed<T> = { ok: true; value: T | undefined } | { ok: false; error: string };

const EMPTY = { ok: true, value: undefined } as const;
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const err = <T>(error: string): Parsed<T> => ({ ok: false, error });

const nf = new Intl.NumberFormat('id-ID');
/** 100.000 with Indonesian grouping, but years and small numbers as typed (1998, not 1.998). */
const num = (n: number) => (Math.abs(n) >= 10_000 ? nf.format(n) : String(n));

/** Calendar date of a Date in UTC (exceljs gives date cells as UTC midnight). */
function isoOf(d: Date): IsoDate | undefined {
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

/** Any cell as trimmed text; typed cells are written the way a person would type them. */
export function cellText(cell: CellValue): Parsed<string> {
  if (cell === null || cell === undefined) return EMPTY;
  if (typeof cell === 'object' && 'invalid' in cell) return err(cell.invalid);
  if (cell instanceof Date) return ok(isoOf(cell) ?? '');
  if (typeof cell === 'boolean') return ok(cell ? 'ya' : 'tidak');
  // Our exports put ' before text that looks like a formula (spreadsheet-safety.ts); spreadsheets
  // keep that quote in CSV and in text cells, so it is removed again on import.
  const text = String(cell).replace(/^'(?=\s*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20])/, '').trim();
  return text === '' ? EMPTY : ok(text);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Free text. Single-line fields fold every run of whitespace into one space. */
export function parseText(cell: CellValue, max: number, multiline = false): Parsed<string> {
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const cleaned = multiline ? t.value.replace(CONTROL, '').replace(/\r\n?/g, '\n') : t.value.replace(CONTROL, ' ').replace(/\s+/g, ' ');
  return cleaned.length > max ? err(`Paling banyak ${num(max)} karakter (terisi ${num(cleaned.length)}).`) : ok(cleaned);
}

export function parseInteger(cell: CellValue, min: number, max: number): Parsed<number> {
  const range = () => err<number>(`Harus bilangan bulat antara ${num(min)} dan ${num(max)}, tanpa titik atau koma.`);
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= min && cell <= max ? ok(cell) : range();
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  if (!/^\d{1,9}$/.test(t.value)) return range();
  const n = Number(t.value);
  return n >= min && n <= max ? ok(n) : range();
}

export function parseDecimal(cell: CellValue, min: number, max: number): Parsed<number> {
  const range = () => err<number>(`Harus angka desimal antara ${min} dan ${max} (mis. -6,1234 atau -6.1234).`);
  if (typeof cell === 'number') return Number.isFinite(cell) && cell >= min && cell <= max ? ok(cell) : range();
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  if (!/^-?\d{1,3}([.,]\d{1,10})?$/.test(t.value)) return range();
  const n = Number(t.value.replace(',', '.'));
  return n >= min && n <= max ? ok(n) : range();
}

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, jan: 1, februari: 2, pebruari: 2, feb: 2, peb: 2, maret: 3, mar: 3, april: 4, apr: 4, mei: 5, may: 5,
  juni: 6, jun: 6, juli: 7, jul: 7, agustus: 8, agu: 8, agt: 8, ags: 8, aug: 8, september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, oct: 10, november: 11, nov: 11, nop: 11, desember: 12, des: 12, dec: 12,
};

function calendarDate(year: number, month: number, day: number): IsoDate | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DATE_HELP = 'Tanggal tidak valid. Tulis tanggal/bulan/tahun, mis. 17/08/2020, 2020-08-17 atau 17 Agustus 2020.';

/** Day-first dates as written in Indonesia, ISO dates, Indonesian month names, XLSX date cells. */
export function parseDate(cell: CellValue): Parsed<IsoDate> {
  if (cell instanceof Date) return isoOf(cell) ? ok(isoOf(cell) as IsoDate) : err(DATE_HELP);
  if (typeof cell === 'number') return err(DATE_HELP);
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const text = t.value;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z?)?$/.exec(text);
  let date: IsoDate | undefined;
  if (m) date = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text))) date = calendarDate(Number(m[3]), Number(m[2]), Number(m[1]));
  else if ((m = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{4})$/.exec(text))) {
    const month = MONTHS[m[2].toLowerCase()];
    if (month) date = calendarDate(Number(m[3]), month, Number(m[1]));
  }
  return date ? ok(date) : err(DATE_HELP);
}

/** One term of a closed vocabulary, by code, label or alias. */
export function parseTerm<C extends string>(cell: CellValue, terms: readonly Term<C>[]): Parsed<C> {
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const term = matchTerm(terms, t.value);
  return term ? ok(term.code) : err(`"${t.value.slice(0, 60)}" tidak dikenal. Pilihan: ${terms.map((x) => x.label).join('; ')}.`);
}

/** Several terms separated by `;`, `,`, `|` or line breaks; numbers select by position. */
export function parseTermList<C extends string>(cell: CellValue, terms: readonly Term<C>[]): Parsed<C[]> {
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const parts = t.value.split(/[;,|\n]+/).map((p) => p.trim()).filter((p) => p !== '');
  const codes: C[] = [];
  const unknown: string[] = [];
  for (const part of parts) {
    const term = matchTerm(terms, part, { byNumber: true });
    if (!term) unknown.push(part.slice(0, 60));
    else if (!codes.includes(term.code)) codes.push(term.code);
  }
  if (unknown.length > 0) return err(`Tidak dikenal: ${unknown.map((u) => `"${u}"`).join(', ')}. Tulis nama atau nomor 1-${terms.length}, pisahkan dengan titik koma.`);
  return ok(codes);
}

export function parseFlag(cell: CellValue): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number' && (cell === 0 || cell === 1)) return ok(cell === 1);
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const v = t.value.toLowerCase().replace(/\s+/g, ' ');
  if (['ya', 'y', 'aktif', 'true', '1', 'benar'].includes(v)) return ok(true);
  if (['tidak', 't', 'n', 'tidak aktif', 'nonaktif', 'non aktif', 'non-aktif', 'false', '0'].includes(v)) return ok(false);
  return err('Tulis "Aktif" atau "Tidak aktif" (atau Ya/Tidak).');
}

const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export function parseEmail(cell: CellValue): Parsed<string> {
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const email = t.value.replace(/^mailto:/i, '').toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? ok(email) : err('Alamat email tidak valid, mis. lks.harapan@gmail.com.');
}

/**
 * Indonesian phone numbers → E.164 (+62...). Accepts 0812-3456-7890, (0254) 123456, +62 812...,
 * 62812..., and 812... (the leading 0 Excel drops from numeric cells).
 */
export function parsePhone(cell: CellValue): Parsed<string> {
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const compact = t.value.replace(/[\s().-]/g, '');
  let national: string | undefined;
  if (/^\+62\d+$/.test(compact)) national = compact.slice(3);
  else if (/^62\d{9,}$/.test(compact)) national = compact.slice(2);
  else if (/^0\d+$/.test(compact)) national = compact.slice(1);
  else if (/^[1-9]\d+$/.test(compact)) national = compact;
  return national && /^[1-9]\d{6,11}$/.test(national) ? ok(`+62${national}`) : err('Nomor telepon tidak valid, mis. 0812-3456-7890 atau (0254) 123456.');
}

/** NPWP: 15 digits (old format, often written 01.234.567.8-901.000) or 16 digits (NIK-based). */
export function parseNpwp(cell: CellValue): Parsed<string> {
  // Excel keeps only 15 significant digits in a number cell: a 16-digit NPWP typed as a number
  // has already lost its last digit, so it cannot be trusted.
  if (typeof cell === 'number' && (!Number.isSafeInteger(cell) || Math.abs(cell) >= 1e15)) {
    return err('NPWP 16 digit tidak dapat disimpan di sel angka Excel (hanya 15 digit yang tersimpan). Ketik NPWP sebagai teks.');
  }
  const t = cellText(cell);
  if (!t.ok) return err(t.error);
  if (t.value === undefined) return EMPTY;
  const digits = t.value.replace(/[\s.-]/g, '');
  if (/^\d{15}$|^\d{16}$/.test(digits)) return ok(digits);
  const hint = typeof cell === 'number' ? ' Bila diketik sebagai angka, angka 0 di depan hilang: ketik sebagai teks.' : '';
  return err(`NPWP harus 15 atau 16 digit angka (terisi ${digits.replace(/\D/g, '').length} digit), mis. 01.234.567.8-901.000.${hint}`);
}
