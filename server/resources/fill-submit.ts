/**
 * Submitting a response (HTML form and JSON API): idempotent by the client's instance id
 * (checklists 30-31), allowed only in the cycle window (or an extension), complete by the
 * engine's submit-mode validation (including evidence minimums), then state + answers + self
 * score + audit entry in ONE transaction guarded by `rev`. Parallel posts of the same submission
 * race on that guard: exactly one changes the state; the others find their own id and replay.
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { score, validateAnswers, type FieldError } from '../domain/forms';
import { countByPath } from '../domain/files';
import { keepEvaluatorOnly, scoreRecord } from '../domain/fill';
import { isPlainObject } from '../domain/forms/json-pointer';
import { Problem, isProblem } from '../domain/problems';
import { diffAnswers } from '../domain/workflow/answer-diff';
import { classifySubmission, contentFingerprint, isValidInstanceId } from '../domain/workflow/submission';
import { transition, type ResponseState } from '../domain/workflow/state-machine';
import type { Role } from '../domain/access/roles';
import { audit } from '../http/audit';
import { ResponseModel } from '../model/response';
import { responseWindow, updateResponseReturning } from '../model/query/responses';
import { scopedResponses } from '../model/query/scoped';
import { submitAction, type FillContext } from './fill-context';
import { noticeSubmitted } from '../notify/hooks';
import { deviceDetails } from './fill-save';

export interface SubmitInput {
  submissionId: unknown;
  rev: unknown;
  /** JSON clients send the answers; the HTML form submits what is saved */
  answers?: unknown;
  /** when the operator pressed "Kirim" on the device (offline queue), as its clock says */
  clientAt?: Date | null;
}

export interface SubmittedView {
  id: string;
  state: string;
  rev: number;
  submittedAt: Date | null;
  selfScore: { total: number | null; grade: string | null; gradeLabel: string | null } | null;
}

export type SubmitOutcome =
  | { kind: 'submitted' | 'replay'; result: SubmittedView }
  | { kind: 'invalid'; errors: FieldError[]; truncated: boolean };

/** The answers to submit: operator-owned parts only, hidden parts pruned by the validation. */
function answersToSubmit(ctx: FillContext, input: SubmitInput): Record<string, unknown> {
  if (input.answers === undefined) return ctx.response.answers ?? {};
  if (!isPlainObject(input.answers)) throw new Problem(400.1, { field: 'answers' });
  return keepEvaluatorOnly(ctx.form, ctx.response.answers, input.answers);
}

const VIEW_FIELDS = { state: 1, rev: 1, submittedAt: 1, selfScore: 1, submissionId: 1, submissionHash: 1 } as const;
type ViewDoc = { state: string; rev: number; submittedAt?: Date | null; selfScore?: unknown; submissionId?: string | null; submissionHash?: string | null };

function viewOf(id: mongoose.Types.ObjectId, doc: ViewDoc): SubmittedView & { submissionId: string | null; submissionHash: string | null } {
  const s = doc.selfScore as { total?: number | null; grade?: string | null; gradeLabel?: string | null } | null | undefined;
  return {
    id: String(id), state: doc.state, rev: doc.rev, submittedAt: doc.submittedAt ?? null,
    selfScore: s ? { total: s.total ?? null, grade: s.grade ?? null, gradeLabel: s.gradeLabel ?? null } : null,
    submissionId: doc.submissionId ?? null, submissionHash: doc.submissionHash ?? null,
  };
}

async function currentView(req: Request, id: mongoose.Types.ObjectId): Promise<SubmittedView & { submissionId: string | null; submissionHash: string | null }> {
  const doc = await ResponseModel.findOne(scopedResponses(req, { _id: id }), VIEW_FIELDS).lean();
  if (!doc) throw new Problem(404.1);
  return viewOf(id, doc as unknown as ViewDoc);
}

/** Someone (maybe this very submission, posted twice) changed the response first. */
async function afterRace(req: Request, ctx: FillContext, instanceId: string, fingerprint: string, err: unknown): Promise<SubmitOutcome> {
  const now = await currentView(req, ctx.response._id);
  const verdict = classifySubmission(now.submissionId ? { instanceId: now.submissionId, fingerprint: now.submissionHash ?? '' } : null, { instanceId, fingerprint });
  if (verdict.kind === 'replay') return { kind: 'replay', result: strip(now) };
  if (verdict.kind === 'conflict') throw new Problem(409.4, verdict.problem.details);
  throw err;
}

function strip(v: SubmittedView & { submissionId?: unknown; submissionHash?: unknown }): SubmittedView {
  return { id: v.id, state: v.state, rev: v.rev, submittedAt: v.submittedAt, selfScore: v.selfScore };
}

export async function submitResponse(req: Request, ctx: FillContext, input: SubmitInput): Promise<SubmitOutcome> {
  const instanceId = Array.isArray(input.submissionId) ? input.submissionId[0] : input.submissionId;
  if (!isValidInstanceId(instanceId)) throw new Problem(400.1, { field: 'submissionId' });
  const { response, form } = ctx;
  const posted = answersToSubmit(ctx, input);
  const evidence = countByPath(response.evidence);
  const check = validateAnswers(form, posted, { mode: 'submit', role: 'operator', evidence });
  const value = keepEvaluatorOnly(form, response.answers, isPlainObject(check.value) ? check.value : posted);
  const fingerprint = contentFingerprint(value);

  // A retry of a submission that already went through: the same answer again, nothing stored.
  const existing = response.submissionId ? { instanceId: response.submissionId, fingerprint: response.submissionHash ?? '' } : null;
  const verdict = classifySubmission(existing, { instanceId, fingerprint });
  if (verdict.kind === 'replay') return { kind: 'replay', result: strip(await currentView(req, response._id)) };
  if (verdict.kind === 'conflict') throw new Problem(409.4, verdict.problem.details);

  const action = submitAction(response);
  const now = new Date();
  const allowed = transition(response.state, action, { role: req.user!.role as Role, ...responseWindow(response, ctx.cycle, now) });
  if (!allowed.ok) throw new Problem(allowed.problem.code, allowed.problem.details);
  const rev = Array.isArray(input.rev) ? input.rev[0] : input.rev;
  if (String(rev) !== String(response.rev)) throw new Problem(409.3, { rev: response.rev });
  if (!check.ok) return { kind: 'invalid', errors: check.errors, truncated: check.truncated };

  const selfScore = scoreRecord(score(form, value), now);
  const from: ResponseState = response.state;
  const diff = diffAnswers(response.answers, value);
  let written: ViewDoc;
  try {
    written = await mongoose.connection.transaction(async (session) => {
      const doc = await updateResponseReturning<ViewDoc>(req, response._id, response.rev, {
        $set: { state: allowed.next, answers: value, selfScore, submittedAt: now, submissionId: instanceId, submissionHash: fingerprint },
      }, VIEW_FIELDS, { states: [from], session });
      await audit(req, {
        action: 'response.submit', targetType: 'response', targetId: String(response._id), organisationId: String(response.organisationId),
        details: { kind: action, from, to: allowed.next, submissionId: instanceId, total: selfScore.total, grade: selfScore.grade, changes: diff.changes, truncated: diff.truncated, ...deviceDetails(input) },
      }, session);
      await noticeSubmitted(session, response, ctx.cycle, ctx.organisationName, allowed.next, doc.rev);
      return doc;
    });
  } catch (err) {
    if (isProblem(err) && (err.code === 409.1 || err.code === 409.3)) return afterRace(req, ctx, instanceId, fingerprint, err);
    throw err;
  }
  return { kind: 'submitted', result: strip(viewOf(response._id, written)) };
}
