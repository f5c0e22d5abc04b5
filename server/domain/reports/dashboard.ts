/**
 * Turns the dashboard pipeline's facets (sums and counts) into the figures every report shows:
 * completion by kabupaten/kota, grade distribution (overall and by kab/kota), average score per
 * section and per kab/kota, top and bottom institutions, and the lowest grade band
 * (pembinaan intensif). Averages are exact ratios of the database's sums, rounded to 2 decimals
 * only here. Which score counts is score-basis.ts (verified, else self).
 */
import type { GradeBand } from '../forms/types';
import { BUCKETS, type Bucket, isBucket, zeroBuckets } from './progress-buckets';
import { safeSectionKeys, type DashboardFacets, type RawRow } from './pipeline';

export interface DashboardContext {
  grades: readonly GradeBand[];
  /** Scored sections of the instrument, in form order. */
  sections: readonly { key: string; title: string; weight: number | null }[];
  kabkotaName(code: string): string;
  /** Organisation names of the listed institutions (by id). */
  orgNames: ReadonlyMap<string, string>;
}

export interface InstitutionRow {
  responseId: string;
  organisationId: string;
  nama: string;
  kabkotaCode: string;
  kabkotaName: string;
  total: number | null;
  grade: string | null;
  gradeLabel: string | null;
  basis: 'verified' | 'self' | null;
  bucket: Bucket;
}

export interface CompletionRow {
  kabkotaCode: string;
  kabkotaName: string;
  counts: Record<Bucket, number>;
  total: number;
  /** Share verified, 0-100 (1 decimal). */
  verifiedPct: number;
}

export interface GradeCount { grade: string; label: string; count: number; pct: number }

export interface KabkotaScore {
  kabkotaCode: string;
  kabkotaName: string;
  scored: number;
  avgTotal: number | null;
  grades: Record<string, number>;
  /** Average of each section (by key) in this kab/kota. */
  sections: Record<string, number | null>;
}

export interface SectionAverage { key: string; title: string; weight: number | null; avg: number | null; n: number }

export interface Dashboard {
  totals: {
    responses: number;
    byBucket: Record<Bucket, number>;
    scored: number;
    verifiedBasis: number;
    selfBasis: number;
    avgTotal: number | null;
    guidance: number;
    /** Share of all responses that are verified (0-100, 1 decimal). */
    verifiedPct: number;
  };
  completion: CompletionRow[];
  grades: GradeCount[];
  byKabkota: KabkotaScore[];
  sections: SectionAverage[];
  top: InstitutionRow[];
  bottom: InstitutionRow[];
  guidance: { grade: string | null; label: string | null; count: number; rows: InstitutionRow[]; truncated: boolean };
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const pct1 = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);
const ratio = (sum: number, n: number): number | null => (n > 0 ? round2(sum / n) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The lowest band of an instrument's grades (the last one: bands are listed highest first). */
export function lowestBand(grades: readonly GradeBand[]): GradeBand | null {
  return grades.length > 0 ? grades[grades.length - 1] : null;
}

function rowOf(raw: RawRow, ctx: DashboardContext): InstitutionRow {
  const orgId = String(raw.organisationId ?? '');
  const code = raw.kabkotaCode ?? '';
  return {
    responseId: String(raw._id),
    organisationId: orgId,
    nama: ctx.orgNames.get(orgId) ?? orgId,
    kabkotaCode: code,
    kabkotaName: ctx.kabkotaName(code),
    total: typeof raw.total === 'number' ? raw.total : null,
    grade: raw.grade ?? null,
    gradeLabel: raw.gradeLabel ?? ctx.grades.find((g) => g.grade === raw.grade)?.label ?? null,
    basis: raw.basis === 'verified' || raw.basis === 'self' ? raw.basis : null,
    bucket: isBucket(raw.bucket) ? raw.bucket : 'draft',
  };
}

/** Every organisation id the facets list (to fetch their names in one query). */
export function listedOrganisationIds(facets: DashboardFacets): string[] {
  return [...new Set([...facets.top, ...facets.bottom, ...facets.guidance].map((r) => String(r.organisationId)))];
}

function completionRows(facets: DashboardFacets, ctx: DashboardContext): CompletionRow[] {
  const byKab = new Map<string, Record<Bucket, number>>();
  for (const row of facets.status) {
    const code = row._id.k ?? '';
    const counts = byKab.get(code) ?? zeroBuckets();
    const bucket = isBucket(row._id.b) ? row._id.b : 'draft';
    counts[bucket] += num(row.n);
    byKab.set(code, counts);
  }
  return [...byKab.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, counts]) => {
    const total = BUCKETS.reduce((s, b) => s + counts[b], 0);
    return { kabkotaCode: code, kabkotaName: ctx.kabkotaName(code), counts, total, verifiedPct: pct1(counts.verified, total) };
  });
}

export function shapeDashboard(facets: DashboardFacets, ctx: DashboardContext): Dashboard {
  const keys = safeSectionKeys(ctx.sections.map((s) => s.key));
  const completion = completionRows(facets, ctx);
  const byBucket = zeroBuckets();
  for (const row of completion) for (const b of BUCKETS) byBucket[b] += row.counts[b];
  const responses = completion.reduce((s, r) => s + r.total, 0);

  const gradeTotals = new Map<string, number>();
  const kab = new Map<string, { n: number; sum: number; grades: Record<string, number>; s: number[]; c: number[] }>();
  const secSum = keys.map(() => 0);
  const secCount = keys.map(() => 0);
  let scored = 0;
  let verifiedBasis = 0;
  let sumTotal = 0;
  for (const g of facets.scores) {
    const code = g._id.k ?? '';
    const grade = g._id.g ?? '';
    const n = num(g.n);
    scored += n;
    verifiedBasis += num(g.verified);
    sumTotal += num(g.sum);
    gradeTotals.set(grade, (gradeTotals.get(grade) ?? 0) + n);
    const acc = kab.get(code) ?? { n: 0, sum: 0, grades: {}, s: keys.map(() => 0), c: keys.map(() => 0) };
    acc.n += n;
    acc.sum += num(g.sum);
    acc.grades[grade] = (acc.grades[grade] ?? 0) + n;
    keys.forEach((_, i) => {
      acc.s[i] += num(g[`s${i}`]);
      acc.c[i] += num(g[`c${i}`]);
      secSum[i] += num(g[`s${i}`]);
      secCount[i] += num(g[`c${i}`]);
    });
    kab.set(code, acc);
  }

  const knownGrades = ctx.grades.map((g) => g.grade);
  const extraGrades = [...gradeTotals.keys()].filter((g) => !knownGrades.includes(g)).sort();
  const grades: GradeCount[] = [
    ...ctx.grades.map((g) => ({ grade: g.grade, label: g.label, count: gradeTotals.get(g.grade) ?? 0, pct: pct1(gradeTotals.get(g.grade) ?? 0, scored) })),
    ...extraGrades.map((g) => ({ grade: g, label: g, count: gradeTotals.get(g) ?? 0, pct: pct1(gradeTotals.get(g) ?? 0, scored) })),
  ];

  const codes = [...new Set([...completion.map((c) => c.kabkotaCode), ...kab.keys()])].sort();
  const byKabkota: KabkotaScore[] = codes.map((code) => {
    const acc = kab.get(code);
    const sections: Record<string, number | null> = {};
    keys.forEach((k, i) => { sections[k] = acc ? ratio(acc.s[i], acc.c[i]) : null; });
    return { kabkotaCode: code, kabkotaName: ctx.kabkotaName(code), scored: acc?.n ?? 0, avgTotal: acc ? ratio(acc.sum, acc.n) : null, grades: acc?.grades ?? {}, sections };
  });

  const sections: SectionAverage[] = ctx.sections.filter((s) => keys.includes(s.key)).map((s) => {
    const i = keys.indexOf(s.key);
    return { key: s.key, title: s.title, weight: s.weight, avg: ratio(secSum[i], secCount[i]), n: secCount[i] };
  });

  const low = lowestBand(ctx.grades);
  const guidanceCount = low ? gradeTotals.get(low.grade) ?? 0 : 0;
  return {
    totals: {
      responses, byBucket, scored, verifiedBasis, selfBasis: scored - verifiedBasis,
      avgTotal: ratio(sumTotal, scored), guidance: guidanceCount, verifiedPct: pct1(byBucket.verified, responses),
    },
    completion,
    grades,
    byKabkota,
    sections,
    top: facets.top.map((r) => rowOf(r, ctx)),
    bottom: facets.bottom.map((r) => rowOf(r, ctx)),
    guidance: {
      grade: low?.grade ?? null, label: low?.label ?? null, count: guidanceCount,
      rows: facets.guidance.map((r) => rowOf(r, ctx)), truncated: guidanceCount > facets.guidance.length,
    },
  };
}

/** Kab/kota by average total, best first (kab/kota without scores last). */
export function kabkotaRanking(d: Dashboard): KabkotaScore[] {
  return [...d.byKabkota].sort((a, b) => (b.avgTotal ?? -1) - (a.avgTotal ?? -1) || a.kabkotaCode.localeCompare(b.kabkotaCode));
}
