/**
 * Answer values as text for the read-only views (reviewer, print): choice labels instead of
 * codes, Ya/Tidak, Indonesian number and date formats, JSON for anything structured.
 */
import type { Option } from './facts';
import { msg } from './messages';
import type { FieldPlan } from './plan';
import { isObject } from './refs';

const numberFmt = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 6 });
// below 10 000 no digit grouping: years (1998) and small counts read as written
const smallNumberFmt = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 6, useGrouping: false });
const dateFmt = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const sizeFmt = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });

export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

export function formatNumber(n: number): string {
  return Math.abs(n) < 10_000 ? smallNumberFmt.format(n) : numberFmt.format(n);
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFmt.format(bytes / 1024)} KB`;
  return `${sizeFmt.format(bytes / (1024 * 1024))} MB`;
}

function formatDate(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return s;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? s : dateFmt.format(d);
}

function optionLabel(plan: FieldPlan, value: unknown): string | undefined {
  const enc = typeof value === 'string' ? value : JSON.stringify(value);
  const o: Option | undefined = enc === undefined ? undefined : plan.optionByEnc?.get(enc);
  if (!o) return undefined;
  return plan.widget === 'scale' && typeof o.value === 'number' && o.short !== undefined && o.short !== String(o.value) ? `${o.value} – ${o.short}` : o.label;
}

export interface DisplayValue {
  text?: string;
  list?: string[];
  json?: string;
  empty: boolean;
}

export function displayValue(plan: FieldPlan, value: unknown): DisplayValue {
  if (isEmptyValue(value)) return { empty: true, text: msg('form.notAnswered') };
  if (plan.widget === 'checkboxes' && Array.isArray(value)) {
    return { empty: false, list: value.map((v) => optionLabel(plan, v) ?? (typeof v === 'string' ? v : JSON.stringify(v))) };
  }
  const label = plan.options ? optionLabel(plan, value) : undefined;
  if (label !== undefined) return { empty: false, text: label };
  if (typeof value === 'boolean') return { empty: false, text: msg(value ? 'form.yes' : 'form.no') };
  if (typeof value === 'number') return { empty: false, text: formatNumber(value) };
  if (typeof value === 'string') return { empty: false, text: plan.format === 'date' ? formatDate(value) : value };
  return { empty: false, json: JSON.stringify(value, null, 2) };
}
