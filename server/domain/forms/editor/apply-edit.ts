/**
 * One change to a draft definition from the editor: an item's texts, required flag, condition
 * (an XLSForm expression, the same subset as the workbook's `relevant`), weight, options with
 * points and "Tidak berlaku", number bands, or its place among its siblings. The changed
 * definition then goes through checkDefinition, exactly as an upload; its problems come back on
 * the fields that caused them, and nothing is changed unless it is clean.
 */
import { checkDefinition } from '../loader';
import type { LoadedForm } from '../loaded-form';
import { segmentsOf } from '../json-pointer';
import type { Problem, Question } from '../types';
import { conditionSchema } from '../xlsform/expr-condition';
import { parseExpression } from '../xlsform/expr-parse';
import { numberCell } from '../xlsform/choices';
import { text } from '../xlsform/messages';
import { choiceValue } from '../xlsform/vocabulary';
import { at, clone, conditionContext, isObj, optionHolder, parentPointer, siblingKeys, type Schema } from './draft-doc';

export interface OptionEdit { index: number; title: string; points: string; na: boolean; remove: boolean }
export interface BandEdit { min: string; max: string; points: string; label: string; remove: boolean }

export type EditRequest =
  | {
    op: 'item'; path: string; title: string; hint: string; description: string; required: boolean; relevant: string;
    /** The item has a condition no expression can state: an empty `relevant` keeps it. */
    keepCondition?: boolean;
    weight: string; recommendation: string; options: OptionEdit[]; newOption?: { value: string; title: string; points: string; na: boolean };
    bands: BandEdit[];
  }
  | { op: 'move'; path: string; dir: 'up' | 'down' };

/** A problem on one field of the item form ('' = the item as a whole). */
export interface EditError { field: string; message: string }

export type EditResult = { ok: true; form: LoadedForm } | { ok: false; errors: EditError[] };

const err = (field: string, key: string, vars?: Record<string, unknown>): EditError => ({ field, message: text({ key: `editor.error.${key}`, vars }) });

export function applyEdit(form: LoadedForm, req: EditRequest): EditResult {
  const q = form.questions.find((x) => x.path === req.path);
  if (!q) return { ok: false, errors: [err('', 'unknownItem', { path: req.path })] };
  const doc = clone(form.definition) as Schema;
  const errors = req.op === 'move' ? move(doc, q, req.dir) : editItem(doc, form, q, req);
  if (errors.length > 0) return { ok: false, errors };
  const check = checkDefinition(doc);
  if (!check.ok || !check.definition) {
    const seen = new Set<string>();
    // a condition names its question twice (required and properties): one message is enough
    const errs = check.problems.map((p) => fieldOf(doc, q, p)).filter((e) => !seen.has(`${e.field}|${e.message}`) && seen.add(`${e.field}|${e.message}`) !== undefined);
    return { ok: false, errors: errs };
  }
  return { ok: true, form: check.definition };
}

/** Reorders the properties of the parent (the workbook's row order); x-order is no longer needed. */
function move(doc: Schema, q: Question, dir: 'up' | 'down'): EditError[] {
  const parent = at(doc, parentPointer(q)) as Schema;
  const keys = siblingKeys(doc, parentPointer(q));
  const i = keys.indexOf(q.key);
  const j = dir === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= keys.length) return [err('', 'cannotMove')];
  [keys[i], keys[j]] = [keys[j], keys[i]];
  const props = parent.properties as Schema;
  const reordered: Schema = {};
  for (const k of keys) {
    const child = props[k] as Schema;
    if (isObj(child)) delete child['x-order'];
    reordered[k] = child;
  }
  parent.properties = reordered;
  return [];
}

function setText(s: Schema, keyword: string, value: string): void {
  const v = value.trim();
  if (v) s[keyword] = v;
  else delete s[keyword];
}

function editItem(doc: Schema, form: LoadedForm, q: Question, req: Extract<EditRequest, { op: 'item' }>): EditError[] {
  const errors: EditError[] = [];
  const s = at(doc, q.schemaPointer) as Schema;
  if (!req.title.trim()) errors.push(err('title', 'title'));
  else s.title = req.title.trim();
  setText(s, 'x-hint', req.hint);
  setText(s, 'description', req.description);
  if (q.kind === 'question' && (q.scoreMax !== null || s['x-recommendation'] !== undefined || req.recommendation.trim())) setText(s, 'x-recommendation', req.recommendation);
  if (!(q.kind === 'question' && q.type === undefined && !q.options)) setRequired(doc, q, req.required);
  if (!q.inRepeat && !(req.keepCondition && !req.relevant.trim())) errors.push(...condition(form, s, req.relevant));
  if (q.kind === 'section') {
    const w = req.weight.trim();
    if (!w) delete s['x-weight'];
    else {
      const n = numberCell(w);
      if (n === null || n <= 0 || n > 1000) errors.push(err('weight', 'weight', { value: w }));
      else s['x-weight'] = n;
    }
  }
  if (q.kind === 'question' && q.options) errors.push(...options(doc, q, s, req));
  else if (q.kind === 'question' && (q.type === 'integer' || q.type === 'number')) errors.push(...bands(s, req.bands));
  return errors;
}

function setRequired(doc: Schema, q: Question, required: boolean): void {
  const parent = at(doc, parentPointer(q)) as Schema;
  const list = Array.isArray(parent.required) ? (parent.required as string[]).filter((k) => k !== q.key) : [];
  if (required) {
    // keep the order of the properties (the workbook writes it that way)
    const order = Object.keys(parent.properties as Schema);
    list.push(q.key);
    list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }
  if (list.length > 0) parent.required = list;
  else delete parent.required;
}

function condition(form: LoadedForm, s: Schema, expr: string): EditError[] {
  const text2 = expr.trim();
  if (!text2) {
    delete s['x-visibleIf'];
    return [];
  }
  const parsed = parseExpression(text2);
  const result = parsed.ok ? conditionSchema(parsed.node, conditionContext(form).lookup) : parsed;
  if (!result.ok) return [{ field: 'relevant', message: text(result.error) }];
  s['x-visibleIf'] = result.schema;
  return [];
}

/** Option labels (in the list, which may be shared), removal and one new option; points per question. */
function options(doc: Schema, q: Question, s: Schema, req: Extract<EditRequest, { op: 'item' }>): EditError[] {
  const errors: EditError[] = [];
  const holder = at(doc, optionHolder(doc, q)) as Schema;
  const current = q.options ?? [];
  const boolean = current.every((o) => typeof o.value === 'boolean');
  let list: Schema[] = current.map((o) => ({ const: o.value, title: o.title }));
  const byIndex = new Map(req.options.map((o) => [o.index, o]));
  const points: Record<string, number> = {};
  const na: Array<string | number | boolean> = [];
  const removed = new Set<string>();
  list = list.filter((o, i) => {
    const edit = byIndex.get(i);
    if (!edit) return true;
    if (edit.remove && !boolean) { removed.add(String(o.const)); return false; }
    if (!edit.title.trim()) errors.push(err(`option.${i}`, 'optionTitle'));
    else o.title = edit.title.trim();
    optionScore(edit, o.const as string | number | boolean, `option.${i}`, points, na, errors);
    return true;
  });
  const add = req.newOption;
  if (add && (add.value.trim() || add.title.trim())) {
    const numeric = current.length > 0 && current.every((o) => typeof o.value === 'number');
    const raw = add.value.trim();
    const value = numeric ? choiceValue(raw) : raw;
    if (!raw || /\s/.test(raw) || boolean) errors.push(err('option.new', 'optionValue'));
    else if (list.some((o) => String(o.const) === String(value))) errors.push(err('option.new', 'optionExists', { value: raw }));
    else if (!add.title.trim()) errors.push(err('option.new', 'optionTitle'));
    else {
      list.push({ const: value, title: add.title.trim() });
      optionScore(add, value, 'option.new', points, na, errors);
    }
  }
  if (errors.length > 0) return errors;
  delete holder.enum;
  delete holder.anyOf;
  holder.oneOf = list;
  if (boolean && holder.type === undefined) holder.type = 'boolean';
  const score = isObj(s['x-score']) ? s['x-score'] : {};
  if (Object.keys(points).length === 0) {
    delete s['x-score'];
    return [];
  }
  const next: Schema = { points };
  if (na.length > 0) next.notApplicable = na;
  if (typeof score.max === 'number') next.max = score.max;
  s['x-score'] = next;
  const ev = s['x-evidence'] as Schema | undefined;
  if (ev && Array.isArray(ev.notRequiredFor)) ev.notRequiredFor = ev.notRequiredFor.filter((v) => !removed.has(String(v)));
  return [];
}

function optionScore(edit: { points: string; na: boolean }, value: string | number | boolean, field: string, points: Record<string, number>, na: unknown[], errors: EditError[]): void {
  if (edit.na) na.push(value);
  const cell = edit.points.trim();
  if (!cell) return;
  const n = numberCell(cell);
  if (n === null || n < 0 || n > 1000) errors.push(err(field, 'points', { value: cell }));
  else points[String(value)] = n;
}

function bands(s: Schema, edits: BandEdit[]): EditError[] {
  const errors: EditError[] = [];
  const out: Schema[] = [];
  edits.forEach((b, i) => {
    if (b.remove || (!b.min.trim() && !b.max.trim() && !b.points.trim() && !b.label.trim())) return;
    const band: Schema = {};
    for (const k of ['min', 'max'] as const) {
      if (!b[k].trim()) continue;
      const n = numberCell(b[k]);
      if (n === null) errors.push(err(`band.${i}`, 'bandNumber', { value: b[k] }));
      else band[k] = n;
    }
    const p = numberCell(b.points);
    if (p === null || p < 0 || p > 1000) errors.push(err(`band.${i}`, 'points', { value: b.points }));
    else band.points = p;
    if (b.label.trim()) band.label = b.label.trim();
    out.push(band);
  });
  if (errors.length > 0) return errors;
  const score = isObj(s['x-score']) ? s['x-score'] : {};
  if (out.length === 0) delete s['x-score'];
  else s['x-score'] = { bands: out, ...(typeof score.max === 'number' ? { max: score.max } : {}) };
  return [];
}

/** Which field of the item form an engine problem is about. */
function fieldOf(doc: Schema, q: Question, p: Problem): EditError {
  const rel = p.pointer.startsWith(q.schemaPointer) ? p.pointer.slice(q.schemaPointer.length) : null;
  const holder = q.options ? optionHolder(doc, q) : null;
  let field = '';
  if (rel !== null) {
    const first = segmentsOf(rel)[0] ?? '';
    field = ({ 'x-visibleIf': 'relevant', 'x-score': q.options ? 'options' : 'bands', 'x-weight': 'weight', title: 'title', 'x-recommendation': 'recommendation', 'x-evidence': 'options' } as Record<string, string>)[first] ?? '';
  } else if (holder && p.pointer.startsWith(holder)) field = 'options';
  return { field, message: p.message };
}
