/**
 * The evaluator's review (issue 5). Every route is scoped: a response outside the evaluator's
 * kabupaten/kota is a 404 with an `authz.denied` audit entry (checklist 6).
 *   GET  /tinjauan                 queue with filters ('response.review')
 *   GET  /tinjauan/:id             review page: answers, evidence, self score, evaluator fields
 *   POST /tinjauan/:id             _action = start-review | save | return | verify (one form, PRG)
 *   POST /tinjauan/:id/buka        admin unlock of a verified response, with a reason ('response.unlock')
 *   GET  /api/tinjauan/:id         the same as JSON; POST /api/tinjauan/:id and /api/tinjauan/:id/buka
 *                                  with `X-CSRF-Token` ({rev, action, items, evaluatorAnswers} / {rev, reason})
 * Only the review fields are read from a body (review-input.ts); a stale `rev` → 409.3.
 */
import type { Express, Request, Response } from 'express';
import { Problem, PROBLEMS, isProblem } from '../domain/problems';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { userNames } from '../model/query/review';
import { loadReviewContext, mergeAnswers, type ReviewContext } from './review-context';
import { readFormInput, readJsonInput, type PostedItem } from './review-input';
import { reviewApiView } from './review-api';
import { queuePage } from './review-queue';
import { saveReview, unlockResponse, type SaveOutcome } from './review-save';
import { reviewPage, type PageErrors } from './review-views';
import { returnWhatsapp } from './reminders';

const FLASH: Record<string, string> = {
  'start-review': 'review.flash.started', save: 'review.flash.saved', return: 'review.flash.returned', verify: 'review.flash.verified',
};

async function renderPage(req: Request, res: Response, ctx: ReviewContext, status: number, opts: { posted?: Map<string, PostedItem>; errors?: PageErrors; answers?: unknown } = {}): Promise<void> {
  const names = await userNames([ctx.response.verifiedBy ?? null]);
  res.status(status).render('review/page', {
    ...reviewPage(ctx, { ...opts, isAdmin: req.user?.role === 'admin', verifierName: names.get(ctx.response.verifiedBy ?? '') }),
    whatsapp: await returnWhatsapp(req, ctx),
  });
}

function conflictPage(res: Response, id: string): void {
  res.status(409).render('review/conflict', { title: t('review.conflict.title'), code: 409.3, reloadHref: `/tinjauan/${id}` });
}

function invalidErrors(outcome: Extract<SaveOutcome, { kind: 'invalid' }>): PageErrors {
  const message = outcome.code === 400.1 ? t('review.errors.items') : PROBLEMS[outcome.code];
  return { issues: outcome.issues, answerErrors: outcome.answerErrors, message };
}

async function postReview(req: Request, res: Response): Promise<void> {
  const ctx = await loadReviewContext(req, req.params.id);
  const id = String(ctx.response._id);
  const { input, posted } = readFormInput(ctx, (req.body ?? {}) as Record<string, unknown>);
  let outcome: SaveOutcome;
  try {
    outcome = await saveReview(req, ctx, input);
  } catch (err) {
    if (isProblem(err) && err.code === 409.3) return conflictPage(res, id);
    throw err;
  }
  if (outcome.kind === 'invalid') {
    const status = outcome.code === 400.1 ? 422 : Math.floor(outcome.code);
    // the operator's answers with the evaluator's as just posted
    const answers = mergeAnswers(ctx.form, ctx.response.answers, input.evaluatorAnswers ?? ctx.response.evaluatorAnswers);
    return renderPage(req, res, ctx, status, { posted, errors: invalidErrors(outcome), answers });
  }
  flash(req, 'ok', t(outcome.changed ? FLASH[input.action] : 'review.flash.unchanged'));
  res.redirect(303, input.action === 'verify' || input.action === 'return' ? `/tinjauan/${id}#status` : `/tinjauan/${id}`);
}

async function postUnlock(req: Request, res: Response): Promise<void> {
  const ctx = await loadReviewContext(req, req.params.id);
  const id = String(ctx.response._id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  let outcome: SaveOutcome;
  try {
    outcome = await unlockResponse(req, ctx, body.rev, body.reason);
  } catch (err) {
    if (isProblem(err) && err.code === 409.3) return conflictPage(res, id);
    throw err;
  }
  if (outcome.kind === 'invalid') return renderPage(req, res, ctx, 422, { errors: { message: PROBLEMS[422.2] } });
  flash(req, 'ok', t('review.flash.unlocked'));
  res.redirect(303, `/tinjauan/${id}`);
}

async function apiPost(req: Request, res: Response): Promise<void> {
  const ctx = await loadReviewContext(req, req.params.id);
  const outcome = await saveReview(req, ctx, readJsonInput(ctx, req.body));
  if (outcome.kind === 'invalid') {
    throw new Problem(outcome.code, outcome.issues.length > 0 ? outcome.issues : outcome.answerErrors.length > 0 ? outcome.answerErrors : undefined);
  }
  res.json(reviewApiView(await loadReviewContext(req, req.params.id), { changed: outcome.changed }));
}

async function apiUnlock(req: Request, res: Response): Promise<void> {
  const ctx = await loadReviewContext(req, req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const outcome = await unlockResponse(req, ctx, body.rev, body.reason);
  if (outcome.kind === 'invalid') throw new Problem(outcome.code);
  res.json(reviewApiView(await loadReviewContext(req, req.params.id), { changed: true }));
}

export function reviewRoutes(app: Express): void {
  endpoint(app, 'get', '/tinjauan', 'response.review', async (req, res) => {
    res.render('review/queue', await queuePage(req));
  });
  endpoint(app, 'get', '/tinjauan/:id', 'response.review', async (req, res) => renderPage(req, res, await loadReviewContext(req, req.params.id), 200));
  endpoint(app, 'post', '/tinjauan/:id', 'response.review', postReview);
  endpoint(app, 'post', '/tinjauan/:id/buka', 'response.unlock', postUnlock);
  endpoint(app, 'get', '/api/tinjauan/:id', 'response.review', async (req, res) => {
    res.json(reviewApiView(await loadReviewContext(req, req.params.id)));
  });
  endpoint(app, 'post', '/api/tinjauan/:id', 'response.review', apiPost);
  endpoint(app, 'post', '/api/tinjauan/:id/buka', 'response.unlock', apiUnlock);
}
