/**
 * `relevant` (and cap `condition`) expressions → the engine's conditions: a JSON Schema about the
 * whole answer document (FORMAT.md §5). Semantics follow ODK for unanswered questions: a
 * comparison such as `${q} = 'x'`, `${q} > 3` or `selected(${q}, 'x')` is false while q is
 * unanswered, so it requires q (and every enclosing section/group) to be present; `${q} != 'x'`
 * is true while q is unanswered, so it only looks at q when q is there.
 *
 *   ${q} = v          →  {required:[s], properties:{s:{required:[q], properties:{q:{const:v}}}}}
 *   ${q} != v         →  {properties:{s:{properties:{q:{not:{const:v}}}}}}
 *   ${q} != ''        →  q answered;  ${q} = '' → not(q answered)
 *   a or b / a and b  →  anyOf / allOf (equalities on one question merge into one enum)
 *   not(a)            →  not
 *   selected(${q}, v) →  {type: array, contains: {const: v}}   (a single choice: const v)
 *   ${q} > n          →  {type: number, exclusiveMinimum: n} (strict Ajv wants the type next to it)
 *   count-selected(${q}) / string-length(${q}) compared with a number → minItems/maxItems,
 *                        minLength/maxLength (required unless 0 satisfies the comparison)
 */
import type { CompareOp, ExprNode } from './expr-parse';
import type { Msg } from './messages';
import type { RefLookup, RefTarget, Scalar } from './refs';

type Schema = Record<string, unknown>;
export type Translated = { ok: true; schema: Schema } | { ok: false; error: Msg };

class TranslateError extends Error {
  constructor(readonly msg: Msg) { super(msg.key); }
}

const fail = (key: string, vars?: Record<string, unknown>): never => { throw new TranslateError({ key: `xlsform.expr.${key}`, vars }); };

const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** Nests `leaf` under the answer path; `present` adds `required` at every level. */
export function atPath(segments: readonly string[], leaf: Schema, present: boolean): Schema {
  let s = leaf;
  for (let i = segments.length - 1; i >= 0; i--) {
    s = present ? { type: 'object', required: [segments[i]], properties: { [segments[i]]: s } } : { type: 'object', properties: { [segments[i]]: s } };
  }
  return s;
}

export function conditionSchema(node: ExprNode, lookup: RefLookup): Translated {
  try {
    return { ok: true, schema: translate(node, lookup) };
  } catch (e) {
    if (e instanceof TranslateError) return { ok: false, error: e.msg };
    throw e;
  }
}

function translate(n: ExprNode, lookup: RefLookup): Schema {
  switch (n.t) {
    case 'and': return andSchema(n.items.map((i) => translate(i, lookup)));
    case 'or': return orSchema(n.items.map((i) => translate(i, lookup)));
    case 'cmp': return comparison(n.op, n.l, n.r, lookup);
    case 'call': return call(n, lookup);
    case 'self': return fail('selfInCondition');
    default: return fail('notCondition', { part: n.t === 'ref' ? `\${${n.name}}` : n.t === 'str' ? `'${n.v}'` : n.t === 'num' ? String(n.v) : '' });
  }
}

/** A condition about one question: its path, whether it needs the answer, and the answer's schema. */
interface Atom { segments: string[]; present: boolean; leaf: Schema }

/** Reads back what atPath built (null for anything else). */
function atomOf(s: Schema): Atom | null {
  const segments: string[] = [];
  let present: boolean | null = null;
  let cur: Schema = s;
  for (;;) {
    const props = cur.properties as Schema | undefined;
    const names = props && typeof props === 'object' ? Object.keys(props) : [];
    const req = cur.required as string[] | undefined;
    const keys = Object.keys(cur);
    const chain = cur.type === 'object' && names.length === 1 && keys.length === (req ? 3 : 2)
      && (!req || (req.length === 1 && req[0] === names[0]));
    if (!chain) return segments.length > 0 && present !== null ? { segments, present, leaf: cur } : null;
    if (present !== null && present !== !!req) return null;
    present = !!req;
    segments.push(names[0]);
    cur = (props as Schema)[names[0]] as Schema;
  }
}

const samePath = (a: Atom, b: Atom) => a.segments.length === b.segments.length && a.segments.every((x, i) => x === b.segments[i]);

/**
 * `a and b` about one question merge into one schema when their keywords differ:
 * present(A) ∧ optional(B) = present(A ∪ B), optional(A) ∧ optional(B) = optional(A ∪ B).
 */
function andSchema(parts: Schema[]): Schema {
  const out: Schema[] = [];
  const atoms: Array<Atom | null> = [];
  for (const p of parts) {
    const atom = atomOf(p);
    const i = atom ? atoms.findIndex((a) => a && samePath(a, atom) && Object.keys(a.leaf).every((k) => !(k in atom.leaf) || (k === 'type' && a.leaf.type === atom.leaf.type))) : -1;
    if (atom && i >= 0) {
      const prev = atoms[i] as Atom;
      const merged: Atom = { segments: prev.segments, present: prev.present || atom.present, leaf: { ...prev.leaf, ...atom.leaf } };
      atoms[i] = merged;
      out[i] = atPath(merged.segments, merged.leaf, merged.present);
      continue;
    }
    atoms.push(atom);
    out.push(p);
  }
  return out.length === 1 ? out[0] : { allOf: out };
}

/**
 * Alternatives on one question inside one `or` merge into one list (how FORMAT.md writes them):
 * equalities into `enum`, selected() into `contains: {enum}`.
 */
function orSchema(parts: Schema[]): Schema {
  const out: Schema[] = [];
  const groups: Array<{ atom: Atom; values: unknown[]; multi: boolean } | null> = [];
  for (const p of parts) {
    const atom = atomOf(p);
    const one = atom?.present ? singleValue(atom.leaf) : null;
    const i = atom && one ? groups.findIndex((g) => g && g.multi === one.multi && samePath(g.atom, atom)) : -1;
    if (atom && one && i >= 0) {
      const g = groups[i] as { atom: Atom; values: unknown[]; multi: boolean };
      if (!g.values.includes(one.value)) g.values.push(one.value);
      const list = g.values.length === 1 ? { const: g.values[0] } : { enum: g.values };
      out[i] = atPath(g.atom.segments, g.multi ? { type: 'array', contains: list } : list, true);
      continue;
    }
    groups.push(atom && one ? { atom, values: [one.value], multi: one.multi } : null);
    out.push(p);
  }
  return out.length === 1 ? out[0] : { anyOf: out };
}

function singleValue(leaf: Schema): { value: unknown; multi: boolean } | null {
  const keys = Object.keys(leaf);
  if (keys.length === 1 && keys[0] === 'const') return { value: leaf.const, multi: false };
  const c = leaf.contains as Schema | undefined;
  if (keys.length === 2 && leaf.type === 'array' && c && Object.keys(c).length === 1 && 'const' in c) return { value: c.const, multi: true };
  return null;
}

function call(n: Extract<ExprNode, { t: 'call' }>, lookup: RefLookup): Schema {
  const arity = (count: number) => { if (n.args.length !== count) fail('arity', { name: n.name, count }); };
  switch (n.name) {
    case 'not': arity(1); return { not: translate(n.args[0], lookup) };
    case 'true': arity(0); return {};
    case 'false': arity(0); return { not: {} };
    case 'selected': {
      arity(2);
      const target = refOf(n.args[0], lookup, 'selected');
      const value = literalFor(target, n.args[1]);
      if (target.kind === 'multi') return atPath(target.segments, { type: 'array', contains: { const: value } }, true);
      if (target.kind === 'choice' || target.kind === 'boolean') return atPath(target.segments, { const: value }, true);
      return fail('selectedNotChoice', { name: target.name });
    }
    default: return fail('function', { name: n.name });
  }
}

function refOf(n: ExprNode, lookup: RefLookup, fn: string): RefTarget {
  if (n.t === 'self') fail('selfInCondition');
  if (n.t !== 'ref') fail('needsRef', { name: fn });
  const target = lookup((n as { name: string }).name);
  if ('error' in target) throw new TranslateError(target.error);
  return target;
}

function comparison(op: CompareOp, l: ExprNode, r: ExprNode, lookup: RefLookup): Schema {
  if (isLiteral(l) && !isLiteral(r)) return comparison(FLIP[op], r, l, lookup);
  for (const side of [l, r]) {
    if (side.t === 'self') fail('selfInCondition');
    if (side.t === 'call' && !['count-selected', 'string-length'].includes(side.name)) fail('function', { name: side.name });
  }
  if (!isLiteral(r)) fail('twoQuestions');
  if (l.t === 'ref') {
    const target = refOf(l, lookup, '');
    if (r.t === 'str' && r.v === '') {
      if (op === '!=') return answered(target);
      if (op === '=') return { not: answered(target) };
      return fail('emptyCompare');
    }
    if (target.kind === 'multi') return fail('multiEquals', { name: target.name });
    const value = literalFor(target, r);
    if (op === '=') return atPath(target.segments, { const: value }, true);
    if (op === '!=') return atPath(target.segments, { not: { const: value } }, false);
    if (typeof value !== 'number') return fail('orderNotNumber', { name: target.name });
    return atPath(target.segments, { type: 'number', [RANGE[op]]: value }, true);
  }
  if (l.t === 'call' && (l.name === 'count-selected' || l.name === 'string-length')) {
    if (l.args.length !== 1) fail('arity', { name: l.name, count: 1 });
    const target = refOf(l.args[0], lookup, l.name);
    if (r.t !== 'num' || !Number.isInteger(r.v)) fail('countNumber', { name: l.name });
    const counting = l.name === 'count-selected';
    if (counting && target.kind !== 'multi') fail('countNotMulti', { name: target.name });
    if (!counting && target.kind !== 'text' && target.kind !== 'date') fail('lengthNotText', { name: target.name });
    return countCondition(target.segments, op, (r as { v: number }).v, counting ? ['minItems', 'maxItems'] : ['minLength', 'maxLength'], counting ? 'array' : 'string');
  }
  return fail('leftSide');
}

const RANGE: Record<'<' | '<=' | '>' | '>=', string> = { '<': 'exclusiveMaximum', '<=': 'maximum', '>': 'exclusiveMinimum', '>=': 'minimum' };

function isLiteral(n: ExprNode): n is Extract<ExprNode, { t: 'str' | 'num' }> {
  return n.t === 'str' || n.t === 'num';
}

export function answered(target: Pick<RefTarget, 'segments'>): Schema {
  return atPath(target.segments, {}, true);
}

/**
 * A count (selected choices, characters) compared with n as min/max keywords. An unanswered
 * question counts 0: when 0 satisfies the comparison the question need not be present.
 */
export function countCondition(segments: readonly string[], op: CompareOp, n: number, [minKey, maxKey]: [string, string], type: 'array' | 'string'): Schema {
  const holdsForEmpty = compare(0, op, n);
  let leaf: Schema;
  switch (op) {
    case '>': leaf = { type, [minKey]: n + 1 }; break;
    case '>=': leaf = { type, [minKey]: Math.max(n, 0) }; break;
    case '<': if (n <= 0) return { not: {} }; leaf = { type, [maxKey]: n - 1 }; break;
    case '<=': if (n < 0) return { not: {} }; leaf = { type, [maxKey]: n }; break;
    case '=': if (n < 0) return { not: {} }; leaf = { type, [minKey]: n, [maxKey]: n }; break;
    default: return { not: countCondition(segments, '=', n, [minKey, maxKey], type) };
  }
  return atPath(segments, leaf, !holdsForEmpty);
}

export function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '=': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    default: return a >= b;
  }
}

/** The literal as the answer value it is compared with (a choice's own value, a number, text). */
function literalFor(target: RefTarget, n: ExprNode): Scalar {
  if (!isLiteral(n)) return fail('needsLiteral', { name: target.name });
  const raw = (n as { v: string | number }).v;
  if (target.values) {
    const hit = target.values.find((v) => String(v) === String(raw));
    if (hit === undefined) fail('unknownChoice', { name: target.name, value: String(raw), choices: target.values.map(String).join(', ') });
    return hit as Scalar;
  }
  if (target.kind === 'number' || target.kind === 'integer') {
    const v = typeof raw === 'number' ? raw : Number(raw.trim());
    if (raw === '' || !Number.isFinite(v)) fail('notNumber', { name: target.name, value: String(raw) });
    return v;
  }
  if (target.kind === 'other') fail('notComparable', { name: target.name });
  return String(raw);
}
