/**
 * The instrument library (admin, 'instrument.publish'):
 *   GET  /admin/instrumen                               list and upload form
 *   POST /admin/instrumen                               upload a definition (multipart `definisi`: JSON or an
 *                                                       XLSForm-style .xlsx, see instruments-sheet.ts; or a JSON body)
 *   GET  /admin/instrumen/:formId/:version              one version: status, sections, actions
 *   GET  /admin/instrumen/:formId/:version/definisi.json   the stored definition
 *   GET|POST /admin/instrumen/:formId/:version/pratinjau   preview as operators see it, live score
 *   POST /admin/instrumen/:formId/:version/terbitkan    publish (once; then immutable, 409.5)
 * plus the spreadsheet download (instruments-sheet.ts) and the draft editor and new versions
 * (instruments-editor.ts). An upload is checked with the engine's `checkDefinition`: the page
 * lists every problem, the same list as `npm run forms:check`. Nothing is stored unless clean.
 */
import type { Express, Request, Response } from 'express';
import { checkDefinition, validateAnswers } from '../domain/forms';
import { handleFormPost } from '../render';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { findInstrument, instrumentKey, loadPublishedForm, loadStoredForm, publishInstrument, saveDraftDefinition } from '../model/query/instruments';
import { importNotesJsonOf } from '../model/query/instrument-drafts';
import { editorRoutes } from './instruments-editor';
import { BASE, detailPage, hrefOf, importNotes, listPage, previewPage, publishedVersionProblem, wantsJson } from './instruments-pages';
import { isWorkbookUpload, sheetRoutes, uploadWorkbook } from './instruments-sheet';
import { readDefinitionUpload } from './instruments-upload';

async function upload(req: Request, res: Response): Promise<void> {
  const { input, fileName } = await readDefinitionUpload(req);
  if (isWorkbookUpload(input, fileName)) return uploadWorkbook(req, res, input as Buffer, fileName);
  const result = checkDefinition(input);
  if (!result.ok || !result.definition) {
    const problems = result.problems.map((p) => ({ pointer: p.pointer || '/', code: p.code, message: p.message }));
    if (wantsJson(req)) throw new Problem(422.1, { problems });
    return listPage(req, res, 422, { problems, fileName });
  }
  const form = result.definition;
  const published = await publishedVersionProblem(form.id, form.version, 'fixJson');
  if (published) {
    const problems = [{ pointer: '/x-monev/version', code: 409.5, message: `${published.message} ${published.fix}` }];
    if (wantsJson(req)) throw new Problem(409.5, { formId: form.id, version: form.version, problems });
    return listPage(req, res, 409, { problems, fileName });
  }
  const outcome = await saveDraftDefinition(form, req.user!.id); // 409.5 if that version is published
  await audit(req, { action: 'instrument.upload', targetType: 'instrument', targetId: form.key, details: { formId: form.id, version: form.version, outcome, hash: form.hash } });
  const href = hrefOf(form.id, form.version);
  if (wantsJson(req)) {
    res.status(outcome === 'created' ? 201 : 200).json({ formId: form.id, version: form.version, status: 'draft', outcome, href });
    return;
  }
  flash(req, 'ok', t('fill.instruments.uploaded', { key: t('admin.instrument.label', { title: form.title, version: form.version }) }));
  res.redirect(303, href);
}

async function preview(req: Request, res: Response): Promise<void> {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  const { form, status } = await loadStoredForm(formId, version);
  const href = hrefOf(formId, version);
  const published = status === 'published';
  const notes = published ? [] : importNotes(await importNotesJsonOf(formId, version));
  if (req.method === 'GET') return previewPage(res, form, href, {}, 200, published, notes);
  // A preview post only re-renders with the computed score: nothing is stored.
  const { answers } = handleFormPost(form, req.body, { role: 'operator' });
  const hasErrors = !validateAnswers(form, answers, { mode: 'draft', role: 'operator' }).ok;
  previewPage(res, form, href, answers, hasErrors ? 422 : 200, published, notes);
}

async function publish(req: Request, res: Response): Promise<void> {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  await publishInstrument(formId, version, req.user!.id); // 409.5 when already published
  const published = await loadPublishedForm(formId, version); // compile now: a broken stored version shows at once
  await audit(req, { action: 'instrument.publish', targetType: 'instrument', targetId: `${formId}@${version}`, details: { formId, version } });
  if (wantsJson(req)) {
    res.json({ formId, version, status: 'published' });
    return;
  }
  flash(req, 'ok', t('fill.instruments.publishedOk', { key: t('admin.instrument.label', { title: published.title, version }) }));
  res.redirect(303, hrefOf(formId, version));
}

async function definitionJson(req: Request, res: Response): Promise<void> {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  const doc = await findInstrument(formId, version);
  if (!doc) throw new Problem(404.1);
  res.setHeader('Content-Disposition', `attachment; filename="${formId}-${version}.json"`);
  res.type('application/json').send(doc.definitionJson);
}

export function instrumentRoutes(app: Express): void {
  endpoint(app, 'get', BASE, 'instrument.publish', (req, res) => listPage(req, res));
  endpoint(app, 'post', BASE, 'instrument.publish', upload);
  endpoint(app, 'get', `${BASE}/:formId/:version`, 'instrument.publish', (req, res) => detailPage(req, res));
  endpoint(app, 'get', `${BASE}/:formId/:version/definisi.json`, 'instrument.publish', definitionJson);
  endpoint(app, 'get', `${BASE}/:formId/:version/pratinjau`, 'instrument.publish', preview);
  endpoint(app, 'post', `${BASE}/:formId/:version/pratinjau`, 'instrument.publish', preview);
  endpoint(app, 'post', `${BASE}/:formId/:version/terbitkan`, 'instrument.publish', publish);
  sheetRoutes(app);
  editorRoutes(app);
}
