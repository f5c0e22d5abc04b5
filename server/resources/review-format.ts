/**
 * Display values of the review and audit pages: an answer as text (option titles, Ya/Tidak,
 * numbers with Indonesian separators), points, sizes, the kabupaten/kota name, a moment in WIB
 * and in UTC. Plain strings; templates escape them.
 */
import { numberedOptionText, type Question } from '../domain/forms';
import { getIn } from '../domain/forms/json-pointer';
import { regionLabel } from '../data/regions';
import { t } from '../i18n';
import { formatDateTime } from './fill-format';

// One formatter each: toLocaleString builds a new one per call (measured ~0.1 ms, 64 items × 10 calls).
const number2 = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
const number4 = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 4 });
const number0 = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const number1 = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });

/** A score or points with Indonesian separators ("87,5"); '–' when there is none. */
export function formatScore(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? number2.format(n) : '–';
}

function optionTitle(q: Question, value: unknown): string {
  const o = q.options?.find((x) => x.value === value || String(x.value) === String(value));
  if (!o) return String(value);
  return numberedOptionText(o.value, o.title);
}

/** An answer as one line of text ("3 – Baik", "Ya", "12", "a, b"); '' when not answered. */
export function answerText(q: Question, value: unknown): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  if (Array.isArray(value)) return value.map((v) => (q.options ? optionTitle(q, v) : JSON.stringify(v))).join(', ');
  if (q.options) return optionTitle(q, value);
  if (typeof value === 'boolean') return value ? t('review.yes') : t('review.no');
  if (typeof value === 'number') return number4.format(value);
  if (typeof value === 'string') return value.length > 500 ? `${value.slice(0, 500)}…` : value;
  const json = JSON.stringify(value);
  return json.length > 500 ? `${json.slice(0, 500)}…` : json;
}

/** The answer at a dotted path of a document. */
export function answerAt(doc: unknown, path: string): unknown {
  return getIn(doc, path.split('.'));
}

export function pointsText(points: number | null | undefined, max: number): string {
  return typeof points === 'number' ? t('review.points', { points: formatScore(points), max: formatScore(max) }) : '–';
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number0.format(bytes / 1024)} KB`;
  return `${number1.format(bytes / 1024 / 1024)} MB`;
}

/** "Kabupaten Tangerang" / "Kota Tangerang" (regions.ts `regionLabel`); '' without a code. */
export function kabkotaName(code: string | null | undefined): string {
  return code ? regionLabel(code) : '';
}

/** A moment for people (WIB) and for the record (UTC, ISO 8601). */
export function when(d: Date | null | undefined): { wib: string; utc: string } {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) return { wib: '', utc: '' };
  return { wib: formatDateTime(d), utc: d.toISOString() };
}

export { formatDateTime };
