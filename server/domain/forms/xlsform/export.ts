/**
 * exportWorkbook: any definition in the forms/ format → the sheets of an XLSForm-style workbook
 * (survey, choices, settings, scoring) that importWorkbook reads back to an equivalent definition:
 * same questions in the same order, same conditions, same scores for the same answers
 * (property-tested). What a workbook cannot say (a JSON Schema keyword with no column, a
 * condition no expression can state) is listed as a problem instead of being left out.
 */
import { checkDefinition } from '../loader';
import type { LoadedForm } from '../loaded-form';
import { resolvePointer, segmentsOf } from '../json-pointer';
import type { Question } from '../types';
import type { Schema } from './build-context';
import { conditionText, type ConditionContext } from './condition-text';
import { constraintKeywordNames, constraintText, type ConstraintKind } from './expr-constraint';
import { ListRegistry } from './export-lists';
import { text } from './messages';
import { formConditionContext } from './form-context';
import type { OutSheet } from './sheets';
import { CHOICES_COLUMNS, evidenceTypeName, SCORING_COLUMNS, SETTINGS_COLUMNS, SHEETS, SURVEY_COLUMNS, WIDGET_APPEARANCE } from './vocabulary';

export type WorkbookExport = { ok: true; sheets: OutSheet[]; form: LoadedForm } | { ok: false; problems: string[] };

type Row = Partial<Record<(typeof SURVEY_COLUMNS)[number], string | number>>;

const COMMON = ['title', 'description', 'x-hint', 'x-placeholder', 'x-errorMessage', 'x-requiredMessage', 'x-widget', 'x-order', 'x-visibleIf',
  'x-evaluatorOnly', 'x-recommendation', 'x-score', 'x-evidence', '$ref', 'default', 'readOnly', '$comment', 'type'];
const FORMAT_TYPE: Record<string, string> = { date: 'date', time: 'time', 'date-time': 'dateTime' };

export function exportWorkbook(definition: unknown): WorkbookExport {
  const check = checkDefinition(definition);
  if (!check.ok || !check.definition) return { ok: false, problems: check.problems.map((p) => `${p.pointer || '/'}: ${p.message}`) };
  return exportForm(check.definition);
}

export function exportForm(form: LoadedForm): WorkbookExport {
  const doc = form.definition as Schema;
  const problems: string[] = [];
  const lists = new ListRegistry();
  const ctx = formConditionContext(form);
  const condition = (cond: unknown, path: string): string => {
    const t = conditionText(cond, ctx);
    if (t === null) problems.push(text({ key: 'xlsform.export.condition', vars: { path } }));
    return t ?? '';
  };
  const survey: Row[] = [];
  const bands: Array<Array<string | number | null>> = [];
  const open: Question[] = [];
  const close = (upTo: number) => {
    while (open.length > upTo) {
      const q = open.pop() as Question;
      survey.push({ type: q.kind === 'repeat' ? 'end_repeat' : 'end_group' });
    }
  };
  for (const q of form.questions) {
    close(q.depth - 1);
    const raw = (resolvePointer(doc, segmentsOf(q.schemaPointer)) ?? {}) as Schema;
    const s = q.schema as Schema;
    const row: Row = { name: q.key, label: q.title };
    if (typeof s['x-hint'] === 'string') row.hint = s['x-hint'];
    if (typeof s.description === 'string') row.guidance_hint = s.description;
    if (s['x-visibleIf'] !== undefined) row.relevant = condition(s['x-visibleIf'], q.path);
    if (raw['x-evaluatorOnly'] === true || s['x-evaluatorOnly'] === true) row.evaluator_only = 'yes';
    const allowed = new Set(COMMON);
    if (q.kind === 'section' || q.kind === 'group') {
      row.type = 'begin_group';
      ['properties', 'required', 'additionalProperties', 'x-weight'].forEach((k) => allowed.add(k));
      if (typeof s['x-weight'] === 'number') row.weight = s['x-weight'];
      row.required = q.required ? 'yes' : Array.isArray(s.required) && s.required.length > 0 ? 'no' : '';
      open.push(q);
    } else if (q.kind === 'repeat') {
      row.type = 'begin_repeat';
      ['items', 'minItems', 'maxItems'].forEach((k) => allowed.add(k));
      row.constraint = constraintText(s, 'repeat') ?? '';
      if (q.required) row.required = 'yes';
      open.push(q);
    } else {
      question(q, raw, s, row, allowed, lists, problems);
    }
    for (const k of Object.keys(s)) {
      if (!allowed.has(k) && !(k === 'additionalProperties' && s[k] === false)) problems.push(text({ key: 'xlsform.export.keyword', vars: { path: q.path, keyword: k } }));
    }
    if (q.kind === 'question') scoreColumns(q, s, row, ctx, bands);
    survey.push(row);
  }
  close(0);
  const monev = doc['x-monev'] as Schema;
  const scoring: Array<Array<string | number | null>> = [];
  for (const g of form.grades) scoring.push(['grade', g.grade, g.label, g.min, null, null, null, null]);
  ((monev.caps ?? []) as Array<Schema>).forEach((c) => {
    const t = conditionText(c.when, ctx);
    if (t === null) problems.push(text({ key: 'xlsform.export.cap', vars: { id: c.id } }));
    scoring.push(['cap', String(c.id), String(c.reason), null, null, null, t ?? '', String(c.maxGrade)]);
  });
  scoring.push(...bands);
  if (problems.length > 0) return { ok: false, problems };
  const threshold = typeof monev.recommendationThreshold === 'number' ? monev.recommendationThreshold : '';
  const settings = [form.title, form.id, form.version, String(monev.subjectType), form.description ?? '', threshold, ''];
  return {
    ok: true,
    form,
    sheets: [
      { name: SHEETS.survey, columns: [...SURVEY_COLUMNS], rows: survey.map((r) => SURVEY_COLUMNS.map((c) => r[c] ?? null)), widths: SURVEY_COLUMNS.map((c) => WIDTHS[c] ?? 14) },
      { name: SHEETS.choices, columns: [...CHOICES_COLUMNS], rows: lists.rows, widths: [18, 18, 50, 8, 14] },
      { name: SHEETS.settings, columns: [...SETTINGS_COLUMNS], rows: [settings], widths: [50, 26, 12, 14, 60, 24, 18] },
      { name: SHEETS.scoring, columns: [...SCORING_COLUMNS], rows: scoring, widths: [8, 24, 40, 8, 8, 8, 50, 10] },
    ],
  };
}

const WIDTHS: Partial<Record<string, number>> = { type: 24, name: 24, label: 50, hint: 30, guidance_hint: 40, relevant: 40, constraint: 30, recommendation: 40 };

/** Columns of a question row: type, list, constraint, widgets, evidence. */
function question(q: Question, raw: Schema, s: Schema, row: Row, allowed: Set<string>, lists: ListRegistry, problems: string[]): void {
  let kind: ConstraintKind;
  if (q.options) {
    const list = lists.listFor(q, raw, s);
    if ('badValue' in list) {
      problems.push(text({ key: 'xlsform.export.choiceValue', vars: { path: q.path, value: JSON.stringify(list.badValue.value), as: list.as } }));
      return;
    }
    row.type = `${q.multiple ? 'select_multiple' : 'select_one'} ${list.name}`;
    kind = q.multiple ? 'multi' : 'choice';
    ['oneOf', 'anyOf', 'enum'].forEach((k) => allowed.add(k));
    if (q.multiple) ['items', 'uniqueItems'].forEach((k) => allowed.add(k));
  } else if (q.type === undefined && s['x-evidence']) {
    const types = ((s['x-evidence'] as Schema).types ?? []) as string[];
    row.type = types.length > 0 && types.every((t) => t.startsWith('image/')) ? 'image' : 'file';
    kind = 'other';
  } else if (q.type === 'string') {
    kind = 'text';
    allowed.add('format');
    const format = typeof s.format === 'string' ? s.format : undefined;
    if (format && FORMAT_TYPE[format]) { row.type = FORMAT_TYPE[format]; kind = 'date'; } else row.type = 'text';
    if (format === 'email') row.appearance = 'email';
    else if (format && !FORMAT_TYPE[format]) problems.push(text({ key: 'xlsform.export.keyword', vars: { path: q.path, keyword: `format: ${format}` } }));
  } else if (q.type === 'integer' || q.type === 'number') {
    row.type = q.type === 'integer' ? 'integer' : 'decimal';
    kind = q.type;
  } else {
    problems.push(text({ key: 'xlsform.export.kind', vars: { path: q.path } }));
    return;
  }
  constraintKeywordNames(kind).forEach((k) => allowed.add(k));
  const optionCount = q.options?.length ?? 0;
  const c = constraintText(s, kind, new Set(q.multiple && s.maxItems === optionCount ? ['maxItems'] : []));
  if (c === null) problems.push(text({ key: 'xlsform.export.text', vars: { path: q.path } }));
  if (c) row.constraint = c;
  const widget = typeof s['x-widget'] === 'string' ? WIDGET_APPEARANCE[s['x-widget']] : undefined;
  if (widget && !(row.appearance === 'email' && widget === 'email')) row.appearance = row.appearance ? `${row.appearance} ${widget}` : widget;
  if (q.required) row.required = 'yes';
  if (s.default !== undefined) row.default = Array.isArray(s.default) ? s.default.map(String).join(' ') : String(s.default);
  if (s.readOnly === true) row.read_only = 'yes';
  const texts: Array<[keyof Row, string]> = [['placeholder', 'x-placeholder'], ['constraint_message', 'x-errorMessage'], ['required_message', 'x-requiredMessage'], ['recommendation', 'x-recommendation']];
  for (const [column, keyword] of texts) if (typeof s[keyword] === 'string') row[column] = s[keyword] as string;
  const ev = s['x-evidence'] as Schema | undefined;
  if (ev) {
    row.evidence_min = ev.min as number;
    row.evidence_max = ev.max as number;
    if (Array.isArray(ev.types)) row.evidence_types = ev.types.map((t) => evidenceTypeName(String(t))).join(' ');
    if (typeof ev.maxBytes === 'number') row.evidence_max_mb = ev.maxBytes / 1024 / 1024;
    if (Array.isArray(ev.notRequiredFor)) row.evidence_not_required_for = ev.notRequiredFor.map(String).join(' ');
  }
}

function scoreColumns(q: Question, s: Schema, row: Row, ctx: ConditionContext, bands: Array<Array<string | number | null>>): void {
  const score = s['x-score'] as Schema | undefined;
  if (!score) return;
  if (typeof score.max === 'number') row.score_max = score.max;
  for (const b of (score.bands ?? []) as Schema[]) {
    bands.push(['band', ctx.nameOf(q.path.split('.')), typeof b.label === 'string' ? b.label : null, typeof b.min === 'number' ? b.min : null, typeof b.max === 'number' ? b.max : null, b.points as number, null, null]);
  }
}
