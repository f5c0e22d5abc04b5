/**
 * Scoped queries on responses (an organisation's answers to one cycle), for the fill and review
 * areas. Every read and write ANDs the user's scope into its filter (scoped.ts): a response of
 * another organisation behaves exactly like a missing one (404) and the attempt is audited
 * (checklist 6). Writes are optimistic: they name the `rev` the caller read and raise it; a write
 * that matches nothing is explained as 404 (out of scope), 409.1 (state changed) or 409.3 (stale).
 *
 *   const r = await findResponse(req, req.params.id);              // 404 + audit if not in scope
 *   await updateResponse(req, r._id, rev, { $set: {...} }, { states: ['draft', 'returned'] });
 *   const { response, entry } = await findEvidence(req, fileId);   // a file via its response
 */
import type { Request } from 'express';
import mongoose, { type ClientSession, type UpdateQuery } from 'mongoose';
import type { CycleWindow } from '../../domain/workflow/deadline';
import type { ResponseState } from '../../domain/workflow/state-machine';
import { Problem } from '../../domain/problems';
import { ResponseModel } from '../response';
import { notFoundInScope, objectIdParam, scopedResponses } from './scoped';

type Id = mongoose.Types.ObjectId;

export interface EvidenceEntry {
  path: string;
  fileId: Id;
  name: string;
  type: string;
  size: number;
  uploadedAt: Date;
  verdict?: 'valid' | 'invalid' | null;
}

export interface ResponseDoc {
  _id: Id;
  cycleId: Id;
  organisationId: Id;
  kabkotaCode: string;
  formId: string;
  formVersion: string;
  state: ResponseState;
  answers: Record<string, unknown>;
  rev: number;
  selfScore: Record<string, unknown> | null;
  verifiedScore: Record<string, unknown> | null;
  review: { path: string; verifiedPoints?: number | null; reason?: string | null; comment?: string | null; needsFix?: boolean }[];
  evidence: EvidenceEntry[];
  submissionId: string | null;
  submissionHash: string | null;
  lastSave?: { id: string; rev: number } | null;
  submittedAt: Date | null;
  extensionUntil: Date | null;
  extensionReason?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
}

/** Light fields for lists (no answers, no review). */
export const LIST_FIELDS = {
  cycleId: 1, organisationId: 1, kabkotaCode: 1, formId: 1, formVersion: 1, state: 1, rev: 1,
  submittedAt: 1, extensionUntil: 1, 'selfScore.total': 1, 'selfScore.grade': 1, updatedAt: 1,
} as const;

/** The response `id` (URL parameter) if the user may see it; otherwise 404 (+ audit when it exists). */
export async function findResponse(req: Request, id: unknown, projection?: Record<string, 0 | 1>): Promise<ResponseDoc> {
  const _id = objectIdParam(id);
  const doc = await ResponseModel.findOne(scopedResponses(req, { _id }), projection).lean();
  if (doc) return doc as unknown as ResponseDoc;
  return notFoundInScope(req, 'response', _id, async () => Boolean(await ResponseModel.exists({ _id })));
}

export interface ListOptions {
  projection?: Record<string, 0 | 1>;
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

/** Responses in the user's scope matching `filter` (built from trusted values only). */
export async function listResponses(req: Request, filter: Record<string, unknown> = {}, opts: ListOptions = {}): Promise<ResponseDoc[]> {
  let q = ResponseModel.find(scopedResponses(req, filter), opts.projection ?? LIST_FIELDS).sort(opts.sort ?? { updatedAt: -1 });
  if (opts.skip) q = q.skip(opts.skip);
  q = q.limit(Math.min(opts.limit ?? 500, 5000));
  return (await q.lean()) as unknown as ResponseDoc[];
}

export async function countResponses(req: Request, filter: Record<string, unknown> = {}): Promise<number> {
  return ResponseModel.countDocuments(scopedResponses(req, filter));
}

export interface UpdateOptions {
  /** the write applies only in these states (else 409.1) */
  states?: readonly ResponseState[];
  session?: ClientSession;
}

function optimisticWrite(id: Id, expectedRev: number, update: UpdateQuery<unknown>, opts: UpdateOptions) {
  const filter: Record<string, unknown> = { _id: id, rev: expectedRev };
  if (opts.states) filter.state = { $in: [...opts.states] };
  const { $inc, ...rest } = update as { $inc?: Record<string, number> };
  return { filter, update: { ...rest, $inc: { ...($inc ?? {}), rev: 1 } } };
}

/**
 * One optimistic write: matches `_id`, the user's scope, `rev === expectedRev` (and `states`),
 * applies `update` and raises `rev`. Throws 404 / 409.1 / 409.3 when nothing matched.
 */
export async function updateResponse(req: Request, id: Id, expectedRev: number, update: UpdateQuery<unknown>, opts: UpdateOptions = {}): Promise<void> {
  const write = optimisticWrite(id, expectedRev, update, opts);
  const res = await ResponseModel.updateOne(scopedResponses(req, write.filter), write.update, { session: opts.session });
  if (res.matchedCount === 1) return;
  await explainMiss(req, id, opts);
}

/** The same write, answering the `fields` of the response as written (saves reading it again). */
export async function updateResponseReturning<T>(req: Request, id: Id, expectedRev: number, update: UpdateQuery<unknown>, fields: Record<string, 1>, opts: UpdateOptions = {}): Promise<T> {
  const write = optimisticWrite(id, expectedRev, update, opts);
  const doc = await ResponseModel.findOneAndUpdate(scopedResponses(req, write.filter), write.update, { session: opts.session, projection: fields, returnDocument: 'after' }).lean();
  if (doc) return doc as unknown as T;
  return explainMiss(req, id, opts);
}

async function explainMiss(req: Request, id: Id, opts: UpdateOptions): Promise<never> {
  const now = await ResponseModel.findOne(scopedResponses(req, { _id: id }), { state: 1, rev: 1 }, { session: opts.session }).lean();
  if (!now) return notFoundInScope(req, 'response', id, async () => Boolean(await ResponseModel.exists({ _id: id })));
  if (opts.states && !opts.states.includes(now.state as ResponseState)) throw new Problem(409.1, { state: now.state });
  throw new Problem(409.3, { rev: now.rev });
}

/** The evidence file `fileId` with the response holding it, if the user may see that response. */
export async function findEvidence(req: Request, fileId: unknown): Promise<{ response: ResponseDoc; entry: EvidenceEntry }> {
  const _id = objectIdParam(fileId);
  const response = (await ResponseModel.findOne(scopedResponses(req, { 'evidence.fileId': _id }), { answers: 0, review: 0 }).lean()) as unknown as ResponseDoc | null;
  const entry = response?.evidence.find((e) => String(e.fileId) === String(_id));
  if (response && entry) return { response, entry };
  return notFoundInScope(req, 'evidence', _id, async () => Boolean(await ResponseModel.exists({ 'evidence.fileId': _id })));
}

/** The evidence list as the renderer wants it: files by question path. */
export function evidenceByPath(evidence: readonly EvidenceEntry[]): Record<string, { id: string; name: string; size: number; valid?: boolean }[]> {
  const out: Record<string, { id: string; name: string; size: number; valid?: boolean }[]> = {};
  for (const e of evidence) {
    (out[e.path] ??= []).push({ id: String(e.fileId), name: e.name, size: e.size, valid: e.verdict === 'invalid' ? false : undefined });
  }
  return out;
}

/**
 * The operator's time window of one response (cycle dates plus its own extension). A cycle an
 * admin closed is closed whatever the dates say: pass its `status` (read it with the dates).
 */
export function responseWindow(response: Pick<ResponseDoc, 'extensionUntil'>, cycle: { opensAt: Date; closesAt: Date; status?: string | null }, now = new Date()): CycleWindow {
  return { now, opensAt: cycle.opensAt, deadline: cycle.closesAt, extensionUntil: response.extensionUntil ?? null, cycleClosed: cycle.status === 'closed' };
}

/** Whether any response refers to this evidence file (unscoped: for maintenance, never for requests). */
export async function evidenceIsReferenced(fileId: Id): Promise<boolean> {
  return Boolean(await ResponseModel.exists({ 'evidence.fileId': fileId }));
}
