/**
 * Walks the render plan with the answers and builds the view tree: ids, names, values, errors,
 * visibility, rows and alternatives. The one place that decides, per mode and role, what is
 * shown, what is editable and what is left out. Names, keys and ids are built part by part on
 * the way down (no re-splitting per node): this runs for every question on every request.
 */
import { isEmptyValue } from './display';
import { msg, templateMessages } from './messages';
import { idPart, markerName, ROOT_NAME, type Segment } from './paths';
import type { Alternative, FieldPlan } from './plan';
import { hasOwn, isObject } from './refs';
import { addEvidence, inputValue, leafView } from './view-leaf';
import type { BuildState, ViewContext, ViewNode, ViewRow } from './view-types';

const CONTAINERS = new Set(['section', 'repeat', 'tuple']);

/** Claims the errors of `key` (and, for leaves, of every path below it) for inline display. */
function claimErrors(vc: ViewContext, key: string, subtree: boolean, id: string): string[] | undefined {
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

function childValue(value: unknown, key: Segment): unknown {
  if (typeof key === 'number') return Array.isArray(value) ? value[key] : undefined;
  return isObject(value) && hasOwn(value, key) ? value[key] : undefined;
}

/** State for a child: its key, field name and id extend the parent's. */
function descend(st: BuildState, key: Segment, nameSeg: string, idSeg: string, label?: string): BuildState {
  return {
    key: st.key === '' ? String(key) : `${st.key}.${key}`,
    name: st.name === '' ? nameSeg : `${st.name}.${nameSeg}`,
    id: `${st.id}-${idSeg}`,
    editable: st.editable,
    evalScope: st.evalScope,
    quiet: st.quiet,
    evalBadge: st.evalBadge,
    label,
  };
}

/**
 * Which object alternative the answer looks like: matching consts count most, then known keys.
 * -1 when nothing points to one (e.g. no answer yet): then every alternative is shown, so a
 * browser without JavaScript can fill in any of them.
 */
export function matchAlternative(value: unknown, alts: Alternative[]): number {
  if (!isObject(value)) return -1;
  let best = -1;
  let bestScore = 0;
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

export function buildChildren(children: FieldPlan[], value: unknown, st: BuildState, vc: ViewContext): ViewNode[] {
  const out: ViewNode[] = [];
  for (const c of children) {
    const key = c.key as Segment;
    const v = buildNode(c, childValue(value, key), descend(st, key, c.nameSeg, c.idSeg), vc);
    if (v) out.push(v);
  }
  return out;
}

function extraField(node: ViewNode, st: BuildState, value: string): ViewNode['extra'] {
  return { id: `${node.id}--extra`, name: markerName(st.name, '~extra'), value, label: msg('form.extraTitle'), hint: msg('form.extraHint') };
}

function sectionView(plan: FieldPlan, value: unknown, node: ViewNode, st: BuildState, vc: ViewContext): void {
  node.level = Math.min(6, plan.depth + 1);
  node.kids = buildChildren(plan.children, value, st, vc);
  if (plan.alternatives && plan.alternatives.length > 0) {
    const selected = matchAlternative(value, plan.alternatives);
    node.altName = markerName(st.name, '~alt');
    node.alts = plan.alternatives.map((alt, i) => {
      const marker = `~a${i}`;
      // the alternative's fields live under a marker part so two alternatives never share a name
      const off = selected !== -1 && i !== selected;
      const altSt: BuildState = { ...st, name: markerName(st.name, marker), id: `${st.id}-${idPart(marker)}`, quiet: st.quiet || off || (selected === -1 && i > 0) };
      return {
        id: `${node.id}--a${i}`,
        index: i,
        title: alt.title.startsWith('#') ? msg('form.alternativeN', { n: i + 1 }) : alt.title,
        hidden: off,
        kids: buildChildren(alt.children, value, altSt, vc),
      };
    });
    node.altOpts = node.alts.map((a, i) => ({ id: i === 0 ? `${node.id}--alt` : `${node.id}--alt${i}`, value: String(i), label: a.title, ck: i === selected ? ' checked' : '' }));
    if (!st.editable) node.alts = node.alts.filter((a) => !a.hidden);
  }
  if (!plan.extra) return;
  const known = new Set<string>(plan.children.map((c) => String(c.key)));
  for (const alt of plan.alternatives ?? []) for (const c of alt.children) known.add(String(c.key));
  const extras = isObject(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !known.has(k))) : {};
  const empty = Object.keys(extras).length === 0;
  if (st.editable || !empty) node.extra = extraField(node, st, empty ? '' : JSON.stringify(extras, null, 2));
}

function repeatView(plan: FieldPlan, value: unknown, node: ViewNode, st: BuildState, vc: ViewContext): void {
  const list = Array.isArray(value) ? value : [];
  const prefix = plan.prefix ?? [];
  node.level = Math.min(6, plan.depth + 1);
  node.kids = [];
  prefix.forEach((p, i) => {
    const k = buildNode(p, list[i], descend(st, i, String(i), String(i), p.title || msg('form.itemN', { n: i + 1 })), vc);
    if (k) node.kids!.push(k);
  });
  const item = plan.item ?? plan.rest;
  if (!item) return;
  let count = Math.max(list.length - prefix.length, 0);
  if (st.editable && plan.item) count = Math.max(count, plan.minItems);
  count = Math.min(count, plan.maxItems - prefix.length); // maxItems counts the fixed positions too
  const total = prefix.length + count;
  const removable = st.editable && total > Math.max(plan.minItems, prefix.length);
  node.rows = [];
  for (let r = 0; r < count; r++) {
    const i = prefix.length + r;
    const label = item.title ? `${item.title} ${r + 1}` : msg('form.rowN', { n: r + 1 });
    const itemSt = descend(st, i, String(i), String(i), label);
    const view = buildNode(item, list[i], itemSt, vc);
    if (!view) continue;
    const row: ViewRow = { id: `${itemSt.id}--row`, item: view, removeLabel: msg('form.removeRowN', { n: r + 1 }) };
    if (removable) row.removeValue = `remove:${st.name}:${i}`;
    node.rows.push(row);
  }
  node.noRows = node.rows.length === 0 && node.kids.length === 0;
  if (st.editable) {
    node.rowsName = markerName(st.name, '~rows');
    node.rowsCount = total;
    if (total < plan.maxItems) node.addValue = `add:${st.name}`;
  }
}

export function buildNode(plan: FieldPlan, raw: unknown, parent: BuildState, vc: ViewContext): ViewNode | null {
  if (plan.evaluatorOnly && !vc.canSeeEvaluatorOnly) return null;
  const key = parent.key;
  const hidden = vc.isHidden(plan, key);
  if (hidden && vc.mode === 'readonly') return null;
  if (hidden) vc.hiddenKeys.push(key);
  const evalScope = parent.evalScope || (vc.mode === 'review' && plan.evaluatorOnly);
  const editable = !plan.readOnly && (vc.mode === 'edit' || (vc.mode === 'review' && evalScope));
  const isRoot = key === '' && parent.name === '';
  const leaf = plan.children.length === 0 && !plan.alternatives && !plan.item && !plan.prefix;
  const st: BuildState = { ...parent, editable, evalScope, quiet: parent.quiet || hidden };
  if (isRoot && !CONTAINERS.has(plan.widget)) st.name = ROOT_NAME;
  const value = raw === undefined && editable && vc.defaults && plan.hasDefault ? plan.defaultValue : raw;
  const id = isRoot ? `${parent.id}-root` : st.id;
  const node: ViewNode = { p: `form/${plan.widget}`, m: templateMessages, id, name: st.name, label: parent.label ?? plan.title };
  if (isRoot) node.root = true;
  if (hidden) node.hidden = true;
  if (plan.visibleIfJson && vc.mode !== 'readonly') node.cond = plan.visibleIfJson;
  if (plan.evaluatorOnly && !parent.evalScope && !parent.evalBadge) node.evalOnly = true; // badge once, on the outermost part
  if (plan.evaluatorOnly) st.evalBadge = true;
  if (plan.hint) {
    node.hint = plan.hint;
    node.hintId = `${id}--hint`;
  }
  if (plan.description) {
    node.desc = plan.description;
    node.descId = `${id}--desc`;
  }
  // the root object has no element of its own: its errors stay in the summary, unlinked
  if (vc.errors.length > 0 && !st.quiet && vc.mode !== 'readonly' && !(isRoot && !leaf)) {
    node.errs = claimErrors(vc, key, leaf, id);
    if (node.errs) node.errId = `${id}--err`;
  }
  if (leaf) {
    node.req = editable && plan.required;
    leafView(plan, value, node, st);
    if (node.value === undefined && editable && plan.widget !== 'checkboxes' && !plan.options) node.value = inputValue(value);
    if (plan.widget === 'json' && node.hint && !node.hintId) node.hintId = `${id}--hint`;
  } else if (!editable) node.ro = true;
  if (plan.children.length > 0 || plan.alternatives) sectionView(plan, value, node, st, vc);
  if (plan.item || plan.prefix) repeatView(plan, value, node, st, vc);
  if (plan.evidence || plan.widget === 'evidence') addEvidence(plan, node, st, vc);
  if (node.ro && !leaf && isEmptyValue(value) && !node.kids?.length && !node.rows?.length) node.empty = true;
  if (node.hintId || node.descId || node.errId) node.describedBy = [node.hintId, node.descId, node.errId].filter(Boolean).join(' ');
  return node;
}

/** The state the root starts from: ids are `<prefix>-<parts>`; the root itself is `<prefix>-root`. */
export function rootState(prefix: string, editable: boolean): BuildState {
  return { key: '', name: '', id: prefix, editable, evalScope: false, quiet: false };
}

