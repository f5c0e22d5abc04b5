/**
 * Walks the render plan with the answers and builds the view tree: ids, names, values, errors,
 * visibility, rows and alternatives. The one place that decides, per mode and role, what is
 * shown, what is editable and what is left out.
 */
import { isEmptyValue } from './display';
import { msg } from './messages';
import { childName, fieldId, markerName, pathKey, ROOT_NAME, type Segment } from './paths';
import type { Alternative, FieldPlan } from './plan';
import { hasOwn, isObject } from './refs';
import { addEvidence, inputValue, leafView } from './view-leaf';
import type { BuildState, ViewContext, ViewNode, ViewRow } from './view-types';

const CONTAINERS = new Set(['section', 'repeat', 'tuple']);

function idFor(vc: ViewContext, name: string): string {
  return fieldId(vc.prefix, name === '' || name === ROOT_NAME ? [] : name.split('.'));
}

/** Claims the errors of `key` (and, for leaves, of every path below it) for inline display. */
function claimErrors(vc: ViewContext, key: string, subtree: boolean, id: string): string[] | undefined {
  if (vc.errors.length === 0) return undefined;
  let out: string[] | undefined;
  vc.errors.forEach((e, i) => {
    if (vc.claimed.has(i)) return;
    if (e.key === key || (subtree && (key === '' || e.key.startsWith(`${key}.`)))) {
      vc.claimed.set(i, id);
      (out ??= []).push(e.message);
    }
  });
  return out;
}

function child(value: unknown, key: Segment): unknown {
  if (typeof key === 'number') return Array.isArray(value) ? value[key] : undefined;
  return isObject(value) && hasOwn(value, key) ? value[key] : undefined;
}

/** Which object alternative the answer looks like: matching consts count most, then known keys. */
export function matchAlternative(value: unknown, alts: Alternative[]): number {
  if (!isObject(value)) return 0;
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  alts.forEach((alt, i) => {
    let score = 0;
    for (const c of alt.children) {
      const k = String(c.key);
      if (!hasOwn(value, k)) continue;
      score += c.hasConst ? (JSON.stringify(c.constValue) === JSON.stringify(value[k]) ? 10 : -100) : 1;
    }
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

function sectionView(plan: FieldPlan, value: unknown, node: ViewNode, st: BuildState, vc: ViewContext): void {
  node.level = Math.min(6, plan.depth + 1);
  node.kids = buildChildren(plan.children, value, st, st.name, vc);
  if (plan.alternatives && plan.alternatives.length > 0) {
    const selected = matchAlternative(value, plan.alternatives);
    node.altName = markerName(st.name, '~alt');
    node.alts = plan.alternatives.map((alt, i) => {
      const altSt = { ...st, quiet: st.quiet || i !== selected };
      return {
        id: `${node.id}--a${i}`,
        index: i,
        title: alt.title.startsWith('#') ? msg('form.alternativeN', { n: i + 1 }) : alt.title,
        hidden: i !== selected,
        kids: buildChildren(alt.children, value, altSt, markerName(st.name, `~a${i}`), vc),
      };
    });
    node.altOpts = node.alts.map((a, i) => ({ id: i === 0 ? `${node.id}--alt` : `${node.id}--alt${i}`, value: String(i), label: a.title, checked: i === selected }));
    if (!st.editable) node.alts = node.alts.filter((a) => !a.hidden);
  }
  if (plan.extra && isObject(value)) {
    const known = new Set<string>(plan.children.map((c) => String(c.key)));
    for (const alt of plan.alternatives ?? []) for (const c of alt.children) known.add(String(c.key));
    const extras = Object.fromEntries(Object.entries(value).filter(([k]) => !known.has(k)));
    const empty = Object.keys(extras).length === 0;
    if (st.editable || !empty) {
      node.extra = { id: `${node.id}--extra`, name: markerName(st.name, '~extra'), value: empty ? '' : JSON.stringify(extras, null, 2), label: msg('form.extraTitle'), hint: msg('form.extraHint') };
    }
  } else if (plan.extra && st.editable) {
    node.extra = { id: `${node.id}--extra`, name: markerName(st.name, '~extra'), value: '', label: msg('form.extraTitle'), hint: msg('form.extraHint') };
  }
}

function rowView(item: FieldPlan, value: unknown, index: number, st: BuildState, vc: ViewContext, removable: boolean, label: string): ViewRow | undefined {
  const name = childName(st.name, index);
  const itemSt: BuildState = { ...st, path: [...st.path, index], name, label };
  const view = buildNode(item, value, itemSt, vc);
  if (!view) return undefined;
  return {
    id: `${idFor(vc, name)}--row`,
    item: view,
    removeValue: st.editable && removable ? `remove:${st.name}:${index}` : undefined,
    removeLabel: msg('form.removeRowN', { n: index + 1 }),
  };
}

function repeatView(plan: FieldPlan, value: unknown, node: ViewNode, st: BuildState, vc: ViewContext): void {
  const list = Array.isArray(value) ? value : [];
  const prefix = plan.prefix ?? [];
  node.level = Math.min(6, plan.depth + 1);
  node.kids = prefix
    .map((p, i) => buildNode(p, list[i], { ...st, path: [...st.path, i], name: childName(st.name, i), label: p.title || msg('form.itemN', { n: i + 1 }) }, vc))
    .filter((k): k is ViewNode => k !== null);
  const item = plan.item ?? plan.rest;
  if (!item) return;
  const min = plan.item ? plan.minItems : 0;
  let count = Math.max(list.length - prefix.length, 0);
  if (st.editable) count = Math.max(count, min - prefix.length);
  count = Math.min(count, plan.maxItems);
  const itemTitle = item.title;
  const total = prefix.length + count;
  node.rows = [];
  for (let r = 0; r < count; r++) {
    const i = prefix.length + r;
    const label = itemTitle ? `${itemTitle} ${r + 1}` : msg('form.rowN', { n: r + 1 });
    const row = rowView(item, list[i], i, st, vc, total > Math.max(plan.minItems, prefix.length), label);
    if (row) node.rows.push(row);
  }
  node.noRows = node.rows.length === 0 && node.kids.length === 0;
  if (st.editable) {
    node.rowsName = markerName(st.name, '~rows');
    node.rowsCount = total;
    if (total < plan.maxItems) node.addValue = `add:${st.name}`;
  }
}

export function buildChildren(children: FieldPlan[], value: unknown, st: BuildState, name: string, vc: ViewContext): ViewNode[] {
  const out: ViewNode[] = [];
  for (const c of children) {
    const key = c.key as Segment;
    const v = buildNode(c, child(value, key), { ...st, path: [...st.path, key], name: childName(name, key), label: undefined }, vc);
    if (v) out.push(v);
  }
  return out;
}

export function buildNode(plan: FieldPlan, raw: unknown, parent: BuildState, vc: ViewContext): ViewNode | null {
  if (plan.evaluatorOnly && !vc.canSeeEvaluatorOnly) return null;
  const key = pathKey(parent.path);
  const hidden = vc.isHidden(plan, key);
  if (hidden && vc.mode === 'readonly') return null;
  if (hidden) vc.hiddenKeys.push(key);
  const evalScope = parent.evalScope || (vc.mode === 'review' && plan.evaluatorOnly);
  const editable = !plan.readOnly && (vc.mode === 'edit' || (vc.mode === 'review' && evalScope));
  const st: BuildState = { ...parent, editable, evalScope, quiet: parent.quiet || hidden };
  const value = raw === undefined && editable && vc.defaults && plan.hasDefault ? plan.defaultValue : raw;
  const isRoot = parent.path.length === 0;
  const name = isRoot && !CONTAINERS.has(plan.widget) ? ROOT_NAME : st.name;
  st.name = name;
  const id = idFor(vc, name);
  const node: ViewNode = { p: `form/${plan.widget}`, id, name, label: parent.label ?? plan.title, root: isRoot || undefined };
  if (hidden) node.hidden = true;
  if (plan.visibleIfJson && vc.mode !== 'readonly') node.cond = plan.visibleIfJson;
  if (plan.evaluatorOnly) node.evalOnly = true;
  if (plan.hint) {
    node.hint = plan.hint;
    node.hintId = `${id}--hint`;
  }
  if (plan.description) {
    node.desc = plan.description;
    node.descId = `${id}--desc`;
  }
  const leaf = plan.children.length === 0 && !plan.alternatives && !plan.item && !plan.prefix;
  // the root object has no element of its own: its errors stay in the summary, unlinked
  if (!st.quiet && vc.mode !== 'readonly' && !(isRoot && !leaf)) {
    node.errs = claimErrors(vc, key, leaf, id);
    if (node.errs) node.errId = `${id}--err`;
  }
  if (leaf) {
    node.req = editable && plan.required;
    leafView(plan, value, node, st);
  }
  else if (!editable) node.ro = true;
  if (plan.widget === 'json' && node.hint && !node.hintId) node.hintId = `${id}--hint`;
  if (plan.children.length > 0 || plan.alternatives) sectionView(plan, value, node, st, vc);
  if (plan.item || plan.prefix) repeatView(plan, value, node, st, vc);
  if (plan.evidence || plan.widget === 'evidence') addEvidence(plan, node, st, vc);
  if (node.ro && !leaf && isEmptyValue(value) && !node.kids?.length && !node.rows?.length) node.empty = true;
  const describedBy = [node.hintId, node.descId, node.errId].filter(Boolean).join(' ');
  if (describedBy) node.describedBy = describedBy;
  if (node.value === undefined && leaf && editable && plan.widget !== 'checkboxes' && !plan.options) node.value = inputValue(value);
  return node;
}
