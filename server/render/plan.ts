/**
 * The render plan: the schema walked once into a tree of fields (widget chosen by the registry,
 * labels, choices, children, row item plans). Rendering and parsing then only walk this tree with
 * the answers, so a warm render does no schema work. Plans are cached per schema object.
 */
import { titleWithoutValue } from '../domain/forms/option-label';
import { computeFacts, type Facts, type Option } from './facts';
import type { FormMessageKey } from './messages';
import { escapeSegment, idPart, type Segment } from './paths';
import { createRefContext, hasOwn, isObject, type RefContext, type SchemaObject } from './refs';
import { chooseWidget, registryVersion } from './registry';
import { hasPartial } from './templates';

/** Hard bounds: one plan never grows past these, whatever the schema. */
export const MAX_PLAN_NODES = 4000;
export const MAX_PLAN_DEPTH = 24;
export const MAX_ROWS = 200;
/** Property names never rendered nor parsed: they could reach an object prototype. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const LEAF_WIDGETS = new Set(['text', 'textarea', 'number', 'date', 'select', 'radio', 'yesno', 'scale', 'checkboxes', 'json', 'const', 'readonly', 'evidence']);

export interface EvidenceRule {
  min: number;
  max: number;
  types: string[];
  maxBytes: number;
}

export interface Alternative {
  title: string;
  children: FieldPlan[];
}

export interface FieldPlan {
  key: Segment | null;
  /** the key as a field-name part and as an id part (computed once) */
  nameSeg: string;
  idSeg: string;
  widget: string;
  title: string;
  hint?: string;
  description?: string;
  placeholder?: string;
  required: boolean;
  readOnly: boolean;
  evaluatorOnly: boolean;
  visibleIf?: unknown;
  visibleIfJson?: string;
  types: string[];
  format?: string;
  maxLength?: number;
  options?: Option[];
  /** option by posted string, for parsing */
  optionByEnc?: Map<string, Option>;
  children: FieldPlan[];
  alternatives?: Alternative[];
  /** the object accepts properties beyond `children` (edited as JSON) */
  extra: boolean;
  item?: FieldPlan;
  prefix?: FieldPlan[];
  rest?: FieldPlan;
  minItems: number;
  maxItems: number;
  hasConst: boolean;
  constValue?: unknown;
  hasDefault: boolean;
  defaultValue?: unknown;
  evidence?: EvidenceRule;
  note?: FormMessageKey;
  depth: number;
}

interface PlanContext {
  ref: RefContext;
  nodes: number;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** "tandaDaftar" → "Tanda daftar", "first_name" → "First name": a label when a title is missing. */
export function humanise(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words === '' ? key : words[0].toUpperCase() + words.slice(1);
}

/** A scale level shows its value in a badge: "3 - Lengkap" is shown as badge 3 + "Lengkap". */
function scaleOption(o: Option): Option {
  const v = typeof o.value === 'number' ? String(o.value) : undefined;
  return { ...o, badge: v ?? '–', short: v === undefined ? o.label : titleWithoutValue(o.value, o.label) };
}

function evidenceRule(v: unknown): EvidenceRule | undefined {
  if (!isObject(v)) return undefined;
  const num = (x: unknown, d: number) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : d);
  const types = Array.isArray(v.types) ? v.types.filter((t): t is string => typeof t === 'string') : [];
  return { min: num(v.min, 0), max: num(v.max, 10), types, maxBytes: num(v.maxBytes, 0) };
}

function clampCount(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(Math.floor(v), MAX_ROWS) : d;
}

function orderedEntries(props: SchemaObject): [string, unknown][] {
  const entries = Object.entries(props).filter(([k]) => !FORBIDDEN_KEYS.has(k));
  const order = (s: unknown) => (isObject(s) && typeof s['x-order'] === 'number' ? s['x-order'] : Number.POSITIVE_INFINITY);
  return entries.map((e, i) => ({ e, i, o: order(e[1]) })).sort((a, b) => a.o - b.o || a.i - b.i).map((x) => x.e);
}

function objectChildren(props: unknown, required: unknown, skip: Set<string>, f: Facts, pc: PlanContext): FieldPlan[] {
  if (!isObject(props)) return [];
  const req = new Set(Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : []);
  return orderedEntries(props)
    .filter(([k]) => !skip.has(k))
    .map(([k, sub]) => planNode(sub, k, req.has(k), f.stack, f.depth + 1, pc));
}

function fillStructure(p: FieldPlan, f: Facts, pc: PlanContext): void {
  const s = f.schema;
  if (isObject(s.properties) || f.alternatives) {
    p.children = objectChildren(s.properties, s.required, new Set(), f, pc);
    const own = new Set(isObject(s.properties) ? Object.keys(s.properties) : []);
    p.alternatives = f.alternatives?.map((b, i) => ({
      title: str(b.title) ?? `#${i + 1}`,
      children: objectChildren(b.properties, b.required, own, f, pc),
    }));
    p.extra = isObject(s.additionalProperties) || s.additionalProperties === true || isObject(s.patternProperties);
  }
  if (f.arrayKind === 'list') {
    p.item = planNode(s.items ?? {}, null, false, f.stack, f.depth + 1, pc);
  } else if (f.arrayKind === 'tuple') {
    const prefix = (Array.isArray(s.prefixItems) ? s.prefixItems : (s.items as unknown[])) ?? [];
    p.prefix = prefix.slice(0, MAX_ROWS).map((sub, i) => planNode(sub, i, false, f.stack, f.depth + 1, pc));
    const rest = Array.isArray(s.prefixItems) ? s.items : s.additionalItems;
    if (rest !== false) p.rest = planNode(isObject(rest) ? rest : {}, null, false, f.stack, f.depth + 1, pc);
  }
}

function planNode(raw: unknown, key: Segment | null, required: boolean, stack: readonly string[], depth: number, pc: PlanContext): FieldPlan {
  pc.nodes++;
  const f = computeFacts(raw, stack, pc.ref, depth);
  if (!f.truncated && pc.nodes > MAX_PLAN_NODES) f.truncated = 'budget';
  if (!f.truncated && depth > MAX_PLAN_DEPTH) f.truncated = 'depth';
  const s = f.schema;
  const chosen = chooseWidget(f);
  const widget = hasPartial(chosen) ? chosen : 'json'; // a widget registered without its partial must not break pages
  const title = str(s.title) ?? (typeof key === 'string' ? humanise(key) : '');
  const p: FieldPlan = {
    key,
    nameSeg: key === null ? '' : escapeSegment(key),
    idSeg: key === null ? '' : idPart(escapeSegment(key)),
    widget,
    title,
    hint: str(s['x-hint']),
    description: str(s.description),
    placeholder: str(s['x-placeholder']),
    required,
    readOnly: s.readOnly === true || f.xWidget === 'readonly',
    evaluatorOnly: s['x-evaluatorOnly'] === true,
    types: f.types,
    format: str(s.format) ?? (f.xWidget === 'email' || f.xWidget === 'tel' || f.xWidget === 'time' ? f.xWidget : undefined),
    maxLength: typeof s.maxLength === 'number' ? s.maxLength : undefined,
    options: widget === 'checkboxes' ? f.itemOptions : f.options,
    children: [],
    extra: false,
    minItems: clampCount(s.minItems, 0),
    maxItems: clampCount(s.maxItems, MAX_ROWS),
    hasConst: hasOwn(s, 'const'),
    constValue: s.const,
    hasDefault: hasOwn(s, 'default'),
    defaultValue: s.default,
    evidence: evidenceRule(s['x-evidence']),
    depth,
  };
  if (isObject(s['x-visibleIf']) || typeof s['x-visibleIf'] === 'boolean') {
    p.visibleIf = s['x-visibleIf'];
    p.visibleIfJson = JSON.stringify(s['x-visibleIf']);
  }
  if (p.options && widget === 'scale') p.options = p.options.map(scaleOption);
  if (p.options) p.optionByEnc = new Map(p.options.map((o) => [o.enc, o] as const).reverse());
  if (f.truncated) p.note = f.truncated === 'unresolved' ? 'form.unsupportedRef' : 'form.tooDeep';
  if (!f.truncated && !LEAF_WIDGETS.has(widget)) fillStructure(p, f, pc);
  return p;
}

const cache = new WeakMap<object, { version: number; plan: FieldPlan }>();

/** The plan for a root schema; built once per schema object and registry version. */
export function planFor(schema: SchemaObject): FieldPlan {
  const hit = cache.get(schema);
  if (hit && hit.version === registryVersion()) return hit.plan;
  const pc: PlanContext = { ref: createRefContext(schema), nodes: 0 };
  // the root counts as one expansion of "#", so a recursive `$ref: "#"` nests once more at most
  const plan = planNode(schema, null, false, [`${pc.ref.rootBase}#`], 0, pc);
  cache.set(schema, { version: registryVersion(), plan });
  return plan;
}

/**
 * What an empty row holds while it is being filled in (after "Tambah baris"): an empty object or
 * list, "" for text, otherwise null. Text rows get "" so a draft's type check passes.
 */
export function emptyRow(item: FieldPlan): unknown {
  if (item.children.length > 0 || item.alternatives) return {};
  if (item.item || item.prefix) return [];
  return item.types.includes('string') && !item.options ? '' : null;
}
