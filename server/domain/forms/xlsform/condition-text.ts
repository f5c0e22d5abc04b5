/**
 * The engine's conditions (JSON Schema about the answers) → XLSForm expression text, for export
 * and for the editor. The inverse of expr-condition.ts, and it also reads the shapes FORMAT.md
 * shows (a nested `required`/`properties` chain with `const`, `enum`, `not`, `contains`, ranges).
 * A JSON Schema object is a conjunction of its keywords, so every property is read on its own:
 * present (listed in `required` at every level) or optional (at no level). A condition that
 * mixes the two on one path, or uses keywords no expression can say, gives null: the caller
 * reports it instead of writing something that would mean less.
 */
import { literalText } from './expr-parse';
import { compare } from './expr-condition';
import type { RefTarget, Scalar } from './refs';

type Schema = Record<string, unknown>;

export interface ConditionContext {
  /** The question or container at an answer path; null when there is none. */
  nodeAt(segments: readonly string[]): { container: true } | (RefTarget & { container?: false }) | null;
  /** How to write `${…}` for a question. */
  nameOf(segments: readonly string[]): string;
}

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (s: Schema, k: string) => Object.prototype.hasOwnProperty.call(s, k);

export function conditionText(schema: unknown, ctx: ConditionContext): string | null {
  const parts = logic(schema, ctx);
  return parts === null ? null : parts;
}

/** Top level: allOf / anyOf / not, and the property chains of the answer document. */
function logic(schema: unknown, ctx: ConditionContext): string | null {
  if (schema === true) return 'true()';
  if (schema === false) return 'false()';
  if (!isObj(schema)) return null;
  const conj: string[] = [];
  for (const k of Object.keys(schema)) {
    if (!['type', 'required', 'properties', 'allOf', 'anyOf', 'not'].includes(k)) return null;
  }
  if (has(schema, 'type') && schema.type !== 'object') return null;
  if (Object.keys(schema).every((k) => k === 'type')) return 'true()';
  if (isObj(schema.not) && Object.keys(schema.not).length === 0) return 'false()';
  const chains = chainsOf(schema, [], [], ctx);
  if (chains === null) return null;
  conj.push(...chains);
  if (Array.isArray(schema.allOf)) {
    for (const s of schema.allOf) {
      const e = logic(s, ctx);
      if (e === null) return null;
      conj.push(wrapIfOr(e));
    }
  }
  if (Array.isArray(schema.anyOf)) {
    const alts: string[] = [];
    for (const s of schema.anyOf) {
      const e = logic(s, ctx);
      if (e === null) return null;
      alts.push(wrapIfAnd(e));
    }
    if (alts.length === 0) return null;
    conj.push(alts.length === 1 ? alts[0] : `(${alts.join(' or ')})`);
  }
  if (has(schema, 'not')) {
    const e = logic(schema.not, ctx);
    if (e === null) return null;
    conj.push(`not(${e})`);
  }
  if (conj.length === 0) return 'true()';
  return conj.length === 1 ? conj[0] : conj.map(wrapIfOr).join(' and ');
}

const wrapIfOr = (e: string) => (topLevelWord(e, 'or') ? `(${e})` : e);
const wrapIfAnd = (e: string) => (topLevelWord(e, 'and') ? `(${e})` : e);

/** Whether `word` occurs outside parentheses and quotes (then the text needs parentheses to nest). */
function topLevelWord(e: string, word: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < e.length; i++) {
    const c = e[i];
    if (quote) { if (c === quote) quote = null; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && e.startsWith(` ${word} `, i)) return true;
  }
  return false;
}

/** The `properties`/`required` of an object schema at `segments`, as conjuncts. */
function chainsOf(s: Schema, segments: string[], modes: boolean[], ctx: ConditionContext): string[] | null {
  const props = isObj(s.properties) ? s.properties : {};
  const req = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [];
  const out: string[] = [];
  for (const name of req) if (!has(props, name)) return null; // "a section exists" alone says nothing a question can
  for (const name of Object.keys(props)) {
    const part = descend(props[name], [...segments, name], [...modes, req.includes(name)], ctx);
    if (part === null) return null;
    if (part !== 'true()') out.push(part);
  }
  return out;
}

function descend(s: unknown, segments: string[], modes: boolean[], ctx: ConditionContext): string | null {
  const node = ctx.nodeAt(segments);
  if (!node) return null;
  if (node.container) {
    if (s === true) return modes.every((m) => !m) ? 'true()' : null;
    if (!isObj(s) || Object.keys(s).some((k) => !['type', 'required', 'properties'].includes(k))) return null;
    if (has(s, 'type') && s.type !== 'object') return null;
    const parts = chainsOf(s, segments, modes, ctx);
    if (parts === null) return null;
    // A present container with nothing inside asked of it ("the section exists") has no expression.
    if (parts.length === 0) return modes.every((m) => !m) ? 'true()' : null;
    return parts.map(wrapIfOr).join(' and ');
  }
  const present = modes.every(Boolean);
  if (!present && modes.some(Boolean)) return null;
  return leaf(s === true ? {} : s, node, present, ctx.nameOf(segments));
}

interface Conjunct { text: string; /** true when the text is false for an unanswered question */ needsAnswer: boolean }

function leaf(s: unknown, q: RefTarget, present: boolean, name: string): string | null {
  if (!isObj(s)) return null;
  const ref = `\${${name}}`;
  const conj: Conjunct[] = [];
  const lit = (v: unknown) => (isScalar(v) ? literalText(v) : null);
  for (const [k, v] of Object.entries(s)) {
    switch (k) {
      case 'type': break; // checked below, once the other keywords are known
      case 'const': {
        const l = lit(v);
        if (l === null || q.kind === 'multi') return null;
        conj.push({ text: `${ref} = ${l}`, needsAnswer: true });
        break;
      }
      case 'enum': {
        if (!Array.isArray(v) || v.length === 0 || q.kind === 'multi') return null;
        const ls = v.map(lit);
        if (ls.some((x) => x === null)) return null;
        conj.push({ text: ls.length === 1 ? `${ref} = ${ls[0]}` : `(${ls.map((x) => `${ref} = ${x}`).join(' or ')})`, needsAnswer: true });
        break;
      }
      case 'not': {
        const values = constOrEnum(v);
        if (!values || q.kind === 'multi') return null;
        const ls = values.map(lit);
        if (ls.some((x) => x === null)) return null;
        conj.push({ text: ls.map((x) => `${ref} != ${x}`).join(' and '), needsAnswer: false });
        break;
      }
      case 'contains': {
        const values = constOrEnum(v);
        if (!values || q.kind !== 'multi') return null;
        const ls = values.map(lit);
        if (ls.some((x) => x === null)) return null;
        const sel = ls.map((x) => `selected(${ref}, ${x})`);
        conj.push({ text: sel.length === 1 ? sel[0] : `(${sel.join(' or ')})`, needsAnswer: true });
        break;
      }
      case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
        if (typeof v !== 'number' || q.kind === 'multi' || q.kind === 'text' || q.kind === 'date') return null;
        conj.push({ text: `${ref} ${OPS[k]} ${v}`, needsAnswer: true });
        break;
      }
      case 'minItems': case 'maxItems': case 'minLength': case 'maxLength': {
        if (typeof v !== 'number' || !Number.isInteger(v)) return null;
        const items = k.endsWith('Items');
        if (items ? q.kind !== 'multi' : q.kind !== 'text' && q.kind !== 'date') return null;
        const op = k.startsWith('min') ? '>=' : '<=';
        conj.push({ text: `${items ? 'count-selected' : 'string-length'}(${ref}) ${op} ${v}`, needsAnswer: !compare(0, op, v) });
        break;
      }
      default: return null;
    }
  }
  if (has(s, 'type') && !typeFits(s.type, q, s)) return null;
  const texts = conj.map((c) => c.text);
  if (present) {
    if (!conj.some((c) => c.needsAnswer)) texts.unshift(`${ref} != ''`);
    return texts.join(' and ');
  }
  if (conj.length === 0) return 'true()';
  if (conj.every((c) => !c.needsAnswer)) return texts.join(' and ');
  return `(${ref} = '' or ${texts.length === 1 ? texts[0] : `(${texts.join(' and ')})`})`;
}

const OPS: Record<string, string> = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' };

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function constOrEnum(v: unknown): unknown[] | null {
  if (!isObj(v)) return null;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'const') return [v.const];
  if (keys.length === 1 && keys[0] === 'enum' && Array.isArray(v.enum) && v.enum.length > 0) return v.enum;
  return null;
}

/**
 * A `type` next to the comparison: the one the comparison's keywords need (number for ranges, as
 * `${q} > 3` is false for a non-number too), or one every answer of the question has anyway.
 */
function typeFits(t: unknown, q: RefTarget, s: Schema): boolean {
  if (t === 'number' && ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some((k) => has(s, k))) return true;
  if (t === 'string' && (has(s, 'minLength') || has(s, 'maxLength')) && (q.kind === 'text' || q.kind === 'date')) return true;
  switch (q.kind) {
    case 'multi': return t === 'array';
    case 'text': case 'date': return t === 'string';
    case 'integer': return t === 'integer' || t === 'number';
    case 'number': return t === 'number';
    case 'boolean': return t === 'boolean';
    case 'choice': {
      const kinds = new Set<string>((q.values ?? []).map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)));
      return kinds.size === 1 && (kinds.has(String(t)) || (t === 'number' && kinds.has('integer')));
    }
    default: return false;
  }
}
