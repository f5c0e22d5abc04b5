/**
 * Adding and removing repeat-group rows without JavaScript. Each row control is a submit button
 * of the form, all named `_action`:
 *   add:<arrayName>              append a row to the array whose field name is <arrayName>
 *   remove:<arrayName>:<index>   remove row <index> (0-based) of that array
 *   remove-file:<fieldName>:<fileId>   detach an evidence file (handled by the caller)
 *   save                         the default (first) button: Enter in a field saves
 * The server parses the post with empty rows kept, applies the action, and re-renders.
 * Field names are the renderer's names (see paths.ts), so the same decoding applies.
 */
import { isMarker, unescapeSegment, type Segment } from './paths';
import { emptyRow, FORBIDDEN_KEYS, MAX_ROWS, planFor, type FieldPlan } from './plan';
import { readBody, type PostBody } from './post-body';
import { isObject, hasOwn } from './refs';
import { parseFormPost, type ParseOptions } from './parse-post';
import { schemaOf, type FormInput } from './render';
import { seesEvaluatorOnly } from './roles';

export type FormAction =
  | { op: 'save' }
  | { op: 'add'; name: string }
  | { op: 'remove'; name: string; index: number }
  | { op: 'remove-file'; name: string; fileId: string };

export function parseAction(value: unknown): FormAction | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string' || v.length > 2000) return undefined;
  if (v === 'save') return { op: 'save' };
  if (v.startsWith('add:')) return { op: 'add', name: v.slice(4) };
  const cut = v.lastIndexOf(':');
  if (v.startsWith('remove:') && cut > 6) {
    const index = Number(v.slice(cut + 1));
    if (Number.isInteger(index) && index >= 0) return { op: 'remove', name: v.slice(7, cut), index };
  }
  if (v.startsWith('remove-file:') && cut > 11) return { op: 'remove-file', name: v.slice(12, cut), fileId: v.slice(cut + 1) };
  return undefined;
}

/** The array plan a field name points to, with its answer path; undefined if not a row list. */
function resolve(root: FieldPlan, name: string, opts: ParseOptions): { plan: FieldPlan; path: Segment[] } | undefined {
  const canSee = seesEvaluatorOnly(opts.role, opts.mode ?? 'edit');
  const editableAt = (p: FieldPlan, scope: boolean) => !p.readOnly && (!p.evaluatorOnly || canSee) && ((opts.mode ?? 'edit') === 'edit' || scope);
  let node = root;
  let scope = opts.mode === 'review' && root.evaluatorOnly;
  const path: Segment[] = [];
  let alt: number | undefined;
  for (const part of name === '' ? [] : name.split('.')) {
    if (isMarker(part)) {
      const m = /^~a(\d+)$/.exec(part);
      if (!m || !node.alternatives || Number(m[1]) >= node.alternatives.length) return undefined;
      alt = Number(m[1]);
      continue;
    }
    if (node.item || node.prefix) {
      if (!/^\d+$/.test(part)) return undefined;
      const i = Number(part);
      const prefix = node.prefix ?? [];
      const next = i < prefix.length ? prefix[i] : (node.item ?? node.rest);
      if (!next) return undefined;
      node = next;
      path.push(i);
    } else {
      const key = unescapeSegment(part);
      const children = alt === undefined ? node.children : node.alternatives![alt].children;
      const next = children.find((c) => c.key === key);
      if (!next || FORBIDDEN_KEYS.has(key)) return undefined;
      node = next;
      path.push(key);
      alt = undefined;
    }
    if (node.evaluatorOnly && !canSee) return undefined;
    scope = scope || (opts.mode === 'review' && node.evaluatorOnly);
  }
  if (!(node.item || node.rest) || !editableAt(node, scope)) return undefined;
  return { plan: node, path };
}

function newRow(item: FieldPlan): unknown {
  return item.hasDefault ? structuredClone(item.defaultValue) : emptyRow(item);
}

/**
 * Applies an add/remove row action to the answers and returns new answers (the input is not
 * changed). Actions that do not name an editable row list of this form are ignored.
 */
export function applyRowAction(form: FormInput, answers: unknown, action: FormAction | string, opts: ParseOptions = {}): unknown {
  const act = typeof action === 'string' ? parseAction(action) : action;
  if (!act || (act.op !== 'add' && act.op !== 'remove')) return answers;
  const target = resolve(planFor(schemaOf(form)), act.name, opts);
  if (!target) return answers;
  const { plan, path } = target;
  const doc: unknown = answers === undefined ? (path.length === 0 ? [] : {}) : structuredClone(answers);
  // walk to the array, creating missing objects on the way (a row added to an empty section)
  let holder: unknown = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    let next = typeof seg === 'number' ? (Array.isArray(holder) ? holder[seg] : undefined) : isObject(holder) && hasOwn(holder, seg) ? holder[seg] : undefined;
    if (next === undefined && typeof seg === 'string' && isObject(holder)) {
      next = typeof path[i + 1] === 'number' ? [] : {};
      holder[seg] = next;
    }
    if (next === undefined || next === null || typeof next !== 'object') return answers;
    holder = next;
  }
  let list: unknown[];
  if (path.length === 0) {
    if (!Array.isArray(doc)) return answers;
    list = doc;
  } else {
    const last = path[path.length - 1];
    let cur: unknown;
    if (typeof last === 'number') {
      // a list inside a list row: the row must exist
      if (!Array.isArray(holder) || last >= holder.length) return answers;
      cur = holder[last] ?? [];
      holder[last] = cur;
    } else {
      if (!isObject(holder)) return answers;
      cur = hasOwn(holder, last) ? holder[last] : undefined;
      if (cur === undefined) holder[last] = cur = [];
    }
    if (!Array.isArray(cur)) return answers;
    list = cur;
  }
  const prefix = plan.prefix?.length ?? 0;
  const max = Math.min(plan.maxItems, MAX_ROWS); // like maxItems, counts the fixed positions too
  const min = Math.max(plan.prefix ? 0 : plan.minItems, prefix);
  if (act.op === 'add') {
    if (list.length >= max) return answers;
    while (list.length < prefix) list.push(null);
    list.push(newRow((plan.item ?? plan.rest)!));
  } else {
    if (act.index < prefix || act.index >= list.length || list.length <= min) return answers;
    list.splice(act.index, 1);
  }
  return doc;
}

/**
 * One call for a form POST: parses the answers and, when the button pressed was a row action,
 * applies it (the caller then re-renders instead of saving and moving on).
 */
export function handleFormPost(form: FormInput, body: PostBody | null | undefined, opts: ParseOptions = {}): { answers: unknown; action?: FormAction } {
  const action = parseAction(readBody(body).one('_action'));
  const rowAction = action?.op === 'add' || action?.op === 'remove';
  let answers = parseFormPost(form, body, { ...opts, keepEmptyRows: rowAction || opts.keepEmptyRows });
  if (rowAction) answers = applyRowAction(form, answers, action, opts);
  return { answers, action };
}
