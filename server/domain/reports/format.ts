/**
 * Indonesian number and date formatting for reports (decimal comma, dot thousands, month names,
 * WIB), with units where a number is read on its own ("74,35 poin", "−62,9 poin persen").
 * Pure; Node ships full ICU, so `id-ID` formats are the same on every machine.
 */
import { t } from '../../i18n';

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

/** A score with its unit: "74,35 poin" ('–' when there is none). */
export function formatPoints(n: number | null | undefined): string {
  const text = formatScore(n);
  return text === DASH ? DASH : t('report.unit.points', { value: text });
}

/** A signed change of a score with its unit: "+2,10 poin", "−0,50 poin". */
export function formatPointsDelta(n: number | null | undefined): string {
  const text = formatDelta(n);
  return text === DASH ? DASH : t('report.unit.points', { value: text });
}

/** A signed change of a share (0-100, one decimal), in percentage points: "−62,9 poin persen". */
export function formatPctDelta(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  const text = Math.round(n * 10) === 0 ? oneDecimal.format(0) : `${n > 0 ? '+' : '−'}${oneDecimal.format(Math.abs(n))}`;
  return t('report.unit.pctPoints', { value: text });
}

/**
 * A cycle as people name it: its name, with the year in brackets only when the name does not
 * already say it ("Monev LKS 2026 (Demo)", not "Monev LKS 2026 (Demo) (2026)"; "Monev LKS (2026)").
 */
export function cycleLabel(name: string, year: number | null | undefined): string {
  if (typeof year !== 'number' || !Number.isFinite(year) || name.includes(String(year))) return name;
  return `${name} (${year})`;
}

/** The kind of institution an instrument is for, as people name it: "Karang Taruna" for KARANG_TARUNA. */
export function subjectTypeLabel(code: string | null | undefined): string {
  const key = `report.subject.${code ?? 'other'}`;
  const label = t(key);
  return label === key ? t('report.subject.other') : label;
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
