/**
 * Indonesian number and date formatting for reports (decimal comma, dot thousands, month names,
 * WIB). Pure; Node ships full ICU, so `id-ID` formats are the same on every machine.
 */
const integer = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });
const timeFormat = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Jakarta' });

export const DASH = '–';

export function formatInt(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? integer.format(n) : DASH;
}

/** A score 0-100 as stored (2 decimals): "74,35". */
export function formatScore(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? twoDecimals.format(n) : DASH;
}

/** A share 0-100 with one decimal and a percent sign: "78,1%". */
export function formatPct(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? `${oneDecimal.format(n)}%` : DASH;
}

/** A signed change: "+2,10", "−0,50", "0,00". */
export function formatDelta(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  const text = twoDecimals.format(Math.abs(n));
  if (Math.round(n * 100) === 0) return twoDecimals.format(0);
  return n > 0 ? `+${text}` : `−${text}`;
}

/** A signed change of a count: "+12", "−3", "0". */
export function formatCountDelta(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  const text = integer.format(Math.abs(n));
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
}

function toDate(d: Date | string | null | undefined): Date | null {
  if (d === null || d === undefined) return null;
  const date = d instanceof Date ? d : new Date(d);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "12 Juli 2026" (in WIB). */
export function formatDate(d: Date | string | null | undefined): string {
  const date = toDate(d);
  return date ? dateFormat.format(date) : DASH;
}

/** "12 Juli 2026 14.05 WIB". */
export function formatDateTime(d: Date | string | null | undefined): string {
  const date = toDate(d);
  return date ? `${dateFormat.format(date)} ${timeFormat.format(date)} WIB` : DASH;
}

/** "2026-07-12 14:05" in WIB, sortable as text (spreadsheet cells; exports use no date styles). */
export function isoLocal(d: Date | string | null | undefined): string | null {
  const date = toDate(d);
  if (!date) return null;
  const wib = new Date(date.getTime() + 7 * 3600 * 1000);
  return wib.toISOString().slice(0, 16).replace('T', ' ');
}
