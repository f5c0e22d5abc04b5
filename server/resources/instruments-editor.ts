/**
 * The browser editor of draft versions, and new versions (admin, 'instrument.publish'):
 *   GET  /admin/instrumen/:formId/:version/sunting?butir=…   editor: outline, item form, preview + score
 *   POST /admin/instrumen/:formId/:version/sunting             one change (item fields, or `move=path|up`)
 *   POST /admin/instrumen/:formId/:version/sunting/pratinjau   the preview's sample answers (kept with the draft)
 *   POST /admin/instrumen/:formId/:version/versi-baru          a new draft version starting from this one
 * Every change is checked by checkDefinition, as an upload; a refused change stores nothing and
 * shows its problems on the fields. Saves are optimistic (the draft's hash the page was built
 * from; another admin's change meanwhile → 409.3), and a published version is never changed (409.5).
 */
import type { Express, Request, Response } from 'express';
import { applyEdit, asNewVersion } from '../domain/forms/editor';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { createDraftVersion, savePreviewAnswers, updateDraftDefinition, versionsOf } from '../model/query/instrument-drafts';
import { findInstrument, instrumentKey, loadStoredForm, VERSION_RE } from '../model/query/instruments';
import { handleFormPost } from '../render';
import { editorPage, editRequest, field, parseAnswers, sectionOf, selectedPath } from './instruments-editor-view';
import { BASE, detailPage, hrefOf } from './instruments-pages';

async function draft(req: Request) {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  const doc = await findInstrument(formId, version);
  if (!doc) throw new Problem(404.1);
  const { form, status } = await loadStoredForm(formId, version);
  return { formId, version, doc, form, published: status === 'published' };
}

const editorHref = (formId: string, version: string, path: string, anchor = 'butir') => `${hrefOf(formId, version)}/sunting?butir=${encodeURIComponent(path)}#${anchor}`;

async function show(req: Request, res: Response): Promise<void> {
  const d = await draft(req);
  if (d.published) {
    flash(req, 'warn', t('fill.instruments.immutable'));
    res.redirect(303, hrefOf(d.formId, d.version));
    return;
  }
  editorPage(res, d.form, d.doc, selectedPath(d.form, req.query.butir), 200);
}

async function change(req: Request, res: Response): Promise<void> {
  const d = await draft(req);
  if (d.published) throw new Problem(409.5, { formId: d.formId, version: d.version });
  const request = editRequest(req.body, d.form);
  if (!request) throw new Problem(400.1, { field: 'path' });
  const result = applyEdit(d.form, request);
  if (!result.ok) return editorPage(res, d.form, d.doc, selectedPath(d.form, request.path), 422, { errors: result.errors, request });
  await updateDraftDefinition(d.formId, d.version, result.form, field(req.body, 'hash'), req.user!.id);
  await audit(req, { action: 'instrument.edit', targetType: 'instrument', targetId: `${d.formId}@${d.version}`, details: { formId: d.formId, version: d.version, path: request.path, op: request.op, hash: result.form.hash } });
  flash(req, 'ok', t(request.op === 'move' ? 'editor.moved' : 'editor.saved'));
  res.redirect(303, editorHref(d.formId, d.version, request.path, request.op === 'move' ? 'struktur' : 'butir'));
}

async function previewAnswers(req: Request, res: Response): Promise<void> {
  const d = await draft(req);
  if (d.published) throw new Problem(409.5, { formId: d.formId, version: d.version });
  const selected = selectedPath(d.form, field(req.body, 'butir'));
  const previous = parseAnswers(d.doc.previewAnswersJson);
  const { answers } = handleFormPost(d.form, req.body, { role: 'operator', section: sectionOf(d.form, selected), previous });
  await savePreviewAnswers(d.formId, d.version, answers);
  res.redirect(303, editorHref(d.formId, d.version, selected, 'pratinjau'));
}

async function newVersion(req: Request, res: Response): Promise<void> {
  const d = await draft(req);
  const version = field(req.body, 'version').trim();
  if (!VERSION_RE.test(version)) return detailPage(req, res, 422, { versionError: t('editor.version.invalid', { value: version }) });
  if ((await versionsOf(d.formId)).includes(version)) return detailPage(req, res, 422, { versionError: t('editor.version.exists', { value: version }) });
  const result = asNewVersion(d.form.definition, version);
  if (!result.ok || !result.definition) return detailPage(req, res, 422, { versionError: result.problems.map((p) => p.message).join(' ') });
  await createDraftVersion(result.definition, req.user!.id);
  await audit(req, { action: 'instrument.version', targetType: 'instrument', targetId: result.definition.key, details: { formId: d.formId, from: d.version, version } });
  flash(req, 'ok', t('editor.version.created', { key: result.definition.key, from: d.version }));
  res.redirect(303, `${hrefOf(d.formId, version)}/sunting`);
}

export function editorRoutes(app: Express): void {
  endpoint(app, 'get', `${BASE}/:formId/:version/sunting`, 'instrument.publish', show);
  endpoint(app, 'post', `${BASE}/:formId/:version/sunting`, 'instrument.publish', change);
  endpoint(app, 'post', `${BASE}/:formId/:version/sunting/pratinjau`, 'instrument.publish', previewAnswers);
  endpoint(app, 'post', `${BASE}/:formId/:version/versi-baru`, 'instrument.publish', newVersion);
}
