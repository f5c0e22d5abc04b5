/**
 * Reading an evaluator's review from a request body: the HTML form (one field per item and
 * property: `score.<path>`, `reason.<path>`, `comment.<path>`, `needsFix.<path>`,
 * `verdict.<fileId>`, plus the renderer's fields of evaluator-only questions) or the JSON API
 * (`{rev, action, items: [...], evaluatorAnswers: {...}}`). Only these names are ever read: a
 * posted `state`, `verifiedScore`, `organisationId` or answer of the operator is never looked at
 * (checklist 8). Evidence verdicts set back to "not judged" are separated out here, since the
 * pure validation only knows 'valid' and 'invalid'.
 */
import { parseFormPost, type PostBody } from '../render';
import { isPlainObject } from '../domain/forms/json-pointer';
import { Problem } from '../domain/problems';
import type { ReviewContext } from './review-context';
import { evaluatorPart } from './review-context';

export const REVIEW_ACTIONS = ['save', 'start-review', 'return', 'verify'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export interface ReviewInput {
  rev: unknown;
  action: ReviewAction;
  /** raw item reviews for validateReviewUpdate; undefined = no item changes (JSON without items) */
  items?: unknown[];
  /** evidence file ids whose verdict goes back to "not judged" */
  clearVerdicts: string[];
  /** the evaluator-only answers as they should be stored; undefined = unchanged */
  evaluatorAnswers?: Record<string, unknown>;
}

/** Raw strings as the HTML form posted them, for re-rendering after an error. */
export interface PostedItem {
  score: string;
  reason: string;
  comment: string;
  needsFix: boolean;
  verdicts: Record<string, string>;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export function parseAction(value: unknown): ReviewAction {
  const v = first(value);
  if (v === undefined || v === null || v === '') return 'save';
  if (typeof v === 'string' && (REVIEW_ACTIONS as readonly string[]).includes(v)) return v as ReviewAction;
  throw new Problem(400.1, { field: '_action' });
}

function text(value: unknown): string {
  const v = first(value);
  return typeof v === 'string' ? v : '';
}

/** The HTML form's item fields (strings, for validation and for re-rendering). */
export function postedItems(ctx: ReviewContext, body: Record<string, unknown>): Map<string, PostedItem> {
  const out = new Map<string, PostedItem>();
  for (const item of ctx.items) {
    const verdicts: Record<string, string> = {};
    for (const fileId of item.reviewable.evidenceFileIds) verdicts[fileId] = text(body[`verdict.${fileId}`]);
    out.set(item.path, {
      score: item.scored && !item.evaluatorOnly ? text(body[`score.${item.path}`]) : '',
      reason: text(body[`reason.${item.path}`]),
      comment: text(body[`comment.${item.path}`]),
      needsFix: ['on', 'true', '1'].includes(text(body[`needsFix.${item.path}`])),
      verdicts,
    });
  }
  return out;
}

function splitVerdicts(raw: Record<string, unknown>, clear: string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [fileId, verdict] of Object.entries(raw)) {
    if (verdict === '' || verdict === null) clear.push(fileId);
    else kept[fileId] = verdict;
  }
  return kept;
}

/** The HTML form → ReviewInput. The form always posts every item: an empty field clears it. */
export function readFormInput(ctx: ReviewContext, body: Record<string, unknown>): { input: ReviewInput; posted: Map<string, PostedItem> } {
  const action = parseAction(body._action);
  const posted = postedItems(ctx, body);
  const clearVerdicts: string[] = [];
  const items = ctx.items.map((item) => {
    const p = posted.get(item.path)!;
    return {
      path: item.path,
      verifiedPoints: p.score,
      reason: p.reason,
      comment: p.comment,
      needsFix: p.needsFix,
      evidenceVerdicts: splitVerdicts(p.verdicts, clearVerdicts),
    };
  });
  const hasEvaluatorQuestions = ctx.form.questions.some((q) => q.evaluatorOnly);
  let evaluatorAnswers: Record<string, unknown> | undefined;
  if (hasEvaluatorQuestions) {
    // review mode: everything but evaluator-only fields comes from the stored answers
    const parsed = parseFormPost(ctx.form, body as PostBody, { mode: 'review', role: 'evaluator', previous: ctx.merged });
    evaluatorAnswers = evaluatorPart(ctx.form, parsed);
  }
  return { input: { rev: first(body.rev), action, items, clearVerdicts, evaluatorAnswers }, posted };
}

/** The JSON API body → ReviewInput. Items not sent stay as they are; unknown top-level keys are ignored. */
export function readJsonInput(ctx: ReviewContext, body: unknown): ReviewInput {
  if (!isPlainObject(body)) throw new Problem(400.1, { field: '' });
  const action = parseAction(body.action);
  const clearVerdicts: string[] = [];
  let items: unknown[] | undefined;
  if (body.items !== undefined) {
    if (!Array.isArray(body.items)) throw new Problem(400.1, { field: 'items' });
    items = body.items.map((raw) => {
      if (!isPlainObject(raw) || !isPlainObject(raw.evidenceVerdicts)) return raw;
      return { ...raw, evidenceVerdicts: splitVerdicts(raw.evidenceVerdicts, clearVerdicts) };
    });
  }
  let evaluatorAnswers: Record<string, unknown> | undefined;
  if (body.evaluatorAnswers !== undefined) {
    if (!isPlainObject(body.evaluatorAnswers)) throw new Problem(400.1, { field: 'evaluatorAnswers' });
    evaluatorAnswers = evaluatorPart(ctx.form, body.evaluatorAnswers); // only evaluator-only paths are taken
  }
  return { rev: body.rev, action, items, clearVerdicts, evaluatorAnswers };
}
