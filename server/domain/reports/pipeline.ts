/**
 * The dashboard's database queries, as plain data (the query layer runs them). Every query starts
 * with the same filter: the cycle (indexed cycleId), the caller's scope, and the report filters,
 * all plain query conditions (completion bucket and counted grade included), so they are exact
 * on MongoDB and on the embedded engine alike.
 *
 * The figures are ONE pass over the cycle's responses: a `$group` keyed by kab/kota × workflow
 * state × verified grade × self grade, whose accumulators read stored fields only (`$sum`/`$avg`
 * of a path; no per-document expressions, no document copies). Which score counts follows from
 * the key (a verified grade → the verified score, else a self grade → the self score), so one
 * group per key carries both scores' sums and the shaping picks the right one (figures.ts).
 * A few dozen groups leave the database, never documents. Then, only where the first pass says
 * they can return something:
 *
 *   notStarted   drafts nobody has started, by kab/kota (only when there are drafts)
 *   top/bottom   per basis present, the best and worst totals (sorted find, limit)
 *   guidance     per basis with rows in the lowest grade band (sorted find, limit)
 *   counts       per basis and section whose average is exactly 0 somewhere (rare): how many
 *                numeric scores each group has, since Σ / average cannot tell
 *
 * Which score counts: score-basis.ts.
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
export const BASES: readonly Basis[] = ['verified', 'self'];
export const SCORE_FIELD: Readonly<Record<Basis, string>> = Object.freeze({ verified: 'verifiedScore', self: 'selfScore' });
/** Accumulator name prefix of each basis in the figures group. */
export const PREFIX: Readonly<Record<Basis, string>> = Object.freeze({ verified: 'v', self: 's' });

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

/** The combined first filter of every dashboard query. */
export function dashboardMatch(input: Pick<DashboardQueryInput, 'match' | 'bucket' | 'grade'>): Filter {
  return and(input.match, input.bucket ? bucketFilter(input.bucket) : {}, input.grade ? gradeFilter(input.grade) : {});
}

/** The key of the figures group (also of the section counts, so their rows line up). */
export const FIGURES_KEY: Readonly<Stage> = Object.freeze({ k: '$kabkotaCode', s: '$state', v: '$verifiedScore.grade', g: '$selfScore.grade' });

/**
 * The one pass: per kab/kota × state × verified grade × self grade, how many responses, and for
 * each basis Σ total and, per section, Σ score and average score ($sum and $avg skip responses
 * without a numeric score, so Σ / average = how many have one).
 */
export function figuresPipeline(match: Filter, sectionKeys: readonly string[]): Stage[] {
  const keys = safeSectionKeys(sectionKeys);
  const group: Record<string, unknown> = { _id: { ...FIGURES_KEY }, n: { $sum: 1 } };
  for (const basis of BASES) {
    const f = SCORE_FIELD[basis];
    const p = PREFIX[basis];
    group[`${p}t`] = { $sum: `$${f}.total` };
    keys.forEach((k, i) => {
      group[`${p}s${i}`] = { $sum: `$${f}.sections.${k}.score` };
      group[`${p}a${i}`] = { $avg: `$${f}.sections.${k}.score` };
    });
  }
  return [{ $match: match }, { $group: group }];
}

/** Drafts nobody has started, by kab/kota (the rest of the drafts are "draft"). */
export function notStartedPipeline(match: Filter): Stage[] {
  return [{ $match: and(match, bucketFilter('not_started')) }, { $group: { _id: '$kabkotaCode', n: { $sum: 1 } } }];
}

/**
 * How many responses of one basis have a numeric score in a section, per figures key: asked only
 * for a section whose average is exactly 0 in some group (then Σ / average is 0 / 0).
 */
export function sectionCountPipeline(match: Filter, basis: Basis, sectionKey: string): Stage[] {
  const f = SCORE_FIELD[basis];
  return [
    { $match: and(match, BASIS_FILTER[basis], { [`${f}.sections.${sectionKey}.score`]: { $type: 'number' } }) },
    { $group: { _id: { ...FIGURES_KEY }, n: { $sum: 1 } } },
  ];
}

function listSpec(match: Filter, basis: Basis, direction: 1 | -1, limit: number, extra: Filter, whole: boolean): FindSpec {
  const f = SCORE_FIELD[basis];
  return {
    filter: and(match, whole ? {} : BASIS_FILTER[basis], extra),
    projection: { organisationId: 1, kabkotaCode: 1, state: 1, [`${f}.total`]: 1, [`${f}.grade`]: 1, [`${f}.gradeLabel`]: 1 },
    sort: { [`${f}.total`]: direction, _id: 1 },
    limit,
  };
}

export interface ListSpecs { top: FindSpec; bottom: FindSpec; guidance: FindSpec | null }

/**
 * The listed institutions of one basis: best and worst totals, and the lowest band (if asked).
 * `whole`: the figures pass found only responses of this basis, so the basis condition is left
 * out (it holds for every matched response).
 */
export function listSpecs(match: Filter, basis: Basis, input: Pick<DashboardQueryInput, 'listLimit' | 'guidanceLimit'>, lowestGrade: string | null, whole = false): ListSpecs {
  return {
    top: listSpec(match, basis, -1, input.listLimit, {}, whole),
    bottom: listSpec(match, basis, 1, input.listLimit, {}, whole),
    guidance: lowestGrade === null ? null : listSpec(match, basis, 1, input.guidanceLimit, { [`${SCORE_FIELD[basis]}.grade`]: lowestGrade }, whole),
  };
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
