/**
 * The draft editor page: outline with move buttons, the selected item's form (with the admin's
 * own input and the problems on each field after a refused change), and beside it the preview of
 * the item's section with the sample answers and the live score. Also reads an edit request from
 * a plain form post (works without JavaScript).
 */
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { progress, validateAnswers, type LoadedForm } from '../domain/forms';
import { itemView, outline, type EditError, type EditRequest, type ItemView } from '../domain/forms/editor';
import { t } from '../i18n';
import { renderForm } from '../render';
import { scoreView } from './fill-views';
import { hrefOf } from './instruments-pages';

type Body = Record<string, unknown> | undefined;

/** One text field of a urlencoded body (a repeated name counts once). */
export function field(body: Body, name: string): string {
  const v = body?.[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one.slice(0, 20_000) : '';
}

const checked = (body: Body, name: string) => field(body, name) !== '';

export function parseAnswers(json: string | null | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

/** The selected item (query `butir`), else the first section. */
export function selectedPath(form: LoadedForm, wanted: unknown): string {
  const hit = typeof wanted === 'string' ? form.questions.find((q) => q.path === wanted) : undefined;
  return hit?.path ?? form.questions[0]?.path ?? '';
}

export function sectionOf(form: LoadedForm, path: string): string {
  const q = form.questions.find((x) => x.path === path);
  return q ? q.section || q.key : form.sections[0]?.key ?? '';
}

export function editRequest(body: Body, form: LoadedForm): EditRequest | null {
  const move = field(body, 'move');
  if (move) {
    const [path, dir] = move.split('|');
    return dir === 'up' || dir === 'down' ? { op: 'move', path, dir } : null;
  }
  const path = field(body, 'path');
  const view = itemView(form, path);
  if (!view) return null;
  const options = (view.options ?? []).map((o) => ({
    index: o.index, title: field(body, `opt.${o.index}.title`), points: field(body, `opt.${o.index}.points`),
    na: checked(body, `opt.${o.index}.na`), remove: checked(body, `opt.${o.index}.remove`),
  }));
  const bandCount = (view.bands?.length ?? 0) + 1;
  const bands = view.numeric ? Array.from({ length: bandCount }, (_, i) => ({
    min: field(body, `band.${i}.min`), max: field(body, `band.${i}.max`), points: field(body, `band.${i}.points`),
    label: field(body, `band.${i}.label`), remove: checked(body, `band.${i}.remove`),
  })) : [];
  return {
    op: 'item', path, title: field(body, 'title'), hint: field(body, 'hint'), description: field(body, 'description'),
    required: checked(body, 'required'), relevant: field(body, 'relevant'), keepCondition: view.relevantJson !== undefined, weight: field(body, 'weight'), recommendation: field(body, 'recommendation'),
    options, bands,
    newOption: view.options ? { value: field(body, 'opt.new.value'), title: field(body, 'opt.new.title'), points: field(body, 'opt.new.points'), na: checked(body, 'opt.new.na') } : undefined,
  };
}

/** The item form as the admin filled it in, when a change was refused. */
function overlay(view: ItemView, req: EditRequest | null): Record<string, unknown> {
  if (!req || req.op !== 'item' || req.path !== view.path) return { ...view, bands: [...(view.bands ?? []), { index: view.bands?.length ?? 0 }] };
  return {
    ...view, title: req.title, hint: req.hint, description: req.description, required: req.required, relevant: req.relevant,
    weight: req.weight, recommendation: req.recommendation,
    options: view.options?.map((o) => ({ ...o, ...(req.options.find((x) => x.index === o.index) ?? {}) })),
    newOption: req.newOption,
    bands: view.numeric ? req.bands.map((b, index) => ({ ...b, index })) : undefined,
  };
}

export interface EditorState { errors?: EditError[]; request?: EditRequest | null }

export function editorPage(res: Response, form: LoadedForm, doc: { hash?: string | null; previewAnswersJson?: string | null }, selected: string, status: number, state: EditorState = {}): void {
  const href = hrefOf(form.id, form.version);
  const view = itemView(form, selected);
  const errors = state.errors ?? [];
  const byField = new Map<string, string[]>();
  for (const e of errors) byField.set(e.field, [...(byField.get(e.field) ?? []), e.message]);
  const item = view ? overlay(view, state.request ?? null) : null;
  if (item) {
    item.errors = Object.fromEntries([...byField].filter(([k]) => !k.startsWith('option.') && !k.startsWith('band.')).map(([k, v]) => [k, v.join(' ')]));
    for (const o of (item.options ?? []) as Array<Record<string, unknown>>) o.error = byField.get(`option.${o.index as number}`)?.join(' ');
    for (const b of (item.bands ?? []) as Array<Record<string, unknown>>) b.error = byField.get(`band.${b.index as number}`)?.join(' ');
    item.newOptionError = byField.get('option.new')?.join(' ');
    item.kindLabel = t(`editor.kind.${view!.kind}`);
  }
  const answers = parseAnswers(doc.previewAnswersJson);
  const section = sectionOf(form, selected);
  const check = validateAnswers(form, answers, { mode: 'draft', role: 'operator' });
  const previewHtml = renderForm({ form, answers, section, mode: 'edit', role: 'operator', idPrefix: 'p', errors: check.errors.map((e) => ({ path: e.path, message: e.message })) });
  res.status(status).render('instruments/editor', {
    title: t('editor.title', { title: form.title, version: form.version }), styles: ['form.css', 'editor.css'], scripts: ['form.js', 'preview.js'],
    form: { title: form.title, version: form.version, id: form.id }, href, hash: doc.hash ?? '',
    editAction: `${href}/sunting`, previewAction: `${href}/sunting/pratinjau`, sheetHref: `${href}/spreadsheet.xlsx`, previewHref: `${href}/pratinjau`,
    outline: outline(form).map((o) => ({
      ...o, selected: o.path === selected, selectHref: `${href}/sunting?butir=${encodeURIComponent(o.path)}#butir`,
      indent: Math.min(o.depth - 1, 4), isSection: o.kind === 'section',
    })),
    item, errorSummary: errors.map((e) => ({ message: e.message, anchor: anchorOf(e.field) })),
    selected, previewHtml: new Handlebars.SafeString(previewHtml), score: scoreView(form, check.value ?? {}), percent: progress(form, check.value ?? {}).percent,
  });
}

function anchorOf(fieldName: string): string {
  if (!fieldName) return 'butir';
  if (fieldName === 'options' || fieldName.startsWith('option.')) return 'e-options';
  if (fieldName === 'bands' || fieldName.startsWith('band.')) return 'e-bands';
  return `e-${fieldName}`;
}
