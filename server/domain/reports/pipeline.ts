/**
 * The dashboard's database queries, as plain data (the query layer runs them). Every query starts
 * with the same filter: the cycle (indexed cycleId), the caller's scope, and the report filters,
 * all plain query conditions (completion bucket and counted grade included), so they are exact
 * on MongoDB and on the embedded engine alike.
 *
 * The figures are ONE pass over the cycle's responses: a `$group` keyed by kab/kota × workflow
 * state × verified grade × self grade, whose accumulators read stored fields only (`$sum`/`$avg`
 * of a path, `$topN` sorted on stored fields with an output of stored fields; no per-document
 * expressions, no document copies). Which score counts follows from the key (a verified grade →
 * the verified score, else a self grade → the self score), so one group per key carries both
 * scores' sums and the shaping picks the right one (figures.ts). The same pass keeps each group's
 * best and worst totals, from which the top, bottom and intensive-guidance lists are merged
 * (figure-lists.ts). A few dozen groups leave the database, never whole documents. Then, only
 * where the first pass says they can return something:
 *
 *   notStarted   drafts nobody has started, by kab/kota (only when there are drafts)
 *   counts       per basis and section whose average is exactly 0 somewhere (rare): how many
 *                numeric scores each group has, since Σ / average cannot tell
 *
 * `$topN` with an `n` computed from the group key needs MongoDB 5.2 or later.
 * Which score counts: score-basis.ts.
 */
import type { Bucket } from './progress-buckets';
import type { BasisChoice } from './score-basis';

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

/**
 * The counted grade as a query condition: with verified scores only, the verified grade; with
 * all scores, the verified grade, else the self grade.
 */
export function gradeFilter(grade: string, basis: BasisChoice = 'all'): Filter {
  if (basis === 'verified') return { 'verifiedScore.grade': grade };
  return { $or: [{ 'verifiedScore.grade': grade }, { 'verifiedScore.grade': null, 'selfScore.grade': grade }] };
}

/** The bases whose scores a choice counts (and whose institutions it lists). */
export function basesOf(choice: BasisChoice): readonly Basis[] {
  return choice === 'verified' ? ['verified'] : BASES;
}

/** AND of conditions without nesting more than needed (each part is a plain filter object). */
export function and(...parts: Filter[]): Filter {
  const nonEmpty = parts.filter((p) => Object.keys(p).length > 0);
  if (nonEmpty.length === 0) return {};
  return nonEmpty.length === 1 ? nonEmpty[0] : { $and: nonEmpty };
}

export interface DashboardQueryInput extends ListLimits {
  /** Cycle, scope and the kab/kota and organisation filters, already combined (uses cycleId). */
  match: Filter;
  sectionKeys: readonly string[];
  grade?: string;
  bucket?: Bucket;
  /** Which scores the figures count; verified only when absent. */
  basis?: BasisChoice;
}

/** The combined first filter of every dashboard query. */
export function dashboardMatch(input: Pick<DashboardQueryInput, 'match' | 'bucket' | 'grade' | 'basis'>): Filter {
  return and(input.match, input.bucket ? bucketFilter(input.bucket) : {}, input.grade ? gradeFilter(input.grade, input.basis ?? 'verified') : {});
}

/** The key of the figures group (also of the section counts, so their rows line up). */
export const FIGURES_KEY: Readonly<Stage> = Object.freeze({ k: '$kabkotaCode', s: '$state', v: '$verifiedScore.grade', g: '$selfScore.grade' });

/** How many institutions the dashboard lists: best and worst totals, and the lowest grade band. */
export interface ListLimits {
  /** How many institutions in the top and bottom lists. */
  listLimit: number;
  /** How many institutions of the lowest band to list (the count is exact regardless). */
  guidanceLimit: number;
  /** The instrument's lowest grade band (e.g. "D"), or null if it has none. */
  lowestGrade: string | null;
}

/** Accumulator names of the lists: `${PREFIX}hi` best totals first, `${PREFIX}lo` worst first. */
export const LIST_ACC = Object.freeze({ best: 'hi', worst: 'lo' });

/**
 * Expressions of the figures key (the group's `_id`, as `n` of $topN is evaluated): whether the
 * group counts a basis (basisOfKey in figures.ts, null and missing alike) and its grade.
 */
const KEY_V = { $ifNull: ['$v', null] };
const KEY_G = { $ifNull: ['$g', null] };
const KEY_IS_BASIS: Readonly<Record<Basis, unknown>> = {
  verified: { $ne: [KEY_V, null] },
  self: { $and: [{ $eq: [KEY_V, null] }, { $ne: [KEY_G, null] }] },
};
const KEY_GRADE: Readonly<Record<Basis, unknown>> = { verified: KEY_V, self: KEY_G };

/** What a listed response carries: the RawRow below. */
function listOutput(basis: Basis): Stage {
  const f = SCORE_FIELD[basis];
  return {
    _id: '$_id', organisationId: '$organisationId', kabkotaCode: '$kabkotaCode', state: '$state',
    [f]: { total: `$${f}.total`, grade: `$${f}.grade`, gradeLabel: `$${f}.gradeLabel` },
  };
}

/**
 * The lists of one basis as accumulators of the figures group: each group of that basis keeps
 * its best `listLimit` totals and its worst ones (`guidanceLimit` of them in the lowest band's
 * groups, which also feed the guidance list); a group of the other basis keeps one, unused. The
 * groups part the responses, so the best n of a basis are among the groups' best n (figure-lists.ts
 * merges them). Same order as a sort on total then _id.
 */
function listAccumulators(basis: Basis, limits: ListLimits): Stage {
  const f = SCORE_FIELD[basis];
  const worstN = limits.lowestGrade === null
    ? limits.listLimit
    : { $cond: [{ $eq: [KEY_GRADE[basis], { $literal: limits.lowestGrade }] }, Math.max(limits.guidanceLimit, limits.listLimit), limits.listLimit] };
  const top = (n: unknown, direction: 1 | -1) => ({
    $topN: { n: { $cond: [KEY_IS_BASIS[basis], n, 1] }, sortBy: { [`${f}.total`]: direction, _id: 1 }, output: listOutput(basis) },
  });
  return {
    [`${PREFIX[basis]}${LIST_ACC.best}`]: top(limits.listLimit, -1),
    [`${PREFIX[basis]}${LIST_ACC.worst}`]: top(worstN, 1),
  };
}

/**
 * The one pass: per kab/kota × state × verified grade × self grade, how many responses, and for
 * each basis Σ total and, per section, Σ score and average score ($sum and $avg skip responses
 * without a numeric score, so Σ / average = how many have one); with `limits`, also the listed
 * institutions of the `listed` bases (listAccumulators). Both bases' sums are always asked: a
 * figure of verified scores still says how many self scores it leaves out.
 */
export function figuresPipeline(match: Filter, sectionKeys: readonly string[], limits?: ListLimits, listed: readonly Basis[] = BASES): Stage[] {
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
    if (limits && listed.includes(basis)) Object.assign(group, listAccumulators(basis, limits));
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

/** A listed response as the figures pass returns it (only its basis' score fields). */
export interface RawRow {
  _id: unknown;
  organisationId: unknown;
  kabkotaCode?: string | null;
  state?: string;
  verifiedScore?: { total?: number | null; grade?: string | null; gradeLabel?: string | null } | null;
  selfScore?: { total?: number | null; grade?: string | null; gradeLabel?: string | null } | null;
}
