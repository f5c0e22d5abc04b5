/**
 * `constraint` expressions ↔ JSON Schema keywords of the question itself. `.` is the answer (for a
 * repeat group: its rows). Only conjunctions (`and`) of these are supported, each becoming one
 * keyword, so the constraint says exactly what validation will check:
 *
 *   . >= n   . > n   . <= n   . < n          minimum, exclusiveMinimum, maximum, exclusiveMaximum
 *   string-length(.) >= n / <= n / = n       minLength / maxLength
 *   regex(., 'pattern')                      pattern (checked for safety like any definition)
 *   count-selected(.) >= n / <= n            minItems / maxItems of a multiple choice
 *   count(.) >= n / <= n                     minItems / maxItems (rows) of a repeat group
 */
import type { CompareOp, ExprNode } from './expr-parse';
import { literalText } from './expr-parse';
import type { Msg } from './messages';
import type { AnswerKind } from './refs';

type Schema = Record<string, unknown>;
export type ConstraintKind = AnswerKind | 'repeat';

export type ConstraintResult = { ok: true; keywords: Schema } | { ok: false; error: Msg };

const err = (key: string, vars?: Record<string, unknown>): ConstraintResult => ({ ok: false, error: { key: `xlsform.constraint.${key}`, vars } });

const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

export function constraintKeywords(node: ExprNode, kind: ConstraintKind): ConstraintResult {
  const parts = node.t === 'and' ? node.items : [node];
  const keywords: Schema = {};
  for (const p of parts) {
    const one = conjunct(p, kind);
    if (!one.ok) return one;
    for (const [k, v] of Object.entries(one.keywords)) {
      if (Object.prototype.hasOwnProperty.call(keywords, k)) return err('twice', { keyword: k });
      keywords[k] = v;
    }
  }
  return { ok: true, keywords };
}

function conjunct(n: ExprNode, kind: ConstraintKind): ConstraintResult {
  if (n.t === 'or') return err('or');
  if (n.t === 'call' && n.name === 'regex') {
    if (n.args.length !== 2 || n.args[0].t !== 'self' || n.args[1].t !== 'str') return err('regexForm');
    if (kind !== 'text') return err('regexNotText');
    return { ok: true, keywords: { pattern: n.args[1].v } };
  }
  if (n.t === 'call' && n.name === 'not') return err('not');
  if (n.t !== 'cmp') return err('unsupported');
  let { l, r, op } = n;
  if ((l.t === 'num' || l.t === 'str') && r.t !== 'num' && r.t !== 'str') [l, r, op] = [r, l, FLIP[op]];
  for (const side of [l, r]) {
    if (side.t === 'ref') return err('otherQuestion');
    if (side.t === 'call' && side.name === 'today') return err('today');
  }
  if (r.t !== 'num') return r.t === 'str' ? err('textLiteral') : err('unsupported');
  const value = r.v;
  if (op === '!=') return err('notEqual');
  if (l.t === 'self') {
    if (kind !== 'number' && kind !== 'integer') return err('rangeNotNumber');
    if (op === '=') return { ok: true, keywords: { minimum: value, maximum: value } };
    return { ok: true, keywords: { [RANGE[op]]: value } };
  }
  if (l.t === 'call' && l.args.length === 1 && l.args[0].t === 'self') {
    const counted = COUNTS[l.name];
    if (!counted) return l.name === 'today' ? err('today') : err('function', { name: l.name });
    if (!counted.kinds.includes(kind)) return err('countKind', { name: l.name });
    if (!Number.isInteger(value) || value < 0) return err('countNumber', { name: l.name });
    const [minKey, maxKey] = counted.keys;
    switch (op) {
      case '>=': return { ok: true, keywords: { [minKey]: value } };
      case '>': return { ok: true, keywords: { [minKey]: value + 1 } };
      case '<=': return { ok: true, keywords: { [maxKey]: value } };
      case '<': return value === 0 ? err('countNumber', { name: l.name }) : { ok: true, keywords: { [maxKey]: value - 1 } };
      default: return { ok: true, keywords: { [minKey]: value, [maxKey]: value } };
    }
  }
  if (l.t === 'call' && l.name === 'today') return err('today');
  if (l.t === 'ref') return err('otherQuestion');
  return err('unsupported');
}

const RANGE: Record<'<' | '<=' | '>' | '>=', string> = { '<': 'exclusiveMaximum', '<=': 'maximum', '>': 'exclusiveMinimum', '>=': 'minimum' };

const COUNTS: Record<string, { kinds: ConstraintKind[]; keys: [string, string] }> = {
  'string-length': { kinds: ['text'], keys: ['minLength', 'maxLength'] },
  'count-selected': { kinds: ['multi'], keys: ['minItems', 'maxItems'] },
  count: { kinds: ['repeat'], keys: ['minItems', 'maxItems'] },
};

/** The keywords a constraint may hold, per kind, in the order they are written back. */
const WRITTEN: Record<string, Array<[string, (v: number) => string]>> = {
  number: [['minimum', (v) => `. >= ${v}`], ['exclusiveMinimum', (v) => `. > ${v}`], ['maximum', (v) => `. <= ${v}`], ['exclusiveMaximum', (v) => `. < ${v}`]],
  text: [['minLength', (v) => `string-length(.) >= ${v}`], ['maxLength', (v) => `string-length(.) <= ${v}`]],
  multi: [['minItems', (v) => `count-selected(.) >= ${v}`], ['maxItems', (v) => `count-selected(.) <= ${v}`]],
  repeat: [['minItems', (v) => `count(.) >= ${v}`], ['maxItems', (v) => `count(.) <= ${v}`]],
};

/** The keywords a constraint of this kind can express (export checks nothing else is left). */
export function constraintKeywordNames(kind: ConstraintKind): string[] {
  const family = kind === 'integer' ? 'number' : kind === 'date' ? 'text' : kind;
  return [...(WRITTEN[family] ?? []).map(([k]) => k), ...(family === 'text' ? ['pattern'] : [])];
}

/**
 * Writes the constraint keywords of a question schema back as an expression; `skip` names keywords
 * left out because the importer restores them by default (e.g. a multiple choice's maxItems equal
 * to its number of options). Null when a pattern cannot be quoted.
 */
export function constraintText(schema: Schema, kind: ConstraintKind, skip: ReadonlySet<string> = new Set()): string | null {
  const family = kind === 'integer' ? 'number' : kind === 'date' ? 'text' : kind;
  const parts: string[] = [];
  for (const [k, write] of WRITTEN[family] ?? []) {
    if (typeof schema[k] === 'number' && !skip.has(k)) parts.push(write(schema[k] as number));
  }
  if (family === 'text' && typeof schema.pattern === 'string') {
    const lit = literalText(schema.pattern);
    if (lit === null) return null;
    parts.push(`regex(., ${lit})`);
  }
  return parts.join(' and ');
}
