/**
 * What the review page and its actions need about one response, loaded once per request: the
 * response (scoped: 404 + audit outside the evaluator's kabupaten/kota), its cycle, organisation
 * and pinned instrument version, the operator's answers merged with the evaluator's own answers
 * (`x-evaluatorOnly`, stored apart in `evaluatorAnswers`), and the reviewable items: every visible
 * scored question plus every visible question that carries evidence files.
 */
import type { Request } from 'express';
import { findQuestion, score, visibility, type LoadedForm, type Question, type ScoreResult } from '../domain/forms';
import { keepEvaluatorOnly } from '../domain/fill';
import { isPlainObject } from '../domain/forms/json-pointer';
import type { ReviewableItem } from '../domain/workflow/review';
import { Organisation } from '../model/organisation';
import { loadPublishedForm } from '../model/query/instruments';
import { findReviewResponse, toItemReviews, type ReviewDoc } from '../model/query/review';
import { loadCycle, type CycleInfo } from './fill-context';

/** One reviewable item with what the page shows about it. */
export interface ReviewItemInfo {
  path: string;
  section: string;
  title: string;
  question: Question;
  evaluatorOnly: boolean;
  /** false for evidence-only questions (no points to verify) */
  scored: boolean;
  selfStatus: string | null;
  reviewable: ReviewableItem;
}

export interface ReviewContext {
  response: ReviewDoc;
  cycle: CycleInfo;
  organisationName: string;
  form: LoadedForm;
  /** operator answers with the evaluator's answers in their places */
  merged: Record<string, unknown>;
  items: ReviewItemInfo[];
}

/** The operator's answers with the evaluator-only parts taken from `evaluatorAnswers`. */
export function mergeAnswers(form: LoadedForm, answers: unknown, evaluatorAnswers: unknown): Record<string, unknown> {
  return keepEvaluatorOnly(form, isPlainObject(evaluatorAnswers) ? evaluatorAnswers : {}, isPlainObject(answers) ? answers : {});
}

/** Only the evaluator-only parts of an answer document. */
export function evaluatorPart(form: LoadedForm, answers: unknown): Record<string, unknown> {
  return keepEvaluatorOnly(form, isPlainObject(answers) ? answers : {}, {});
}

/** Points an evaluator may give: whole numbers 0..max for the usual small scales, else any number in range. */
function allowedPoints(max: number): number[] | undefined {
  if (!Number.isInteger(max) || max < 0 || max > 20) return undefined;
  return Array.from({ length: max + 1 }, (_, i) => i);
}

export function buildItems(form: LoadedForm, response: Pick<ReviewDoc, 'answers' | 'evidence'>, merged: Record<string, unknown>): ReviewItemInfo[] {
  // The self-score comes from the operator's answers alone; visibility from the merged document.
  const self: ScoreResult = score(form, response.answers ?? {});
  const selfByPath = new Map(self.items.map((i) => [i.path, i]));
  const hidden = visibility(form, merged);
  const filesByPath = new Map<string, string[]>();
  for (const e of response.evidence ?? []) filesByPath.set(e.path, [...(filesByPath.get(e.path) ?? []), String(e.fileId)]);
  const items: ReviewItemInfo[] = [];
  for (const q of form.questions) {
    if (q.kind !== 'question' || q.inRepeat || hidden.has(q.path)) continue;
    const scored = q.scoreMax !== null;
    if (!scored && !q.evidence) continue;
    const s = selfByPath.get(q.path);
    const max = scored ? (q.scoreMax as number) : 0;
    items.push({
      path: q.path, section: q.section, title: q.title, question: q, evaluatorOnly: q.evaluatorOnly, scored,
      selfStatus: s?.status ?? null,
      reviewable: {
        path: q.path,
        selfPoints: s && s.counted && !q.evaluatorOnly ? s.points : null,
        maxPoints: max,
        ...(scored ? { allowedPoints: allowedPoints(max) } : {}),
        evidenceFileIds: filesByPath.get(q.path) ?? [],
      },
    });
  }
  return items;
}

export async function loadReviewContext(req: Request, id: unknown): Promise<ReviewContext> {
  const response = await findReviewResponse(req, id);
  const [cycle, org, form] = await Promise.all([
    loadCycle(response.cycleId),
    Organisation.findById(response.organisationId, { 'identity.nama': 1 }).lean(),
    loadPublishedForm(response.formId, response.formVersion),
  ]);
  const merged = mergeAnswers(form, response.answers, response.evaluatorAnswers);
  return { response, cycle, organisationName: org?.identity?.nama ?? '', form, merged, items: buildItems(form, response, merged) };
}

/** Overrides for the engine from the stored (or about-to-be-stored) review. */
export function overridesOf(review: readonly { path: string; verifiedPoints?: number | null }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of review) if (typeof r.verifiedPoints === 'number') out[r.path] = r.verifiedPoints;
  return out;
}

/** The verified score as it stands: merged answers with the evaluator's points. */
export function liveScore(ctx: Pick<ReviewContext, 'form' | 'merged' | 'response'>): ScoreResult {
  return score(ctx.form, ctx.merged, overridesOf(ctx.response.review ?? []));
}

export function questionTitle(form: LoadedForm, path: string): string {
  return findQuestion(form, path)?.title ?? path;
}

export { toItemReviews };
