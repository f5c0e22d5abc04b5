/**
 * Scoped queries of the evaluator's review (issue 5): the queue of responses in the evaluator's
 * scope with allow-listed filters, the full response for the review page, and the pure
 * `itemsToFixFor` the operator's pages use for their "Perlu diperbaiki" badges.
 * Writes go through `updateResponse` (responses.ts): scope + `rev` in the filter, `$inc: {rev: 1}`.
 *
 *   const { rows, total } = await listQueue(req, { states: ['submitted'], kabkota: '36.02', cycleIds: [id] }, 1);
 *   const doc = await findReviewResponse(req, req.params.id);   // 404 + authz.denied if not in scope
 *   itemsToFixFor(doc)  // [{path, comment}] while the response is returned
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { itemsToFix, type ItemReview } from '../../domain/workflow/review';
import type { ResponseState } from '../../domain/workflow/state-machine';
import { Organisation } from '../organisation';
import { User } from '../user';
import { countResponses, findResponse, listResponses, type ResponseDoc } from './responses';

export interface StoredReviewItem {
  path: string;
  verifiedPoints?: number | null;
  reason?: string | null;
  comment?: string | null;
  needsFix?: boolean;
  by?: string | null;
  at?: Date | null;
}

/** A response as the review area reads it (the fields responses.ts does not type). */
export type ReviewDoc = Omit<ResponseDoc, 'review'> & {
  review: StoredReviewItem[];
  evaluatorAnswers?: Record<string, unknown> | null;
  verifiedAt?: Date | null;
  verifiedBy?: string | null;
};

/** Stored review records → the pure workflow shape (nulls dropped, verdicts from the evidence list). */
export function toItemReviews(doc: Pick<ReviewDoc, 'review' | 'evidence'>): ItemReview[] {
  return (doc.review ?? []).map((r) => {
    const verdicts: Record<string, 'valid' | 'invalid'> = {};
    for (const e of doc.evidence ?? []) if (e.path === r.path && (e.verdict === 'valid' || e.verdict === 'invalid')) verdicts[String(e.fileId)] = e.verdict;
    return {
      path: r.path,
      ...(typeof r.verifiedPoints === 'number' ? { verifiedPoints: r.verifiedPoints } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      evidenceVerdicts: verdicts,
      ...(r.comment ? { comment: r.comment } : {}),
      ...(r.needsFix ? { needsFix: true } : {}),
    };
  });
}

/**
 * The items the operator must fix: flagged "needs fix" with a comment, while the response is
 * returned for revision (an empty list in any other state). Pure; takes the stored document.
 */
export function itemsToFixFor(response: Pick<ReviewDoc, 'state' | 'review'>): { path: string; comment: string }[] {
  if (response.state !== 'returned') return [];
  return itemsToFix(toItemReviews({ review: response.review, evidence: [] })).map((r) => ({ path: r.path, comment: r.comment ?? '' }));
}

/** The response for the review page, whole (404 + audit when outside the user's scope). */
export async function findReviewResponse(req: Request, id: unknown): Promise<ReviewDoc> {
  return (await findResponse(req, id)) as unknown as ReviewDoc;
}

/** Queue filters, already checked against their allow-lists (review-queue.ts). */
export interface QueueFilters {
  states: readonly ResponseState[];
  kabkota?: string;
  formId?: string;
  /** any of these cycles */
  cycleIds?: readonly string[];
  /** none of these cycles */
  notCycleIds?: readonly string[];
  /** final grade: the verified grade when verified, else the self-assessed one */
  grade?: string;
}

export const QUEUE_PAGE_SIZE = 25;

const QUEUE_FIELDS = {
  cycleId: 1, organisationId: 1, kabkotaCode: 1, formId: 1, formVersion: 1, state: 1, submittedAt: 1,
  'selfScore.total': 1, 'selfScore.grade': 1, 'verifiedScore.total': 1, 'verifiedScore.grade': 1, verifiedAt: 1, updatedAt: 1,
} as const;

/** A MongoDB filter from checked values only: every value is a plain string compared for equality. */
export function queueFilter(f: QueueFilters): Record<string, unknown> {
  const parts: Record<string, unknown>[] = [{ state: { $in: [...f.states] } }];
  if (f.kabkota) parts.push({ kabkotaCode: f.kabkota });
  if (f.formId) parts.push({ formId: f.formId });
  if (f.cycleIds) parts.push({ cycleId: { $in: f.cycleIds.map((id) => new mongoose.Types.ObjectId(id)) } });
  if (f.notCycleIds) parts.push({ cycleId: { $nin: f.notCycleIds.map((id) => new mongoose.Types.ObjectId(id)) } });
  if (f.grade) parts.push({ $or: [{ 'verifiedScore.grade': f.grade }, { 'verifiedScore.grade': null, 'selfScore.grade': f.grade }] });
  return parts.length === 1 ? parts[0] : { $and: parts };
}

export type QueueRow = ReviewDoc & { verifiedScore: { total?: number | null; grade?: string | null } | null };

/** One page of the queue (oldest submission first: first come, first reviewed) and the total. */
export async function listQueue(req: Request, filters: QueueFilters, page: number): Promise<{ rows: QueueRow[]; total: number }> {
  const filter = queueFilter(filters);
  const [rows, total] = await Promise.all([
    listResponses(req, filter, { projection: QUEUE_FIELDS, sort: { submittedAt: 1, _id: 1 }, skip: (page - 1) * QUEUE_PAGE_SIZE, limit: QUEUE_PAGE_SIZE }),
    countResponses(req, filter),
  ]);
  return { rows: rows as unknown as QueueRow[], total };
}

/** How many responses in the caller's scope match the filters (no rows read). */
export function countQueue(req: Request, filters: QueueFilters): Promise<number> {
  return countResponses(req, queueFilter(filters));
}

/**
 * Names of organisations whose responses the caller already read through its scope (the ids come
 * from scoped rows, so no other organisation's name can be asked for).
 */
export async function organisationNames(ids: readonly unknown[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.map(String))].filter((id) => mongoose.isValidObjectId(id));
  if (unique.length === 0) return new Map();
  const orgs = (await Organisation.find({ _id: { $in: unique.map((id) => new mongoose.Types.ObjectId(id)) } }, { 'identity.nama': 1 }).lean()) as { _id: unknown; identity?: { nama?: string } }[];
  return new Map(orgs.map((o) => [String(o._id), o.identity?.nama ?? '']));
}

/** Display names of users (verifier, reviewers), by id. */
export async function userNames(ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string' && mongoose.isValidObjectId(id)))];
  if (unique.length === 0) return new Map();
  const users = await User.find({ _id: { $in: unique.map((id) => new mongoose.Types.ObjectId(id)) } }, { name: 1 }).lean();
  return new Map(users.map((u) => [String(u._id), u.name]));
}
