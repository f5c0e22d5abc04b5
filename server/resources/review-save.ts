/**
 * Storing an evaluator's work: item reviews (verified points with reasons, comments, "needs fix"),
 * evidence verdicts and evaluator-only answers, optionally with a state change (return for
 * revision, verify), in ONE optimistic write guarded by `rev` and the user's scope, together with
 * its audit entries in one transaction. Two evaluators saving from the same version: the second
 * write matches nothing and gets 409.3; nothing is silently overwritten (checklist 32).
 */
import type { AuditAction } from '../domain/workflow/audit';
import type { Request } from 'express';
import mongoose, { type ClientSession } from 'mongoose';
import { score, validateAnswers, type FieldError } from '../domain/forms';
import { countByPath } from '../domain/files';
import { scoreRecord } from '../domain/fill';
import { Problem, type ProblemCode } from '../domain/problems';
import type { Role } from '../domain/access/roles';
import { diffAnswers } from '../domain/workflow/answer-diff';
import { AUDIT_ACTION_FOR } from '../domain/workflow/audit';
import {
  checkVersion, fixRequestCount, mergeReview, reviewEditableState, scoreChanges, validateReviewUpdate,
  type ItemReview, type ReviewIssue,
} from '../domain/workflow/review';
import { transition, type TransitionContext, type WorkflowAction } from '../domain/workflow/state-machine';
import { audit } from '../http/audit';
import { t } from '../i18n';
import { responseWindow, updateResponse, type EvidenceEntry } from '../model/query/responses';
import type { StoredReviewItem } from '../model/query/review';
import { mergeAnswers, overridesOf, toItemReviews, type ReviewContext } from './review-context';
import { noticeReviewed } from '../notify/hooks';
import type { ReviewInput } from './review-input';

export type SaveOutcome =
  | { kind: 'saved'; state: string; rev: number; changed: boolean }
  | { kind: 'invalid'; code: ProblemCode; issues: ReviewIssue[]; answerErrors: FieldError[] };

function transitionContext(req: Request, ctx: ReviewContext, extra: Partial<TransitionContext> = {}): TransitionContext {
  return { role: req.user!.role as Role, ...responseWindow(ctx.response, ctx.cycle), ...extra };
}

function auditFor(req: Request, ctx: ReviewContext, session: ClientSession) {
  const base = { targetType: 'response', targetId: String(ctx.response._id), organisationId: String(ctx.response.organisationId) };
  return (action: AuditAction, details: Record<string, unknown>) => audit(req, { ...base, action, details }, session);
}

function isEmpty(r: ItemReview): boolean {
  return r.verifiedPoints === undefined && r.reason === undefined && r.comment === undefined && !r.needsFix;
}

function sameRecord(a: ItemReview, b: StoredReviewItem | undefined): boolean {
  return Boolean(b) && (a.verifiedPoints ?? null) === (b!.verifiedPoints ?? null) && (a.reason ?? null) === (b!.reason ?? null)
    && (a.comment ?? null) === (b!.comment ?? null) && Boolean(a.needsFix) === Boolean(b!.needsFix);
}

/** The review as stored: empty records dropped, `by`/`at` kept for unchanged ones. */
function toStored(review: readonly ItemReview[], before: readonly StoredReviewItem[], userId: string, now: Date): StoredReviewItem[] {
  const old = new Map(before.map((r) => [r.path, r]));
  return review.filter((r) => !isEmpty(r)).map((r) => {
    const prev = old.get(r.path);
    const same = sameRecord(r, prev);
    return {
      path: r.path, verifiedPoints: r.verifiedPoints ?? null, reason: r.reason ?? null, comment: r.comment ?? null,
      needsFix: Boolean(r.needsFix), by: same ? prev!.by ?? null : userId, at: same ? prev!.at ?? null : now,
    };
  });
}

/** Evidence with the new verdicts (only files of reviewable items can be judged). */
function evidenceAfter(ctx: ReviewContext, update: readonly ItemReview[], clear: readonly string[]): EvidenceEntry[] {
  const known = new Set(ctx.items.flatMap((i) => i.reviewable.evidenceFileIds));
  const verdicts = new Map<string, 'valid' | 'invalid' | null>();
  for (const id of clear) if (known.has(id)) verdicts.set(id, null);
  for (const r of update) for (const [id, v] of Object.entries(r.evidenceVerdicts)) verdicts.set(id, v);
  return (ctx.response.evidence ?? []).map((e) => {
    const id = String(e.fileId);
    return verdicts.has(id) ? { ...e, verdict: verdicts.get(id) ?? null } : e;
  });
}

/** Errors of evaluator-only questions only: the evaluator cannot fix the operator's answers. */
function evaluatorErrors(ctx: ReviewContext, answers: Record<string, unknown>, mode: 'draft' | 'submit'): FieldError[] {
  const paths = ctx.form.questions.filter((q) => q.evaluatorOnly).map((q) => q.path);
  if (paths.length === 0) return [];
  const check = validateAnswers(ctx.form, answers, { mode, role: 'evaluator', evidence: countByPath(ctx.response.evidence ?? []) });
  return check.errors.filter((e) => paths.some((p) => e.path === p || e.path.startsWith(`${p}.`)));
}

const invalid = (code: ProblemCode, issues: ReviewIssue[] = [], answerErrors: FieldError[] = []): SaveOutcome => ({ kind: 'invalid', code, issues, answerErrors });

/** submitted / resubmitted → in_review. */
export async function startReview(req: Request, ctx: ReviewContext, rev: unknown): Promise<SaveOutcome> {
  const version = checkVersion(rev, ctx.response.rev);
  if (!version.ok) throw new Problem(version.problem.code, version.problem.details);
  const from = ctx.response.state;
  const allowed = transition(from, 'startReview', transitionContext(req, ctx));
  if (!allowed.ok) throw new Problem(allowed.problem.code, allowed.problem.details);
  await mongoose.connection.transaction(async (session) => {
    await updateResponse(req, ctx.response._id, version.version, { $set: { state: allowed.next } }, { states: [from], session });
    await auditFor(req, ctx, session)(AUDIT_ACTION_FOR.startReview, { from, to: allowed.next });
  });
  return { kind: 'saved', state: allowed.next, rev: version.version + 1, changed: true };
}

/** Save the review (and return or verify when asked). Invalid input comes back as `invalid`. */
export async function saveReview(req: Request, ctx: ReviewContext, input: ReviewInput): Promise<SaveOutcome> {
  if (input.action === 'start-review') return startReview(req, ctx, input.rev);
  const { response, form } = ctx;
  const version = checkVersion(input.rev, response.rev);
  if (!version.ok) throw new Problem(version.problem.code, version.problem.details);
  if (!reviewEditableState(response.state)) throw new Problem(response.state === 'verified' ? 409.7 : 409.1, { state: response.state });

  const current = toItemReviews(response);
  let update: ItemReview[] = [];
  if (input.items !== undefined) {
    const checked = validateReviewUpdate(input.items, ctx.items.map((i) => i.reviewable));
    if (!checked.ok) return invalid(400.1, (checked.problem.details ?? []) as ReviewIssue[]);
    // The operator never sees evaluator-only questions, so cannot be asked to fix one.
    const evaluatorOnly = new Set(ctx.items.filter((i) => i.evaluatorOnly).map((i) => i.path));
    const unfixable = checked.value.filter((r) => r.needsFix && evaluatorOnly.has(r.path));
    if (unfixable.length > 0) return invalid(400.1, unfixable.map((r) => ({ path: r.path, field: 'needsFix', message: t('review.errors.evaluatorOnlyFix') })));
    update = checked.value;
  }
  const evaluatorAnswers = input.evaluatorAnswers ?? (response.evaluatorAnswers ?? {});
  const merged = mergeAnswers(form, response.answers, evaluatorAnswers);
  const draftErrors = evaluatorErrors(ctx, merged, 'draft');
  if (draftErrors.length > 0) return invalid(422.1, [], draftErrors);

  const review = mergeReview(current, update).filter((r) => !isEmpty(r));
  const evidence = evidenceAfter(ctx, update, input.clearVerdicts);
  const now = new Date();
  const $set: Record<string, unknown> = { review: toStored(review, response.review ?? [], req.user!.id, now), evidence, evaluatorAnswers };

  let action: WorkflowAction | null = null;
  if (input.action === 'return' || input.action === 'verify') {
    action = input.action === 'return' ? 'returnForRevision' : 'verify';
    const allowed = transition(response.state, action, transitionContext(req, ctx, { fixRequests: fixRequestCount(review), now }));
    if (!allowed.ok) {
      // the page is shown again with what was posted, so no comment or score typed is lost
      if (allowed.problem.code === 409.8 || allowed.problem.code === 409.12) return invalid(allowed.problem.code);
      throw new Problem(allowed.problem.code, allowed.problem.details);
    }
    if (action === 'verify') {
      const missing = evaluatorErrors(ctx, merged, 'submit');
      if (missing.length > 0) return invalid(422.1, [], missing);
      const verified = scoreRecord(score(form, merged, overridesOf(review)), now);
      Object.assign($set, { verifiedScore: verified, verifiedAt: now, verifiedBy: req.user!.id });
    }
    $set.state = allowed.next;
  }

  const changes = describeChanges(ctx, current, review, evidence, evaluatorAnswers);
  if (action === null && changes.count === 0) return { kind: 'saved', state: response.state, rev: response.rev, changed: false };

  await mongoose.connection.transaction(async (session) => {
    await updateResponse(req, response._id, version.version, { $set }, { states: ['in_review'], session });
    const write = auditFor(req, ctx, session);
    for (const c of changes.scores) await write('score.change', c);
    for (const c of changes.verdicts) await write('evidence.verdict', c);
    for (const c of changes.comments) await write('review.comment', c);
    if (changes.answers.length > 0) await write('review.evaluator_answers', { changes: changes.answers });
    if (action) await write(AUDIT_ACTION_FOR[action], stateDetails(action, response.state, $set, review));
    if (action) await noticeReviewed(session, ctx, action, $set, version.version + 1);
  });
  return { kind: 'saved', state: String($set.state ?? response.state), rev: version.version + 1, changed: true };
}

function stateDetails(action: WorkflowAction, from: string, $set: Record<string, unknown>, review: readonly ItemReview[]): Record<string, unknown> {
  const details: Record<string, unknown> = { from, to: $set.state };
  if (action === 'returnForRevision') details.items = review.filter((r) => r.needsFix).map((r) => ({ path: r.path, comment: r.comment ?? '' }));
  if (action === 'verify') {
    const v = $set.verifiedScore as { total: number | null; grade: string | null };
    details.total = v.total;
    details.grade = v.grade;
  }
  return details;
}

interface Changes {
  scores: Record<string, unknown>[];
  verdicts: Record<string, unknown>[];
  comments: Record<string, unknown>[];
  answers: { path: string; from?: unknown; to?: unknown }[];
  count: number;
}

/** What this save changes, as audit details (item path, from, to, reason; file verdicts; comments). */
function describeChanges(ctx: ReviewContext, before: ItemReview[], after: ItemReview[], evidence: EvidenceEntry[], evaluatorAnswers: unknown): Changes {
  const self = new Map(ctx.items.map((i) => [i.path, i.reviewable.selfPoints]));
  const newByPath = new Map(after.map((r) => [r.path, r]));
  const oldByPath = new Map(before.map((r) => [r.path, r]));
  const scores = scoreChanges(before, after).map((c) => ({ path: c.path, from: c.from ?? null, to: c.to ?? null, selfPoints: self.get(c.path) ?? null, reason: newByPath.get(c.path)?.reason ?? null }));
  // records removed altogether (every field cleared) still change a score if they had points
  for (const r of before) if (!newByPath.has(r.path) && r.verifiedPoints !== undefined) scores.push({ path: r.path, from: r.verifiedPoints, to: null, selfPoints: self.get(r.path) ?? null, reason: null });
  const oldVerdicts = new Map((ctx.response.evidence ?? []).map((e) => [String(e.fileId), e.verdict ?? null]));
  const verdicts = evidence.filter((e) => (e.verdict ?? null) !== (oldVerdicts.get(String(e.fileId)) ?? null))
    .map((e) => ({ path: e.path, fileId: String(e.fileId), name: e.name, from: oldVerdicts.get(String(e.fileId)) ?? null, to: e.verdict ?? null }));
  const paths = new Set([...oldByPath.keys(), ...newByPath.keys()]);
  const comments = [...paths].filter((p) => (oldByPath.get(p)?.comment ?? null) !== (newByPath.get(p)?.comment ?? null) || Boolean(oldByPath.get(p)?.needsFix) !== Boolean(newByPath.get(p)?.needsFix))
    .map((p) => ({ path: p, comment: newByPath.get(p)?.comment ?? null, needsFix: Boolean(newByPath.get(p)?.needsFix) }));
  const answers = diffAnswers(ctx.response.evaluatorAnswers ?? {}, evaluatorAnswers).changes;
  const reasonsChanged = [...paths].some((p) => (oldByPath.get(p)?.reason ?? null) !== (newByPath.get(p)?.reason ?? null));
  return { scores, verdicts, comments, answers, count: scores.length + verdicts.length + comments.length + answers.length + (reasonsChanged ? 1 : 0) };
}

/** Admin: verified → in_review, with a reason (422.2 without). The verified score is withdrawn. */
export async function unlockResponse(req: Request, ctx: ReviewContext, rev: unknown, reason: unknown): Promise<SaveOutcome> {
  const version = checkVersion(rev, ctx.response.rev);
  if (!version.ok) throw new Problem(version.problem.code, version.problem.details);
  const text = typeof reason === 'string' ? reason.trim().slice(0, 1000) : '';
  const from = ctx.response.state;
  const allowed = transition(from, 'unlock', transitionContext(req, ctx, { reason: text }));
  if (!allowed.ok) {
    if (allowed.problem.code === 422.2) return invalid(422.2);
    throw new Problem(allowed.problem.code, allowed.problem.details);
  }
  const previous = ctx.response.verifiedScore as { total?: number | null; grade?: string | null } | null;
  await mongoose.connection.transaction(async (session) => {
    await updateResponse(req, ctx.response._id, version.version, { $set: { state: allowed.next, verifiedScore: null, verifiedAt: null, verifiedBy: null } }, { states: [from], session });
    await auditFor(req, ctx, session)(AUDIT_ACTION_FOR.unlock, {
      from, to: allowed.next, reason: text, previousTotal: previous?.total ?? null, previousGrade: previous?.grade ?? null,
      previousVerifiedAt: ctx.response.verifiedAt ?? null, previousVerifiedBy: ctx.response.verifiedBy ?? null,
    });
  });
  return { kind: 'saved', state: allowed.next, rev: version.version + 1, changed: true };
}
