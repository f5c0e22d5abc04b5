/**
 * The completion columns of the reports. The workflow has six states; reports show six buckets,
 * chosen so a leader can read progress at a glance:
 *
 * - `not_started` (Belum mulai): state `draft` and the operator has given no answer yet, i.e.
 *   the answers are empty, OR the only answers are the profile copied from last year (pre-fill)
 *   and the response was never written since it was created (`rev` 0). A pre-filled profile is
 *   the system's work, not the operator's.
 * - `draft` (Draf): any other draft.
 * - `submitted` (Terkirim): `submitted` and `resubmitted` (both wait for an evaluator).
 * - `in_review`, `returned`, `verified`: the workflow states of the same name.
 *
 * The queries select a bucket with a plain filter in the database (pipeline.ts `bucketFilter`);
 * `bucketOf` is the same rule for one document, used by report cards and by tests.
 */
export const BUCKETS = ['not_started', 'draft', 'submitted', 'in_review', 'returned', 'verified'] as const;
export type Bucket = (typeof BUCKETS)[number];

export function isBucket(value: unknown): value is Bucket {
  return typeof value === 'string' && (BUCKETS as readonly string[]).includes(value);
}

export interface BucketInput {
  state: string;
  answers?: unknown;
  rev?: number;
  prefilledFrom?: unknown;
}

function isEmptyAnswers(answers: unknown): boolean {
  return answers === null || answers === undefined || (typeof answers === 'object' && Object.keys(answers as object).length === 0);
}

/** The bucket of one response (same rule as the pipeline's). Unknown states count as drafts. */
export function bucketOf(doc: BucketInput): Bucket {
  switch (doc.state) {
    case 'draft': {
      const untouchedPrefill = doc.prefilledFrom !== null && doc.prefilledFrom !== undefined && (doc.rev ?? 0) === 0;
      return isEmptyAnswers(doc.answers) || untouchedPrefill ? 'not_started' : 'draft';
    }
    case 'submitted':
    case 'resubmitted':
      return 'submitted';
    case 'in_review':
    case 'returned':
    case 'verified':
      return doc.state;
    default:
      return 'draft';
  }
}

/** Empty counts for every bucket (figures always list all six columns, zeros included). */
export function zeroBuckets(): Record<Bucket, number> {
  return { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 };
}
