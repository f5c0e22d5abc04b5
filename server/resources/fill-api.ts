/**
 * JSON API of the fill area (same rules as the pages; CSRF via the X-CSRF-Token header):
 *   GET  /api/tanggapan/:id         the response: state, rev, answers, evidence, progress, live score
 *   PUT  /api/tanggapan/:id         save a draft: {answers, rev, clientAt?, saveId?} → {rev, errors, answers, replay}
 *   POST /api/tanggapan/:id/kirim   submit: {answers, submissionId, rev, clientAt?} → {id, state, rev, submittedAt, selfScore}
 * A draft with invalid values is still saved without them (200, `errors` lists what was dropped).
 * A draft PUT is merged by section: each section sent replaces that section, the others stay as
 * saved; a body with no section of the form is refused (422.5), so a partial or empty body never
 * erases saved answers (other keys are dropped and reported in `errors`, as before). `clientAt` (the device's time of an offline change) goes
 * into the audit entry beside the server's time.
 */
import type { Express, Request, Response } from 'express';
import { score } from '../domain/forms';
import { isPlainObject } from '../domain/forms/json-pointer';
import { mergeSections } from '../domain/fill';
import { Problem } from '../domain/problems';
import { endpoint } from '../http/endpoint';
import { deviceTimeParam, loadFillContext, revParam, saveIdParam } from './fill-context';
import { saveDraft } from './fill-save';
import { submitResponse } from './fill-submit';
import { responseProgress, statusView } from './fill-views';

function jsonBody(req: Request): Record<string, unknown> {
  if (!req.is('application/json') || !isPlainObject(req.body)) throw new Problem(400.1, { expected: 'application/json' });
  return req.body;
}

async function getResponse(req: Request, res: Response): Promise<void> {
  const ctx = await loadFillContext(req, req.params.id);
  const r = ctx.response;
  const live = score(ctx.form, r.answers ?? {});
  const status = statusView(ctx);
  res.json({
    id: String(r._id), formId: r.formId, formVersion: r.formVersion, state: r.state, rev: r.rev,
    answers: r.answers ?? {}, deadline: ctx.deadline, window: ctx.window, editable: status.editable,
    evidence: (r.evidence ?? []).map((e) => ({ id: String(e.fileId), path: e.path, name: e.name, type: e.type, size: e.size })),
    progress: responseProgress(ctx),
    score: { total: live.total, grade: live.grade?.grade ?? null, sections: live.sections.map((s) => ({ key: s.key, score: s.score })) },
    selfScore: r.selfScore, submittedAt: r.submittedAt,
  });
}

async function putDraft(req: Request, res: Response): Promise<void> {
  const body = jsonBody(req);
  const ctx = await loadFillContext(req, req.params.id, { withoutOrganisation: true });
  if (!isPlainObject(body.answers)) throw new Problem(400.1, { field: 'answers' });
  const rev = revParam(body.rev);
  const device = { clientAt: deviceTimeParam(body.clientAt), saveId: saveIdParam(body.saveId) };
  const merge = mergeSections(ctx.form.sections.map((s) => s.key), ctx.response.answers, body.answers);
  if (!merge.ok) throw merge.code === 400.1 ? new Problem(400.1, { field: merge.field }) : new Problem(422.5, { unknown: merge.unknown, sections: ctx.form.sections.map((s) => s.key) });
  const outcome = await saveDraft(req, ctx, { answers: merge.merged, rev, ...device });
  res.json({ rev: outcome.rev, errors: outcome.errors.map((e) => ({ path: e.path, message: e.message })), answers: outcome.answers, replay: outcome.replay === true });
}

async function postSubmit(req: Request, res: Response): Promise<void> {
  const body = jsonBody(req);
  const ctx = await loadFillContext(req, req.params.id, { withoutOrganisation: true });
  const outcome = await submitResponse(req, ctx, { submissionId: body.submissionId, rev: body.rev, answers: body.answers ?? undefined, clientAt: deviceTimeParam(body.clientAt) });
  if (outcome.kind === 'invalid') {
    throw new Problem(422.1, { errors: outcome.errors.map((e) => ({ path: e.path, message: e.message })), truncated: outcome.truncated });
  }
  res.status(200).json({ ...outcome.result, replay: outcome.kind === 'replay' });
}

export function fillApiRoutes(app: Express): void {
  endpoint(app, 'get', '/api/tanggapan/:id', 'response.fill', getResponse);
  endpoint(app, 'put', '/api/tanggapan/:id', 'response.fill', putDraft);
  endpoint(app, 'post', '/api/tanggapan/:id/kirim', 'response.fill', postSubmit);
}
