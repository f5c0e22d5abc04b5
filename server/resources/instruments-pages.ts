/**
 * Pages of the instrument library shared by its route files: the list with the upload form (and
 * the problem list of a refused upload), one version's page, and the preview as operators see it
 * with the live score.
 */
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { progress, validateAnswers, type LoadedForm } from '../domain/forms';
import { nextVersion } from '../domain/forms/editor';
import { Problem } from '../domain/problems';
import { t } from '../i18n';
import { findInstrument, instrumentKey, listInstruments, loadStoredForm } from '../model/query/instruments';
import { isPublished, versionsOf } from '../model/query/instrument-drafts';
import { renderForm } from '../render';
import { formatDateTime } from './fill-format';
import { scoreView } from './fill-views';
import { subjectTypeLabel } from './instrument-labels';

export const BASE = '/admin/instrumen';

export const hrefOf = (formId: string, version: string) => `${BASE}/${formId}/${encodeURIComponent(version)}`;

export function wantsJson(req: Request): boolean {
  return req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';
}

/**
 * An upload naming a version that is already published (a workbook downloaded, changed and sent
 * back without a new number): what is wrong and what to write instead, or null.
 */
export async function publishedVersionProblem(formId: string, version: string, fixKey: 'fix' | 'fixJson'): Promise<{ message: string; fix: string } | null> {
  if (!(await isPublished(formId, version))) return null;
  const next = nextVersion(version, await versionsOf(formId));
  return { message: t('xlsform.settings.published', { formId, version }), fix: t(`xlsform.settings.published.${fixKey}`, { next }) };
}

/** Notes stored with a draft imported from a workbook. */
export function importNotes(json: string | null | undefined): Array<{ where: string; message: string }> {
  if (!json) return [];
  try {
    return (JSON.parse(json) as Array<{ sheet: string; row: number | null; column: string | null; message: string }>).map((n) => ({
      where: [n.sheet, n.row !== null ? t('xlsform.where.row', { row: n.row }) : '', n.column ? t('xlsform.where.column', { column: n.column }) : ''].filter(Boolean).join(' '),
      message: n.message,
    }));
  } catch {
    return [];
  }
}

export async function listPage(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}): Promise<void> {
  const rows = await listInstruments();
  res.status(status).render('instruments/list', {
    styles: ['form.css'], title: t('fill.instruments.title'),
    instruments: rows.map((r) => ({
      ...r, subjectType: subjectTypeLabel(r.subjectType), href: hrefOf(r.formId, r.version), published: r.status === 'published',
      statusLabel: t(r.status === 'published' ? 'fill.instruments.published' : 'fill.instruments.draft'), publishedAt: formatDateTime(r.publishedAt),
    })),
    ...extra,
  });
}

export async function detailPage(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}): Promise<void> {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  const doc = await findInstrument(formId, version);
  if (!doc) throw new Problem(404.1);
  const { form } = await loadStoredForm(formId, version);
  const href = hrefOf(formId, version);
  const published = doc.status === 'published';
  res.status(status).render('instruments/detail', {
    styles: ['form.css'], title: `${form.title} (${version})`, form: { id: form.id, version: form.version, title: form.title, description: form.description, subjectType: subjectTypeLabel(form.subjectType) },
    published, bundled: doc.bundled, publishedAt: formatDateTime(doc.publishedAt),
    sections: form.sections.map((s) => ({ title: s.title, weight: s.weight, scored: s.scored, questions: form.questions.filter((q) => q.section === s.key && q.kind === 'question').length })),
    grades: form.grades, caps: form.caps, questionCount: form.questions.filter((q) => q.kind === 'question').length,
    scoredCount: form.questions.filter((q) => q.scoreMax !== null).length,
    href, previewHref: `${href}/pratinjau`, publishAction: `${href}/terbitkan`, jsonHref: `${href}/definisi.json`,
    sheetHref: `${href}/spreadsheet.xlsx`, editHref: published ? null : `${href}/sunting`,
    newVersionAction: `${href}/versi-baru`, suggestedVersion: nextVersion(version, await versionsOf(formId)),
    notes: published ? [] : importNotes(doc.importNotesJson),
    ...extra,
  });
}

/** The preview as operators see it, with the live score (and, for a draft from a workbook, its import notes). */
export function previewPage(res: Response, form: LoadedForm, href: string, answers: unknown, status: number, published: boolean, notes: ReturnType<typeof importNotes> = []): void {
  const check = validateAnswers(form, answers, { mode: 'draft', role: 'operator' });
  const html = renderForm({ form, answers, errors: check.errors.map((e) => ({ path: e.path, message: e.message })), mode: 'edit', role: 'operator' });
  res.status(status).render('instruments/preview', {
    title: t('fill.preview.title', { title: form.title }), styles: ['form.css'], scripts: ['form.js', 'preview.js'],
    form: { title: form.title, version: form.version, id: form.id }, published, href, action: `${href}/pratinjau`,
    publishAction: `${href}/terbitkan`, editHref: `${href}/sunting`, sheetHref: `${href}/spreadsheet.xlsx`,
    formHtml: new Handlebars.SafeString(html), score: scoreView(form, check.value ?? {}), percent: progress(form, check.value ?? {}).percent, notes,
  });
}
