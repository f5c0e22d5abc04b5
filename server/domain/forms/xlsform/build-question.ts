/**
 * One survey question row → the JSON Schema of its answer with Monev's annotations
 * (FORMAT.md §3-4, §9 for the columns).
 */
import { escapeToken } from '../json-pointer';
import { listSchema, numberCell, type ChoiceList } from './choices';
import { parseExpression } from './expr-parse';
import { constraintKeywords, type ConstraintKind } from './expr-constraint';
import { text } from './messages';
import type { BuildContext, Schema } from './build-context';
import type { SurveyQuestion } from './survey-tree';
import type { TableRow } from './sheets';
import type { Scalar } from './refs';
import { APPEARANCE_WIDGET, choiceValue, DEFAULTS, EVIDENCE_TYPES, IMAGE_TYPES, LAYOUT_APPEARANCES, yesNo } from './vocabulary';

export interface BuiltQuestion {
  schema: Schema;
  required: boolean;
  /** The `<name>_other` text question of a `select_one list or_other`. */
  other?: { key: string; schema: Schema };
}

const FORMATS: Record<string, string> = { date: 'date', time: 'time', datetime: 'date-time' };

export function buildQuestion(q: SurveyQuestion, ctx: BuildContext, pointer: string, inRepeat: boolean): BuiltQuestion | null {
  const r = q.r;
  const get = (c: string) => ctx.get(r, c);
  const label = get('label');
  if (!label) ctx.problem(r, 'label', 'noLabel', { name: q.name });
  const s: Schema = {};
  let list: { items: ChoiceList['items']; ref?: string; scored: boolean; name: string } | undefined;
  let kind: ConstraintKind;
  switch (q.type) {
    case 'text': s.type = 'string'; kind = 'text'; break;
    case 'integer': s.type = 'integer'; kind = 'integer'; break;
    case 'decimal': s.type = 'number'; kind = 'number'; break;
    case 'date': case 'time': case 'datetime': s.type = 'string'; s.format = FORMATS[q.type]; kind = 'date'; break;
    case 'file': case 'image': kind = 'other'; break;
    default: {
      const found = ctx.lists.get(q.list ?? '');
      if (!found) {
        ctx.problem(r, 'type', 'unknownList', { list: q.list, lists: [...ctx.lists.keys()].join(', ') || '-' });
        return null;
      }
      list = choiceSchema(q, found, ctx, s);
      kind = q.type === 'select_multiple' ? 'multi' : found.boolean ? 'boolean' : 'choice';
    }
  }
  s.title = label || q.name;
  copyTexts(ctx, r, s);
  const required = yesNo(get('required'));
  if (required === 'invalid') ctx.problem(r, 'required', 'requiredExpr', { value: get('required') });
  appearance(ctx, r, s, q.type);
  constraint(ctx, r, s, kind, q.type === 'file' || q.type === 'image');
  if (q.type === 'text' && typeof s.maxLength !== 'number') s.maxLength = s['x-widget'] === 'textarea' ? DEFAULTS.multilineMaxLength : DEFAULTS.textMaxLength;
  if (q.type === 'select_multiple' && typeof s.maxItems !== 'number') s.maxItems = list?.items.length ?? 1;
  defaultValue(ctx, r, s, q.type, list?.items);
  if (q.type === 'file' || q.type === 'image') fileEvidence(ctx, r, s, q.type, required === true);
  else evidence(ctx, r, s, list?.items);
  const readOnly = yesNo(get('read_only'));
  if (readOnly === 'invalid') ctx.problem(r, 'read_only', 'yesNo', { column: 'read_only', value: get('read_only') });
  if (readOnly === true) {
    if (required === true) ctx.problem(r, 'read_only', 'readOnlyRequired');
    s.readOnly = true;
  }
  flags(ctx, r, s);
  score(ctx, q, s, list, inRepeat, pointer);
  ordered(s);
  queueCondition(ctx, r, s, pointer);
  const built: BuiltQuestion = { schema: s, required: required === true && q.type !== 'file' && q.type !== 'image' };
  if (q.orOther) built.other = otherQuestion(q, s);
  return built;
}

/** The option list: a `$ref` to `$defs/<list_name>` as in the workbook (or_other adds an option, so that list is inline). */
function choiceSchema(q: SurveyQuestion, found: ChoiceList, ctx: BuildContext, s: Schema) {
  let items = found.items;
  const addOther = q.orOther && !items.some((i) => i.name === 'other');
  if (addOther) items = [...items, { row: q.r.row, name: 'other', value: 'other', label: text({ key: 'xlsform.other' }), points: null, na: false }];
  const shared = !addOther;
  let options: Schema;
  if (shared) {
    if (!ctx.defs[found.name]) ctx.defs[found.name] = listSchema(items);
    options = { $ref: `#/$defs/${escapeToken(found.name)}` };
  } else options = listSchema(items);
  if (q.type === 'select_multiple') {
    s.type = 'array';
    s.uniqueItems = true;
    s.items = options;
  } else Object.assign(s, options);
  return { items, scored: found.scored, name: found.name, ref: shared ? found.name : undefined };
}

function copyTexts(ctx: BuildContext, r: TableRow, s: Schema): void {
  const pairs: Array<[string, string]> = [['hint', 'x-hint'], ['guidance_hint', 'description'], ['placeholder', 'x-placeholder'],
    ['constraint_message', 'x-errorMessage'], ['required_message', 'x-requiredMessage'], ['recommendation', 'x-recommendation']];
  for (const [column, keyword] of pairs) {
    const v = ctx.get(r, column);
    if (v) s[keyword] = v;
  }
}

/** Evaluator-only, shared by questions and groups. */
export function flags(ctx: BuildContext, r: TableRow, s: Schema): void {
  const evaluatorOnly = yesNo(ctx.get(r, 'evaluator_only'));
  if (evaluatorOnly === 'invalid') ctx.problem(r, 'evaluator_only', 'yesNo', { column: 'evaluator_only', value: ctx.get(r, 'evaluator_only') });
  if (evaluatorOnly === true) s['x-evaluatorOnly'] = true;
}

export function queueCondition(ctx: BuildContext, r: TableRow, s: Schema, pointer: string): void {
  const expr = ctx.get(r, 'relevant');
  if (expr) ctx.conditions.push({ target: s, pointer, expr, row: r.row, column: ctx.header('relevant') });
}

function appearance(ctx: BuildContext, r: TableRow, s: Schema, type: string): void {
  const words = ctx.get(r, 'appearance').split(/\s+/).filter(Boolean);
  for (const w of words) {
    const lower = w.toLowerCase();
    const widget = APPEARANCE_WIDGET[lower];
    if (widget) {
      s['x-widget'] = widget;
      if (widget === 'email' && type === 'text') s.format = 'email';
    } else if (LAYOUT_APPEARANCES.has(lower) || /^(w\d+|columns-\d+)$/.test(lower)) {
      ctx.notes.push({ sheet: 'survey', row: r.row, column: ctx.header('appearance'), message: text({ key: 'xlsform.note.layoutAppearance', vars: { appearance: w } }) });
    } else ctx.problem(r, 'appearance', 'appearance', { value: w, allowed: Object.keys(APPEARANCE_WIDGET).join(', ') });
  }
}

function constraint(ctx: BuildContext, r: TableRow, s: Schema, kind: ConstraintKind, file: boolean): void {
  const expr = ctx.get(r, 'constraint');
  if (!expr) return;
  if (file) { ctx.problem(r, 'constraint', 'fileConstraint'); return; }
  const parsed = parseExpression(expr);
  const result = parsed.ok ? constraintKeywords(parsed.node, kind) : parsed;
  if (!result.ok) { ctx.problem(r, 'constraint', 'constraint', { reason: text(result.error) }); return; }
  Object.assign(s, result.keywords);
}

/** `default`: the first value shown in the field (a choice's name, space-separated for several). */
function defaultValue(ctx: BuildContext, r: TableRow, s: Schema, type: string, items?: ChoiceList['items']): void {
  const cell = ctx.get(r, 'default');
  if (!cell) return;
  const bad = () => ctx.problem(r, 'default', 'default', { value: cell });
  if (type === 'file' || type === 'image') return bad();
  if (items) {
    const pick = (name: string) => items.find((i) => i.name === name)?.value;
    if (type === 'select_multiple') {
      const values = cell.split(/\s+/).map(pick);
      if (values.some((v) => v === undefined)) return bad();
      s.default = values;
    } else {
      const v = pick(cell);
      if (v === undefined) return bad();
      s.default = v;
    }
    return;
  }
  if (s.type === 'integer' || s.type === 'number') {
    const n = numberCell(cell);
    if (n === null || (s.type === 'integer' && !Number.isInteger(n))) return bad();
    s.default = n;
    return;
  }
  if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(cell)) return bad();
  s.default = cell;
}

function evidenceTypes(ctx: BuildContext, r: TableRow): string[] | undefined {
  const cell = ctx.get(r, 'evidence_types');
  if (!cell) return undefined;
  const out: string[] = [];
  for (const word of cell.split(/[\s,;]+/).filter(Boolean)) {
    const lower = word.toLowerCase().replace(/^\./, '');
    const mime = EVIDENCE_TYPES[lower] ?? (Object.values(EVIDENCE_TYPES).includes(lower) ? lower : undefined);
    if (!mime) { ctx.problem(r, 'evidence_types', 'evidenceType', { value: word, allowed: 'pdf, jpg, png, webp, docx, xlsx' }); continue; }
    if (!out.includes(mime)) out.push(mime);
  }
  return out.length > 0 ? out : undefined;
}

function intCell(ctx: BuildContext, r: TableRow, column: string, min: number, max: number): number | undefined {
  const cell = ctx.get(r, column);
  if (!cell) return undefined;
  const n = numberCell(cell);
  if (n === null || !Number.isInteger(n) || n < min || n > max) { ctx.problem(r, column, 'intRange', { column, value: cell, min, max }); return undefined; }
  return n;
}

/** The evidence rule from the evidence_* columns (a question needs none of them to have none). */
function evidenceRule(ctx: BuildContext, r: TableRow, fallbackMin: number, fallbackTypes?: string[]): Schema | undefined {
  const min = intCell(ctx, r, 'evidence_min', 0, 20);
  const max = intCell(ctx, r, 'evidence_max', 1, 20);
  const types = evidenceTypes(ctx, r) ?? fallbackTypes;
  const mbCell = ctx.get(r, 'evidence_max_mb');
  let maxBytes: number | undefined;
  if (mbCell) {
    const mb = numberCell(mbCell);
    if (mb === null || mb <= 0 || mb > 20) ctx.problem(r, 'evidence_max_mb', 'evidenceMb', { value: mbCell });
    else maxBytes = Math.round(mb * 1024 * 1024);
  }
  const any = min !== undefined || max !== undefined || maxBytes !== undefined || ctx.get(r, 'evidence_types') !== '' || ctx.get(r, 'evidence_not_required_for') !== '';
  if (!any && fallbackTypes === undefined && fallbackMin === 0) return undefined;
  const m = min ?? fallbackMin;
  const rule: Schema = { min: m, max: max ?? Math.max(m, DEFAULTS.evidenceMax) };
  if (types) rule.types = types;
  if (maxBytes !== undefined) rule.maxBytes = maxBytes;
  return rule;
}

function evidence(ctx: BuildContext, r: TableRow, s: Schema, items?: ChoiceList['items']): void {
  const rule = evidenceRule(ctx, r, 0);
  if (!rule) return;
  const notFor = ctx.get(r, 'evidence_not_required_for');
  if (notFor) {
    const values: Scalar[] = [];
    for (const name of notFor.split(/[\s,;]+/).filter(Boolean)) {
      const hit = items ? items.find((i) => i.name === name)?.value : choiceValue(name);
      if (hit === undefined) ctx.problem(r, 'evidence_not_required_for', 'notRequiredFor', { value: name });
      else values.push(hit);
    }
    if (values.length > 0) rule.notRequiredFor = values;
  }
  s['x-evidence'] = rule;
}

/** file / image rows: a question that is only an upload; `required` means at least one file. */
function fileEvidence(ctx: BuildContext, r: TableRow, s: Schema, type: string, required: boolean): void {
  if (ctx.get(r, 'evidence_not_required_for')) ctx.problem(r, 'evidence_not_required_for', 'notRequiredForFile');
  s['x-evidence'] = evidenceRule(ctx, r, required ? 1 : 0, type === 'image' ? IMAGE_TYPES : undefined) ?? { min: 0, max: DEFAULTS.evidenceMax };
}

function score(ctx: BuildContext, q: SurveyQuestion, s: Schema, list: { items: ChoiceList['items']; scored: boolean; name: string } | undefined, inRepeat: boolean, pointer: string): void {
  const r = q.r;
  const bands = ctx.scoring.bands.get(q.name);
  const maxCell = ctx.get(r, 'score_max');
  const max = maxCell ? numberCell(maxCell) : undefined;
  if (maxCell && (max === null || max === undefined || max <= 0 || max > 1000)) ctx.problem(r, 'score_max', 'scoreMax', { value: maxCell });
  const spec: Schema = {};
  if (list?.scored) {
    if (inRepeat) {
      ctx.notes.push({ sheet: 'survey', row: r.row, column: ctx.header('type'), message: text({ key: 'xlsform.note.repeatPoints', vars: { name: q.name, list: list.name } }) });
      return;
    }
    const points: Record<string, number> = {};
    for (const i of list.items) if (i.points !== null) points[String(i.value)] = i.points;
    const missing = list.items.filter((i) => i.points === null && !i.na && i.name === 'other' && q.orOther);
    if (missing.length > 0) ctx.problem(r, 'type', 'otherPoints', { list: list.name });
    spec.points = points;
    const na = list.items.filter((i) => i.na).map((i) => i.value);
    if (na.length > 0) spec.notApplicable = na;
  } else if (bands) {
    ctx.usedBands.add(q.name);
    if (s.type !== 'integer' && s.type !== 'number') {
      ctx.problems.push(...bands.map((b) => ({ sheet: 'scoring', row: b.row, column: ctx.scoring.header('name'), message: text({ key: 'xlsform.scoring.bandNotNumber', vars: { name: q.name } }), fix: text({ key: 'xlsform.scoring.bandNotNumber.fix' }) })));
      return;
    }
    spec.bands = bands.map((b) => ({ ...(b.min !== undefined ? { min: b.min } : {}), ...(b.max !== undefined ? { max: b.max } : {}), points: b.points, ...(b.label ? { label: b.label } : {}) }));
    bands.forEach((b, i) => ctx.source.set(`${pointer}/x-score/bands/${i}`, { sheet: 'scoring', row: b.row, column: null }));
  } else {
    if (maxCell) ctx.problem(r, 'score_max', 'scoreMaxUnscored');
    if (s['x-recommendation']) ctx.problem(r, 'recommendation', 'recommendationUnscored');
    return;
  }
  if (typeof max === 'number' && max > 0 && max <= 1000) spec.max = max;
  s['x-score'] = spec;
  ctx.scored = true;
  if (list) ctx.source.set(`${pointer}/x-score/points`, { sheet: 'choices', row: list.items[0]?.row ?? null, column: 'points' });
}

/** The follow-up text of `or_other`; its condition (`${q} = 'other'`) is added by the caller, who knows the path. */
function otherQuestion(q: SurveyQuestion, s: Schema): { key: string; schema: Schema } {
  return { key: `${q.name}_other`, schema: { type: 'string', title: text({ key: 'xlsform.otherSpecify', vars: { label: s.title } }), maxLength: DEFAULTS.otherMaxLength } };
}

/** Schema keywords in a readable, stable order (the definition is shown and downloaded as JSON). */
const ORDER = ['$ref', 'type', 'format', 'title', 'description', 'x-hint', 'x-weight', 'x-placeholder', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'pattern', 'x-errorMessage', 'x-requiredMessage', 'oneOf', 'minItems', 'maxItems', 'uniqueItems', 'items', 'default', 'readOnly', 'x-widget',
  'x-visibleIf', 'x-evaluatorOnly', 'x-score', 'x-evidence', 'x-recommendation', 'additionalProperties', 'properties', 'required'];

/** Puts the keywords of `s` in that order, in place (pending conditions hold the object itself). */
export function ordered(s: Schema): Schema {
  const entries = Object.entries(s);
  const rank = (k: string) => { const i = ORDER.indexOf(k); return i < 0 ? ORDER.length : i; };
  entries.sort((a, b) => rank(a[0]) - rank(b[0]));
  for (const [k] of entries) delete s[k];
  for (const [k, v] of entries) s[k] = v;
  return s;
}
