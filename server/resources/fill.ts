/**
 * The operator's filling-in (issue 5), every route 'response.fill' and scoped to the operator's
 * own organisations (404 + audit otherwise):
 *   GET  /tugas                              assignments with status and deadline
 *   GET  /tanggapan/:id                      overview: sections, completeness, self score
 *   GET  /tanggapan/:id/bagian/:section      one section (read-only after the deadline)
 *   POST /tanggapan/:id/bagian/:section      save it as a draft (multipart: with evidence files)
 *   GET  /tanggapan/:id/kirim                check and submit page
 *   POST /tanggapan/:id/kirim                submit (idempotent by submissionId)
 *   GET/PUT /api/tanggapan/:id, POST /api/tanggapan/:id/kirim   the same as JSON
 * Only `answers`, `rev`, `submissionId` and files are read from a body: `state`, `score`,
 * `organisationId`, `verifiedPoints` and the like are never looked at (checklist 8).
 */
import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { handleFormPost, type PostBody } from '../render';
import { validateAnswers } from '../domain/forms';
import { countByPath } from '../domain/files';
import { Problem, isProblem } from '../domain/problems';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { deleteEvidenceFiles } from '../model/evidence-store';
import { drain, evidenceTarget } from './evidence';
import { isMultipart, readMultipart, type UploadedFile } from './evidence-multipart';
import { deviceTimeParam, loadFillContext, refusal, revParam, saveIdParam, sectionParam, submitAction, type FillContext } from './fill-context';
import { saveDraft } from './fill-save';
import { submitResponse } from './fill-submit';
import { taskList } from './fill-tasks';
import { errorLinks, flaggedItems, questionAnchor, renderSection, responseProgress, scoreView, sectionNav, sectionUrl, statusView, syncView, PAGE_ASSETS, SECTION_ASSETS, STATUS_ASSETS } from './fill-views';
import { fillApiRoutes } from './fill-api';
import { fillOfflineRoutes } from './fill-offline';


function sectionPage(res: Response, ctx: FillContext, section: string, status: number, opts: { answers?: unknown; errors?: Parameters<typeof renderSection>[2]['errors']; rev?: number; saved?: boolean; checking?: boolean }): void {
  const nav = sectionNav(ctx, section);
  const index = nav.findIndex((s) => s.key === section);
  const id = String(ctx.response._id);
  res.status(status).render('fill/section', {
    ...SECTION_ASSETS,
    title: `${nav[index].title} · ${ctx.cycle.name}`,
    id, cycleName: ctx.cycle.name, organisationName: ctx.organisationName,
    section: nav[index], sections: nav, count: nav.length,
    prev: nav[index - 1] ?? null, next: nav[index + 1] ?? null, last: index === nav.length - 1,
    status: statusView(ctx),
    flagged: flaggedItems(ctx).filter((f) => f.section === section),
    formHtml: renderSection(ctx, section, { answers: opts.answers ?? ctx.response.answers, errors: opts.errors }),
    rev: opts.rev ?? ctx.response.rev,
    hasErrors: (opts.errors ?? []).length > 0,
    savedWithErrors: opts.saved === true && (opts.errors ?? []).length > 0,
    checking: opts.checking === true && (opts.errors ?? []).length > 0,
    sync: syncView(res.req.user!, ctx),
  });
}

/** What the submit check finds missing in one section (the submit page links here with ?periksa). */
function submitErrorsOf(ctx: FillContext, section: string) {
  const check = validateAnswers(ctx.form, ctx.response.answers ?? {}, { mode: 'submit', role: 'operator', evidence: countByPath(ctx.response.evidence ?? []) });
  return check.errors.filter((e) => e.pointer.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~') === section);
}

async function showSection(req: Request, res: Response): Promise<void> {
  const ctx = await loadFillContext(req, req.params.id);
  const section = sectionParam(ctx.form, req.params.section);
  // from an error link of the submit page: the section's missing answers and files shown at their fields
  const checking = req.query.periksa !== undefined && ctx.editRefusal === null;
  sectionPage(res, ctx, section, 200, checking ? { errors: submitErrorsOf(ctx, section), checking } : {});
}

function conflictPage(res: Response, ctx: FillContext, section?: string): void {
  const id = String(ctx.response._id);
  res.status(409).render('fill/conflict', { title: t('fill.conflict.title'), code: 409.3, reloadHref: section ? sectionUrl(id, section) : `/tanggapan/${id}` });
}

/** Reads the posted section: a multipart form (answers + files) or an urlencoded one. */
async function readSectionPost(req: Request, ctx: FillContext, section: string): Promise<{ body: PostBody; files: UploadedFile[] }> {
  if (!isMultipart(req)) return { body: (req.body ?? {}) as PostBody, files: [] };
  if (ctx.editRefusal) {
    await drain(req);
    throw new Problem(ctx.editRefusal);
  }
  const { fields, files } = await readMultipart(req, {
    target: evidenceTarget(ctx.form, section),
    meta: { responseId: String(ctx.response._id), organisationId: String(ctx.response.organisationId), uploadedBy: req.user!.id },
  });
  return { body: fields, files };
}

function firstValue(body: PostBody, name: string): string | undefined {
  const v = body instanceof URLSearchParams ? body.get(name) : (body as Record<string, unknown>)[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one : undefined;
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** A background save's answer: the new rev, what was dropped (with the question's anchor), the server's time. */
function savedView(outcome: { rev: number; errors: { path: string; message: string }[]; replay?: boolean }) {
  return {
    rev: outcome.rev, replay: outcome.replay === true, savedAt: new Date().toISOString(),
    errors: outcome.errors.map((e) => ({ path: e.path, message: e.message, anchor: questionAnchor(e.path) })),
  };
}

async function saveSection(req: Request, res: Response): Promise<void> {
  const ctx = await loadFillContext(req, req.params.id);
  const section = sectionParam(ctx.form, req.params.section);
  const { body, files } = await readSectionPost(req, ctx, section);
  const id = String(ctx.response._id);
  const button = firstValue(body, '_action');
  let answers: unknown;
  let action: ReturnType<typeof handleFormPost>['action'];
  let outcome;
  try {
    ({ answers, action } = handleFormPost(ctx.form, body, { section, previous: ctx.response.answers, role: 'operator' }));
    outcome = await saveDraft(req, ctx, {
      answers, rev: revParam(firstValue(body, 'rev')), newFiles: files, section,
      removeFileId: action?.op === 'remove-file' ? action.fileId : undefined,
      clientAt: deviceTimeParam(firstValue(body, '_clientAt')), saveId: saveIdParam(firstValue(body, '_saveId')),
    });
  } catch (err) {
    await deleteEvidenceFiles(files.map((f) => f.fileId)).catch(() => undefined); // checklist 25
    if (isProblem(err) && err.code === 409.3 && !wantsJson(req)) return conflictPage(res, ctx, section);
    throw err;
  }
  // the page's own script (offline queue, autosave) saves in the background and reads JSON
  if (wantsJson(req)) {
    res.json(savedView(outcome));
    return;
  }
  if (outcome.errors.length > 0) {
    const fresh = await loadFillContext(req, id);
    return sectionPage(res, fresh, section, 422, { answers, errors: outcome.errors, saved: true });
  }
  const nav = ctx.form.sections;
  const index = nav.findIndex((s) => s.key === section);
  if (action?.op === 'add' || action?.op === 'remove' || action?.op === 'remove-file') return res.redirect(303, sectionUrl(id, section));
  flash(req, 'ok', t('fill.section.saved'));
  if (button === 'finish') return res.redirect(303, `/tanggapan/${id}/kirim`);
  if (button === 'next' && nav[index + 1]) return res.redirect(303, sectionUrl(id, nav[index + 1].key));
  res.redirect(303, sectionUrl(id, section));
}

async function overview(req: Request, res: Response): Promise<void> {
  const ctx = await loadFillContext(req, req.params.id);
  const prog = responseProgress(ctx);
  const nav = sectionNav(ctx);
  res.render('fill/overview', {
    ...STATUS_ASSETS, sync: syncView(req.user!, ctx), title: `${ctx.cycle.name} · ${ctx.organisationName}`,
    id: String(ctx.response._id), cycleName: ctx.cycle.name, formTitle: ctx.form.title, formVersion: ctx.form.version,
    organisationName: ctx.organisationName, status: statusView(ctx), percent: prog.percent,
    sections: nav, firstSection: nav[0], score: scoreView(ctx.form, ctx.response.answers),
    evidenceCount: (ctx.response.evidence ?? []).length, flagged: flaggedItems(ctx),
    canSubmit: refusal(req, ctx, submitAction(ctx.response)) === null,
  });
}

function submitPage(req: Request, res: Response, ctx: FillContext, status: number, errors?: ReturnType<typeof errorLinks>): void {
  const id = String(ctx.response._id);
  const action = submitAction(ctx.response);
  const problem = refusal(req, ctx, action);
  const check = validateAnswers(ctx.form, ctx.response.answers ?? {}, { mode: 'submit', role: 'operator', evidence: countByPath(ctx.response.evidence ?? []) });
  res.status(status).render('fill/submit', {
    ...PAGE_ASSETS, title: t('fill.submit.title'), id, cycleName: ctx.cycle.name, organisationName: ctx.organisationName,
    status: statusView(ctx), action, canSubmit: problem === null,
    refusal: problem === null ? '' : t(`fill.refusal.${String(problem).replace('.', '_')}`),
    missing: errors ?? (problem === null ? errorLinks(id, check.errors) : []), failed: Boolean(errors),
    complete: check.ok, score: scoreView(ctx.form, ctx.response.answers), sections: sectionNav(ctx),
    submissionId: randomUUID(), rev: ctx.response.rev, sync: syncView(req.user!, ctx),
  });
}

async function submitForm(req: Request, res: Response): Promise<void> {
  const ctx = await loadFillContext(req, req.params.id);
  const body = (req.body ?? {}) as Record<string, unknown>;
  let outcome;
  try {
    outcome = await submitResponse(req, ctx, { submissionId: body.submissionId, rev: body.rev });
  } catch (err) {
    if (isProblem(err) && err.code === 409.3) return conflictPage(res, ctx);
    throw err;
  }
  if (outcome.kind === 'invalid') return submitPage(req, res, ctx, 422, errorLinks(String(ctx.response._id), outcome.errors));
  flash(req, 'ok', t(outcome.result.state === 'resubmitted' ? 'fill.submit.resubmitted' : 'fill.submit.done'));
  res.redirect(303, `/tanggapan/${String(ctx.response._id)}`);
}

export function fillRoutes(app: Express): void {
  endpoint(app, 'get', '/tugas', 'response.fill', async (req, res) => {
    res.render('fill/tasks', { ...STATUS_ASSETS, title: t('fill.tasks.title'), tasks: await taskList(req), sync: syncView(req.user!) });
  });
  endpoint(app, 'get', '/tanggapan/:id', 'response.fill', overview);
  endpoint(app, 'get', '/tanggapan/:id/bagian/:section', 'response.fill', showSection);
  endpoint(app, 'post', '/tanggapan/:id/bagian/:section', 'response.fill', saveSection);
  endpoint(app, 'get', '/tanggapan/:id/kirim', 'response.fill', async (req, res) => submitPage(req, res, await loadFillContext(req, req.params.id), 200));
  endpoint(app, 'post', '/tanggapan/:id/kirim', 'response.fill', submitForm);
  fillApiRoutes(app);
  fillOfflineRoutes(app);
}
