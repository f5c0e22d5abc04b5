/**
 * The instrument library (admin, 'instrument.publish'):
 *   GET  /admin/instrumen                               list and upload form
 *   POST /admin/instrumen                               upload a definition (multipart `definisi` or JSON)
 *   GET  /admin/instrumen/:formId/:version              one version: status, sections, actions
 *   GET  /admin/instrumen/:formId/:version/definisi.json   the stored definition
 *   GET|POST /admin/instrumen/:formId/:version/pratinjau   preview as operators see it, live score
 *   POST /admin/instrumen/:formId/:version/terbitkan    publish (once; then immutable, 409.5)
 * An upload is checked with the engine's `checkDefinition`: the page lists every problem, the same
 * list as `npm run forms:check`. Nothing is stored unless the definition is clean.
 */
import type { Express, Request, Response } from 'express';
import Handlebars from 'handlebars';
import { checkDefinition, progress, validateAnswers, type LoadedForm } from '../domain/forms';
import { handleFormPost, renderForm } from '../render';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { findInstrument, instrumentKey, listInstruments, loadPublishedForm, loadStoredForm, publishInstrument, saveDraftDefinition } from '../model/query/instruments';
import { formatDateTime } from './fill-format';
import { readDefinitionUpload } from './instruments-upload';
import { scoreView } from './fill-views';
import { subjectTypeLabel } from './instrument-labels';

const BASE = '/admin/instrumen';

function wantsJson(req: Request): boolean {
  return req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';
}

async function listPage(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}): Promise<void> {
  const rows = await listInstruments();
  res.status(status).render('instruments/list', {
    styles: ['form.css'], title: t('fill.instruments.title'),
    instruments: rows.map((r) => ({
      ...r, subjectType: subjectTypeLabel(r.subjectType), href: `${BASE}/${r.formId}/${encodeURIComponent(r.version)}`, published: r.status === 'published',
      statusLabel: t(r.status === 'published' ? 'fill.instruments.published' : 'fill.instruments.draft'), publishedAt: formatDateTime(r.publishedAt),
    })),
    ...extra,
  });
}

async function upload(req: Request, res: Response): Promise<void> {
  const { input, fileName } = await readDefinitionUpload(req);
  const result = checkDefinition(input);
  if (!result.ok || !result.definition) {
    const problems = result.problems.map((p) => ({ pointer: p.pointer || '/', code: p.code, message: p.message }));
    if (wantsJson(req)) throw new Problem(422.1, { problems });
    return listPage(req, res, 422, { problems, fileName });
  }
  const form = result.definition;
  const outcome = await saveDraftDefinition(form, req.user!.id); // 409.5 if that version is published
  await audit(req, { action: 'instrument.upload', targetType: 'instrument', targetId: form.key, details: { formId: form.id, version: form.version, outcome, hash: form.hash } });
  const href = `${BASE}/${form.id}/${encodeURIComponent(form.version)}`;
  if (wantsJson(req)) {
    res.status(outcome === 'created' ? 201 : 200).json({ formId: form.id, version: form.version, status: 'draft', outcome, href });
    return;
  }
  flash(req, 'ok', t('fill.instruments.uploaded', { key: t('admin.instrument.label', { title: form.title, version: form.version }) }));
  res.redirect(303, href);
}

async function detail(req: Request, res: Response): Promise<void> {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  const doc = await findInstrument(formId, version);
  if (!doc) throw new Problem(404.1);
  const { form } = await loadStoredForm(formId, version);
  const href = `${BASE}/${formId}/${encodeURIComponent(version)}`;
  res.render('instruments/detail', {
    styles: ['form.css'], title: `${form.title} (${version})`, form: { id: form.id, version: form.version, title: form.title, description: form.description, subjectType: subjectTypeLabel(form.subjectType) },
    published: doc.status === 'published', bundled: doc.bundled, publishedAt: formatDateTime(doc.publishedAt),
    sections: form.sections.map((s) => ({ title: s.title, weight: s.weight, scored: s.scored, questions: form.questions.filter((q) => q.section === s.key && q.kind === 'question').length })),
    grades: form.grades, caps: form.caps, questionCount: form.questions.filter((q) => q.kind === 'question').length,
    scoredCount: form.questions.filter((q) => q.scoreMax !== null).length,
    href, previewHref: `${href}/pratinjau`, publishAction: `${href}/terbitkan`, jsonHref: `${href}/definisi.json`,
  });
}

function previewPage(res: Response, form: LoadedForm, href: string, answers: unknown, status: number, published: boolean): void {
  const check = validateAnswers(form, answers, { mode: 'draft', role: 'operator' });
  const html = renderForm({ form, answers, errors: check.errors.map((e) => ({ path: e.path, message: e.message })), mode: 'edit', role: 'operator' });
  res.status(status).render('instruments/preview', {
    title: t('fill.preview.title', { title: form.title }), styles: ['form.css'], scripts: ['form.js'],
    form: { title: form.title, version: form.version, id: form.id }, published, href, action: `${href}/pratinjau`,
    formHtml: new Handlebars.SafeString(html), score: scoreView(form, check.value ?? {}), percent: progress(form, check.value ?? {}).percent,
  });
}

async function preview(req: Request, res: Response): Promise<void> {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  const { form, status } = await loadStoredForm(formId, version);
  const href = `${BASE}/${formId}/${encodeURIComponent(version)}`;
  if (req.method === 'GET') return previewPage(res, form, href, {}, 200, status === 'published');
  // A preview post only re-renders with the computed score: nothing is stored.
  const { answers } = handleFormPost(form, req.body, { role: 'operator' });
  const hasErrors = !validateAnswers(form, answers, { mode: 'draft', role: 'operator' }).ok;
  previewPage(res, form, href, answers, hasErrors ? 422 : 200, status === 'published');
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
  res.redirect(303, `${BASE}/${formId}/${encodeURIComponent(version)}`);
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
  endpoint(app, 'get', `${BASE}/:formId/:version`, 'instrument.publish', detail);
  endpoint(app, 'get', `${BASE}/:formId/:version/definisi.json`, 'instrument.publish', definitionJson);
  endpoint(app, 'get', `${BASE}/:formId/:version/pratinjau`, 'instrument.publish', preview);
  endpoint(app, 'post', `${BASE}/:formId/:version/pratinjau`, 'instrument.publish', preview);
  endpoint(app, 'post', `${BASE}/:formId/:version/terbitkan`, 'instrument.publish', publish);
}
