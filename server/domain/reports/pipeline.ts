/**
 * The dashboard's database queries, as plain data (the query layer runs them). Every query starts
 * with the same filter: the cycle (indexed cycleId), the caller's scope, and the report filters,
 * all of which are plain query conditions (completion bucket and counted grade included), so
 * they are exact on MongoDB and on the embedded engine alike.
 *
 * The figures need no per-document expressions: each query is a filter plus a `$group` whose
 * accumulators read stored fields (`$sum`/`$avg` of a path), or a sorted, limited find:
 *
 *   status      $group by kab/kota × workflow state: counts
 *   notStarted  the drafts nobody has started, by kab/kota (split off the draft count)
 *   verified    responses whose verified score counts, by kab/kota × grade: n, Σ total, Σ/avg per section
 *   self        responses whose self score counts (no verified score), the same sums
 *   top/bottom  per basis, the best and worst totals (sorted find, limit)
 *   guidance    per basis, the lowest grade band (sorted find, limit)
 *
 * Sums, counts and per-group averages leave the database, never documents; every average a
 * report shows is then an exact ratio of sums (dashboard.ts). Field-path accumulators and plain
 * filters are what MongoDB and the embedded engine both run fastest (no document copies, no
 * expression evaluation per document). Which score counts: score-basis.ts.
 */
import type { Bucket } from './progress-buckets';

export type Stage = Record<string, unknown>;
export type Filter = Record<string, unknown>;

/** Section keys are camelCase identifiers (FORMAT.md); anything else never becomes a field name. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function safeSectionKeys(keys: readonly string[]): string[] {
  return keys.filter((k) => SAFE_KEY.test(k));
}

export type Basis = 'verified' | 'self';
const FIELD: Record<Basis, string> = { verified: 'verifiedScore', self: 'selfScore' };

/**
 * A stored score counts when it has a grade: every total gets one (grade bands are required and
 * the last starts at 0, FORMAT.md §2), and a record without a total has none.
 */
export const BASIS_FILTER: Readonly<Record<Basis, Filter>> = Object.freeze({
  verified: { 'verifiedScore.grade': { $ne: null } },
  self: { 'verifiedScore.grade': null, 'selfScore.grade': { $ne: null } },
});

/** Drafts nobody has started: no answers, or only last year's copied profile never saved since (rev 0). */
export const NOT_STARTED_OR: readonly Filter[] = Object.freeze([
  { answers: {} },
  { answers: null },
  { prefilledFrom: { $ne: null }, rev: 0 },
]);

/** The completion bucket as a query condition (progress-buckets.ts gives the same answer per document). */
export function bucketFilter(bucket: Bucket): Filter {
  switch (bucket) {
    case 'not_started': return { state: 'draft', $or: NOT_STARTED_OR.map((f) => ({ ...f })) };
    case 'draft': return { state: 'draft', $nor: NOT_STARTED_OR.map((f) => ({ ...f })) };
    case 'submitted': return { state: { $in: ['submitted', 'resubmitted'] } };
    default: return { state: bucket };
  }
}

/** The counted grade as a query condition: the verified grade, else the self grade. */
export function gradeFilter(grade: string): Filter {
  return { $or: [{ 'verifiedScore.grade': grade }, { 'verifiedScore.grade': null, 'selfScore.grade': grade }] };
}

/** AND of conditions without nesting more than needed (each part is a plain filter object). */
export function and(...parts: Filter[]): Filter {
  const nonEmpty = parts.filter((p) => Object.keys(p).length > 0);
  if (nonEmpty.length === 0) return {};
  return nonEmpty.length === 1 ? nonEmpty[0] : { $and: nonEmpty };
}

export interface FindSpec {
  filter: Filter;
  projection: Record<string, 1>;
  sort: Record<string, 1 | -1>;
  limit: number;
}

export interface DashboardQueries {
  status: Stage[];
  notStarted: Stage[];
  scores: Record<Basis, Stage[]>;
  top: Record<Basis, FindSpec>;
  bottom: Record<Basis, FindSpec>;
  guidance: Record<Basis, FindSpec> | null;
}

export interface DashboardQueryInput {
  /** Cycle, scope and the kab/kota and organisation filters, already combined (uses cycleId). */
  match: Filter;
  sectionKeys: readonly string[];
  /** The lowest grade band of the instrument (e.g. "D"), or null if it has none. */
  lowestGrade: string | null;
  grade?: string;
  bucket?: Bucket;
  /** How many institutions in the top and bottom lists. */
  listLimit: number;
  /** How many institutions of the lowest band to list (the count is exact regardless). */
  guidanceLimit: number;
}

function scoreGroup(basis: Basis, keys: readonly string[]): Stage {
  const f = FIELD[basis];
  const group: Record<string, unknown> = {
    _id: { k: '$kabkotaCode', g: `$${f}.grade` },
    n: { $sum: 1 },
    sum: { $sum: `$${f}.total` },
  };
  keys.forEach((k, i) => {
    // $sum and $avg skip sections without a score (null), so Σ / avg = how many have one.
    group[`s${i}`] = { $sum: `$${f}.sections.${k}.score` };
    group[`a${i}`] = { $avg: `$${f}.sections.${k}.score` };
  });
  return { $group: group };
}

function listSpec(match: Filter, basis: Basis, direction: 1 | -1, limit: number, extra: Filter = {}): FindSpec {
  const f = FIELD[basis];
  return {
    filter: and(match, BASIS_FILTER[basis], extra),
    projection: { organisationId: 1, kabkotaCode: 1, state: 1, [`${f}.total`]: 1, [`${f}.grade`]: 1, [`${f}.gradeLabel`]: 1 },
    sort: { [`${f}.total`]: direction, _id: 1 },
    limit,
  };
}

export function dashboardQueries(input: DashboardQueryInput): DashboardQueries {
  const keys = safeSectionKeys(input.sectionKeys);
  const match = dashboardMatch(input);
  const per = <T>(make: (b: Basis) => T) => ({ verified: make('verified'), self: make('self') }) as Record<Basis, T>;
  return {
    status: [{ $match: match }, { $group: { _id: { k: '$kabkotaCode', s: '$state' }, n: { $sum: 1 } } }],
    notStarted: [{ $match: and(match, bucketFilter('not_started')) }, { $group: { _id: '$kabkotaCode', n: { $sum: 1 } } }],
    scores: per((b) => [{ $match: and(match, BASIS_FILTER[b]) }, scoreGroup(b, keys)]),
    top: per((b) => listSpec(match, b, -1, input.listLimit)),
    bottom: per((b) => listSpec(match, b, 1, input.listLimit)),
    guidance: input.lowestGrade === null ? null
      : per((b) => listSpec(match, b, 1, input.guidanceLimit, { [`${FIELD[b]}.grade`]: input.lowestGrade })),
  };
}

/** Sections (by basis and index) with a group whose average is exactly 0: they need a count. */
export function zeroAverageSections(scores: Record<Basis, ScoreGroup[]>, sectionCount: number): { basis: Basis; index: number }[] {
  const out: { basis: Basis; index: number }[] = [];
  for (const basis of ['verified', 'self'] as const) {
    for (let i = 0; i < sectionCount; i++) if (scores[basis].some((g) => g[`a${i}`] === 0)) out.push({ basis, index: i });
  }
  return out;
}

/** Counts the responses of one basis whose section score is exactly 0, by kab/kota × grade. */
export function zeroScoreCount(match: Filter, basis: Basis, sectionKey: string): Stage[] {
  const f = FIELD[basis];
  return [
    { $match: and(match, BASIS_FILTER[basis], { [`${f}.sections.${sectionKey}.score`]: 0 }) },
    { $group: { _id: { k: '$kabkotaCode', g: `$${f}.grade` }, n: { $sum: 1 } } },
  ];
}

/** The combined first filter of every dashboard query (for the zero-average counts). */
export function dashboardMatch(input: Pick<DashboardQueryInput, 'match' | 'bucket' | 'grade'>): Filter {
  return and(input.match, input.bucket ? bucketFilter(input.bucket) : {}, input.grade ? gradeFilter(input.grade) : {});
}

/** What the queries return. */
export interface ScoreGroup { _id: { k?: string | null; g?: string | null }; n: number; sum: number; [acc: string]: unknown }

export interface DashboardResults {
  status: { _id: { k?: string | null; s?: string | null }; n: number }[];
  notStarted: { _id: string | null; n: number }[];
  scores: Record<Basis, ScoreGroup[]>;
  /**
   * Where a group's section average is exactly 0 (every score there is 0), Σ/avg cannot tell how
   * many scores there are: the query layer counts those with `zeroScoreCount` and puts them here,
   * by basis, then section index, then "kabkota|grade".
   */
  zeroCounts: Record<Basis, Record<number, Record<string, number>>>;
  top: Record<Basis, RawRow[]>;
  bottom: Record<Basis, RawRow[]>;
  guidance: Record<Basis, RawRow[]> | null;
}

/** A listed response as the finds return it (only its basis' score fields are projected). */
export interface RawRow {
  _id: unknown;
  organisationId: unknown;
  kabkotaCode?: string | null;
  state?: string;
  verifiedScore?: { total?: number | null; grade?: string | null; gradeLabel?: string | null } | null;
  selfScore?: { total?: number | null; grade?: string | null; gradeLabel?: string | null } | null;
}
