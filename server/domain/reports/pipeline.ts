/**
 * The dashboard's aggregation pipeline, as plain data (the query layer runs it). ONE pipeline per
 * dashboard so the database reads the cycle's responses once:
 *
 *   $match    cycle + the user's scope + kabupaten/kota / organisation filters (indexed cycleId)
 *   $project  only what the figures need: bucket, effective total/grade, section scores
 *   $match    grade / bucket filters (they depend on computed fields)
 *   $facet    status counts by kab/kota × bucket; score sums by kab/kota × grade; top; bottom;
 *             the lowest grade band (pembinaan intensif)
 *
 * Sums and counts, never averages, leave the database: averages of any grouping (province,
 * kab/kota, section) are then exact ratios of sums (dashboard.ts). Standard MongoDB operators
 * only, so the same pipeline runs on a real MongoDB server.
 */
import { BUCKETS, type Bucket } from './progress-buckets';

export type Stage = Record<string, unknown>;

/** Section keys are camelCase identifiers (FORMAT.md); anything else never becomes a field name. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function safeSectionKeys(keys: readonly string[]): string[] {
  return keys.filter((k) => SAFE_KEY.test(k));
}

const VERIFIED = { $isNumber: '$verifiedScore.total' };

/** `{$cond: [verified, verifiedScore.<path>, selfScore.<path>]}` */
function effective(path: string): Record<string, unknown> {
  return { $cond: [VERIFIED, `$verifiedScore.${path}`, `$selfScore.${path}`] };
}

/** The bucket rule of progress-buckets.ts, as an aggregation expression. */
export function bucketExpression(): Record<string, unknown> {
  const answersEmpty = { $eq: [{ $size: { $objectToArray: { $ifNull: ['$answers', { $literal: {} }] } } }, 0] };
  const untouchedPrefill = { $and: [{ $ne: [{ $ifNull: ['$prefilledFrom', null] }, null] }, { $eq: [{ $ifNull: ['$rev', 0] }, 0] }] };
  return {
    $switch: {
      branches: [
        { case: { $eq: ['$state', 'draft'] }, then: { $cond: [{ $or: [answersEmpty, untouchedPrefill] }, 'not_started', 'draft'] } },
        { case: { $in: ['$state', ['submitted', 'resubmitted']] }, then: 'submitted' },
        { case: { $in: ['$state', ['in_review', 'returned', 'verified']] }, then: '$state' },
      ],
      default: 'draft',
    },
  };
}

export interface DashboardPipelineInput {
  /** Cycle, scope and pre-filters, already combined (the first stage; must use cycleId). */
  match: Record<string, unknown>;
  sectionKeys: readonly string[];
  /** The lowest grade band of the instrument (e.g. "D"), or null if it has no grades. */
  lowestGrade: string | null;
  grade?: string;
  bucket?: Bucket;
  /** How many institutions in the top and bottom lists. */
  listLimit: number;
  /** How many institutions of the lowest band to list (the count is always exact). */
  guidanceLimit: number;
}

/** Fields kept for listed institutions. */
const ROW_FIELDS = { organisationId: 1, kabkotaCode: 1, total: 1, grade: 1, gradeLabel: 1, basis: 1, bucket: 1 };

export function dashboardPipeline(input: DashboardPipelineInput): Stage[] {
  const keys = safeSectionKeys(input.sectionKeys);
  const sections: Record<string, unknown> = {};
  for (const k of keys) sections[k] = effective(`sections.${k}.score`);
  const project: Stage = {
    $project: {
      organisationId: 1,
      kabkotaCode: 1,
      bucket: bucketExpression(),
      basis: { $cond: [VERIFIED, 'verified', { $cond: [{ $isNumber: '$selfScore.total' }, 'self', null] }] },
      total: effective('total'),
      grade: effective('grade'),
      gradeLabel: effective('gradeLabel'),
      s: sections,
    },
  };
  const post: Record<string, unknown> = {};
  if (input.grade !== undefined) post.grade = input.grade;
  if (input.bucket !== undefined) post.bucket = input.bucket;

  const scoreGroup: Record<string, unknown> = {
    _id: { k: '$kabkotaCode', g: '$grade' },
    n: { $sum: 1 },
    verified: { $sum: { $cond: [{ $eq: ['$basis', 'verified'] }, 1, 0] } },
    sum: { $sum: '$total' },
  };
  keys.forEach((k, i) => {
    scoreGroup[`s${i}`] = { $sum: { $cond: [{ $isNumber: `$s.${k}` }, `$s.${k}`, 0] } };
    scoreGroup[`c${i}`] = { $sum: { $cond: [{ $isNumber: `$s.${k}` }, 1, 0] } };
  });
  const scored = { $match: { total: { $ne: null } } };
  return [
    { $match: input.match },
    project,
    ...(Object.keys(post).length > 0 ? [{ $match: post }] : []),
    {
      $facet: {
        status: [{ $group: { _id: { k: '$kabkotaCode', b: '$bucket' }, n: { $sum: 1 } } }],
        scores: [scored, { $group: scoreGroup }],
        top: [scored, { $sort: { total: -1, _id: 1 } }, { $limit: input.listLimit }, { $project: ROW_FIELDS }],
        bottom: [scored, { $sort: { total: 1, _id: 1 } }, { $limit: input.listLimit }, { $project: ROW_FIELDS }],
        guidance: input.lowestGrade === null
          ? [{ $match: { grade: { $in: [] } } }]
          : [{ $match: { grade: input.lowestGrade, total: { $ne: null } } }, { $sort: { total: 1, _id: 1 } }, { $limit: input.guidanceLimit }, { $project: ROW_FIELDS }],
      },
    },
  ];
}

/** What the pipeline returns (one document). */
export interface DashboardFacets {
  status: { _id: { k?: string | null; b?: string | null }; n: number }[];
  scores: ({ _id: { k?: string | null; g?: string | null }; n: number; verified: number; sum: number } & Record<string, number | unknown>)[];
  top: RawRow[];
  bottom: RawRow[];
  guidance: RawRow[];
}

export interface RawRow {
  _id: unknown;
  organisationId: unknown;
  kabkotaCode?: string | null;
  total?: number | null;
  grade?: string | null;
  gradeLabel?: string | null;
  basis?: string | null;
  bucket?: string | null;
}

export { BUCKETS };
