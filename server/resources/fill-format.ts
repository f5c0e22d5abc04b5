/**
 * Display values for fill, instrument and cycle pages: dates in Western Indonesia Time (the
 * province's clock), state labels from the workflow, percentages. Plain strings; templates escape.
 */
import { STATE_LABELS, isResponseState } from '../domain/workflow/state-machine';
import type { WindowState } from '../domain/workflow/deadline';
import { t } from '../i18n';

export const TIME_ZONE = 'Asia/Jakarta';
/** WIB is UTC+7 all year (no daylight saving). */
const WIB_OFFSET = '+07:00';

const dateTime = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE });
const dateOnly = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: TIME_ZONE });
const timeOnly = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });
const isoDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });

export function formatDateTime(d: Date | null | undefined): string {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? `${dateTime.format(d)} WIB` : '';
}

/** "10.32" (WIB), for "tersimpan pukul …". */
export function formatTime(d: Date | null | undefined): string {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? timeOnly.format(d) : '';
}

export function formatDate(d: Date | null | undefined): string {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? dateOnly.format(d) : '';
}

/** YYYY-MM-DD of a moment in WIB (for date inputs). */
export function isoDate(d: Date | null | undefined): string {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? isoDay.format(d) : '';
}

/** "2026-08-31" → the first or last millisecond of that day in WIB; null if not a real date. */
export function parseDay(value: unknown, end: 'start' | 'end'): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T${end === 'start' ? '00:00:00.000' : '23:59:59.999'}${WIB_OFFSET}`);
  if (Number.isNaN(d.getTime()) || isoDate(d) !== value) return null; // 2026-02-30 is not a day
  return d;
}

/** "2026-08-31T17:00" (datetime-local, read as WIB) → Date, or null. */
export function parseLocalDateTime(value: unknown): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(`${value}:00.000${WIB_OFFSET}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function stateLabel(state: unknown): string {
  return isResponseState(state) ? STATE_LABELS[state] : String(state ?? '');
}

export function windowLabel(window: WindowState): string {
  return t(`fill.window.${window}`);
}

export function formatScore(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('id-ID', { maximumFractionDigits: 2 }) : '–';
}
