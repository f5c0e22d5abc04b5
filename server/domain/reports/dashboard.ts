/**
 * Turns the dashboard queries' results (sums and counts) into the figures every report shows:
 * completion by kabupaten/kota, grade distribution (overall and by kab/kota), average score per
 * section and per kab/kota, top and bottom institutions, and the lowest grade band
 * (pembinaan intensif). Averages are exact ratios of the database's sums, rounded to 2 decimals
 * only here (roundTo). Which scores count is the results' `basis` (score-basis.ts): verified
 * scores only, or every effective score (verified, else self); the totals always say how many of
 * each basis the matching responses have, counted or not.
 */
import type { GradeBand } from '../forms/types';
import { BUCKETS, type Bucket, isBucket, zeroBuckets } from './progress-buckets';
import type { ScoreGroup, StatusCount } from './figures';
import { basesOf, safeSectionKeys, type Basis, type RawRow } from './pipeline';
import type { BasisChoice } from './score-basis';

/** What the dashboard queries return, made ready for shaping (figures.ts). */
export interface DashboardResults {
  /** Which scores the figures count (the query input's choice). */
  basis: BasisChoice;
  status: StatusCount[];
  /** Drafts nobody has started, by kab/kota (counted within the drafts of `status`). */
  notStarted: { kabkota: string; n: number }[];
  scores: Record<Basis, ScoreGroup[]>;
  /**
   * Candidates for the lists, per basis: they include the best (top), the worst (bottom) and the
   * worst of the lowest band (guidance); the shaping orders both bases together and cuts (merged).
   */
  top: Record<Basis, RawRow[]>;
  bottom: Record<Basis, RawRow[]>;
  guidance: Record<Basis, RawRow[]> | null;
}

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
  /** Which scores the score figures count: verified only, or all (verified, else self). */
  basis: BasisChoice;
  totals: {
    responses: number;
    byBucket: Record<Bucket, number>;
    /** Scores counted in the score figures (averages, grades, lists). */
    scored: number;
    /** Responses with a verified score (always counted). */
    verifiedBasis: number;
    /** Responses with only a self score: counted with basis 'all', left out with 'verified'. */
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

/**
 * `x` rounded half away from zero to `digits` decimals: the one rounding of every report figure.
 * The scaled value is first cut to 12 significant digits, so binary noise of a sum (which differs
 * with the order of addition: the database sums per group, a loop per document) never decides
 * the rounding. A ratio of 2-decimal scores over n < 10^5 responses lies either exactly on a
 * half or at least 1/(2n) hundredths away from one, far above that cut.
 */
export function roundTo(x: number, digits: number): number {
  const scale = 10 ** digits;
  const r = Math.round(Number((Math.abs(x) * scale).toPrecision(12))) / scale;
  return x < 0 && r !== 0 ? -r : r;
}
export const round2 = (x: number): number => roundTo(x, 2);
export const pct1 = (part: number, whole: number): number => (whole > 0 ? roundTo((part / whole) * 100, 1) : 0);
const ratio = (sum: number, n: number): number | null => (n > 0 ? round2(sum / n) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The lowest band of an instrument's grades (the last one: bands are listed highest first). */
export function lowestBand(grades: readonly GradeBand[]): GradeBand | null {
  return grades.length > 0 ? grades[grades.length - 1] : null;
}

function rowOf(raw: RawRow, basis: Basis, ctx: DashboardContext): InstitutionRow {
  const orgId = String(raw.organisationId ?? '');
  const code = raw.kabkotaCode ?? '';
  const score = basis === 'verified' ? raw.verifiedScore : raw.selfScore;
  const grade = score?.grade ?? null;
  return {
    responseId: String(raw._id),
    organisationId: orgId,
    nama: ctx.orgNames.get(orgId) ?? orgId,
    kabkotaCode: code,
    kabkotaName: ctx.kabkotaName(code),
    total: typeof score?.total === 'number' ? score.total : null,
    grade,
    gradeLabel: score?.gradeLabel ?? ctx.grades.find((g) => g.grade === grade)?.label ?? null,
    basis,
    // listed rows have a score, so they were submitted at least once: never "not started"
    bucket: raw.state === 'resubmitted' ? 'submitted' : isBucket(raw.state) ? raw.state : 'draft',
  };
}

/** The counted bases' lists merged in one order: total (direction), then response id. */
function merged(lists: Record<Basis, RawRow[]>, bases: readonly Basis[], direction: 1 | -1, limit: number, ctx: DashboardContext): InstitutionRow[] {
  const rows = bases.flatMap((basis) => lists[basis].map((r) => rowOf(r, basis, ctx)));
  rows.sort((a, b) => direction * ((a.total ?? 0) - (b.total ?? 0)) || (a.responseId < b.responseId ? -1 : a.responseId > b.responseId ? 1 : 0));
  return rows.slice(0, limit);
}

/** The organisation ids of the rows the lists will show (to fetch their names in one query). */
export function listedOrganisationIds(results: DashboardResults, limits: { list: number; guidance: number }): string[] {
  const noNames: DashboardContext = { grades: [], sections: [], kabkotaName: (c) => c, orgNames: new Map() };
  const bases = basesOf(results.basis);
  const rows = [
    ...merged(results.top, bases, -1, limits.list, noNames),
    ...merged(results.bottom, bases, 1, limits.list, noNames),
    ...(results.guidance ? merged(results.guidance, bases, 1, limits.guidance, noNames) : []),
  ];
  return [...new Set(rows.map((r) => r.organisationId))];
}

function completionRows(results: DashboardResults, ctx: DashboardContext): CompletionRow[] {
  const byKab = new Map<string, Record<Bucket, number>>();
  const counts = (code: string) => {
    const c = byKab.get(code) ?? zeroBuckets();
    byKab.set(code, c);
    return c;
  };
  for (const row of results.status) {
    const bucket: Bucket = row.state === 'resubmitted' ? 'submitted' : isBucket(row.state) ? row.state : 'draft';
    counts(row.kabkota)[bucket] += num(row.n);
  }
  for (const row of results.notStarted) {
    const c = counts(row.kabkota);
    c.not_started += num(row.n);
    c.draft -= num(row.n);
  }
  return [...byKab.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, c]) => {
    const total = BUCKETS.reduce((s, b) => s + c[b], 0);
    return { kabkotaCode: code, kabkotaName: ctx.kabkotaName(code), counts: c, total, verifiedPct: pct1(c.verified, total) };
  });
}

export function shapeDashboard(results: DashboardResults, ctx: DashboardContext, limits: { list: number; guidance: number }): Dashboard {
  const keys = safeSectionKeys(ctx.sections.map((s) => s.key));
  const completion = completionRows(results, ctx);
  const byBucket = zeroBuckets();
  for (const row of completion) for (const b of BUCKETS) byBucket[b] += row.counts[b];
  const responses = completion.reduce((s, r) => s + r.total, 0);

  const gradeTotals = new Map<string, number>();
  const kab = new Map<string, { n: number; sum: number; grades: Record<string, number>; s: number[]; c: number[] }>();
  const secSum = keys.map(() => 0);
  const secCount = keys.map(() => 0);
  const bases = basesOf(results.basis);
  const basisCount = (basis: Basis) => results.scores[basis].reduce((n, g) => n + num(g.n), 0);
  let scored = 0;
  let sumTotal = 0;
  for (const basis of bases) {
    for (const g of results.scores[basis]) {
      const code = g.kabkota;
      const grade = g.grade;
      const n = num(g.n);
      scored += n;
      sumTotal += num(g.sum);
      gradeTotals.set(grade, (gradeTotals.get(grade) ?? 0) + n);
      const acc = kab.get(code) ?? { n: 0, sum: 0, grades: {}, s: keys.map(() => 0), c: keys.map(() => 0) };
      acc.n += n;
      acc.sum += num(g.sum);
      acc.grades[grade] = (acc.grades[grade] ?? 0) + n;
      keys.forEach((_, i) => {
        const count = num(g.sections[i]?.n);
        const sum = num(g.sections[i]?.sum);
        acc.s[i] += sum;
        acc.c[i] += count;
        secSum[i] += sum;
        secCount[i] += count;
      });
      kab.set(code, acc);
    }
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
  const guidanceRows = results.guidance ? merged(results.guidance, bases, 1, limits.guidance, ctx) : [];
  return {
    basis: results.basis,
    totals: {
      responses, byBucket, scored, verifiedBasis: basisCount('verified'), selfBasis: basisCount('self'),
      avgTotal: ratio(sumTotal, scored), guidance: guidanceCount, verifiedPct: pct1(byBucket.verified, responses),
    },
    completion,
    grades,
    byKabkota,
    sections,
    top: merged(results.top, bases, -1, limits.list, ctx),
    bottom: merged(results.bottom, bases, 1, limits.list, ctx),
    guidance: { grade: low?.grade ?? null, label: low?.label ?? null, count: guidanceCount, rows: guidanceRows, truncated: guidanceCount > guidanceRows.length },
  };
}

/** Kab/kota by average total, best first (kab/kota without scores last). */
export function kabkotaRanking(d: Dashboard): KabkotaScore[] {
  return [...d.byKabkota].sort((a, b) => (b.avgTotal ?? -1) - (a.avgTotal ?? -1) || a.kabkotaCode.localeCompare(b.kabkotaCode));
}
