/**
 * Report filters from a flat query string: `kabkota`, `jenis` (jenis pelayanan), `predikat`
 * (grade), `status` (completion bucket), and `dasar` (score basis: `terverifikasi`, the default,
 * or `semua` to include self scores; score-basis.ts). Every value must be a single string from a closed set;
 * anything else (a repeated key, an unknown value, `status[$ne]` which the simple query parser
 * keeps as a separate key and is never read) is refused with the field's name (checklist 3),
 * so a filter can never become a database operator.
 */
import { BUCKETS, type Bucket, isBucket } from './progress-buckets';
import type { BasisChoice } from './score-basis';

export interface ReportFilters {
  kabkota?: string;
  jenisPelayanan?: string;
  grade?: string;
  state?: Bucket;
  /** 'all' includes self scores in the score figures; absent = verified scores only. */
  basis?: Exclude<BasisChoice, 'verified'>;
}

/** The score basis a set of filters asks for (verified only unless `dasar=semua`). */
export function basisOf(filters: ReportFilters): BasisChoice {
  return filters.basis === 'all' ? 'all' : 'verified';
}

/** `dasar` values in URLs. */
export const BASIS_PARAM_VALUES: Readonly<Record<BasisChoice, string>> = Object.freeze({ verified: 'terverifikasi', all: 'semua' });

export interface FilterChoices {
  kabkota: readonly string[];
  jenisPelayanan: readonly string[];
  grades: readonly string[];
}

/** Query parameter names (Indonesian, as they appear in URLs). */
export const FILTER_PARAMS = { kabkota: 'kabkota', jenisPelayanan: 'jenis', grade: 'predikat', state: 'status', basis: 'dasar' } as const;

export type FilterResult = { ok: true; filters: ReportFilters } | { ok: false; param: string };

function pick(query: Record<string, unknown>, param: string, allowed: readonly string[]): { ok: boolean; value?: string } {
  const raw = query[param];
  if (raw === undefined || raw === '') return { ok: true };
  if (typeof raw !== 'string' || !allowed.includes(raw)) return { ok: false };
  return { ok: true, value: raw };
}

export function parseFilters(query: Record<string, unknown>, choices: FilterChoices): FilterResult {
  const filters: ReportFilters = {};
  const kab = pick(query, FILTER_PARAMS.kabkota, choices.kabkota);
  if (!kab.ok) return { ok: false, param: FILTER_PARAMS.kabkota };
  if (kab.value) filters.kabkota = kab.value;
  const jenis = pick(query, FILTER_PARAMS.jenisPelayanan, choices.jenisPelayanan);
  if (!jenis.ok) return { ok: false, param: FILTER_PARAMS.jenisPelayanan };
  if (jenis.value) filters.jenisPelayanan = jenis.value;
  const grade = pick(query, FILTER_PARAMS.grade, choices.grades);
  if (!grade.ok) return { ok: false, param: FILTER_PARAMS.grade };
  if (grade.value) filters.grade = grade.value;
  const state = pick(query, FILTER_PARAMS.state, BUCKETS);
  if (!state.ok) return { ok: false, param: FILTER_PARAMS.state };
  if (state.value && isBucket(state.value)) filters.state = state.value;
  const basis = pick(query, FILTER_PARAMS.basis, Object.values(BASIS_PARAM_VALUES));
  if (!basis.ok) return { ok: false, param: FILTER_PARAMS.basis };
  if (basis.value === BASIS_PARAM_VALUES.all) filters.basis = 'all';
  return { ok: true, filters };
}

/** The filters as a query string (for links that keep them), '' when none; `extra` overrides. */
export function filterQuery(filters: ReportFilters, extra: Partial<Record<keyof ReportFilters, string | undefined>> = {}): string {
  const merged = { ...filters, ...extra };
  const params = new URLSearchParams();
  for (const key of ['kabkota', 'jenisPelayanan', 'grade', 'state'] as const) {
    const value = merged[key];
    if (typeof value === 'string' && value !== '') params.set(FILTER_PARAMS[key], value);
  }
  if (merged.basis === 'all') params.set(FILTER_PARAMS.basis, BASIS_PARAM_VALUES.all);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether any row filter is set (the score basis chooses scores, it filters no rows). */
export function hasFilters(filters: ReportFilters): boolean {
  return Object.entries(filters).some(([k, v]) => k !== 'basis' && v !== undefined);
}
