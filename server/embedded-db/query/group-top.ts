/**
 * `$topN`, `$bottomN`, `$top` and `$bottom` for the direct `$group` (group.ts). Each group keeps
 * its best n documents in a sorted array; a document is decided on its first sort key alone
 * when that key already loses to the last one kept (most documents), and `output` is evaluated
 * only for the documents kept, once the group is complete. Sort order is BSON order as in
 * `$sort` (sort.ts); documents that tie on every sort key keep document order, so the result is
 * the first (or last) n of a stable sort of the group.
 *
 * `n` is a constant or an expression of the group key: MongoDB evaluates it against the `_id`
 * of the group, so a report can ask 500 rows of one grade's groups and 10 of the others
 * (`evalOnKey` runs mingo's expression evaluator with the server's operators).
 */
import { CommandError } from '../errors';
import { bsonCompare } from '../values/compare';
import { setField } from '../values/fields';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import { type Getter, getterFor } from './group-operands';
import { parseSort, sortKeyGetter } from './sort';

/** Evaluates an expression against a group's `_id` (the `n` of $topN and $bottomN). */
export type KeyEvaluator = (groupId: unknown, expr: unknown) => unknown;

export const TOP_OPS: ReadonlySet<string> = new Set(['$topN', '$bottomN', '$top', '$bottom']);

export interface TopSpec {
  /** $top / $bottom: one value, not an array. */
  single: boolean;
  /** $bottomN / $bottom: the last n in sort order (kept as the first n of the reversed order). */
  bottom: boolean;
  keys: Getter[];
  dirs: (1 | -1)[];
  n: unknown;
  output: Getter;
}

/**
 * A getter for an output made of field paths and constants, in objects and arrays (missing
 * values: dropped from objects, null in arrays and at the top, as MongoDB does); null for
 * anything with an operator, left to mingo.
 */
function compileOutput(expr: unknown): Getter | null {
  if (Array.isArray(expr)) {
    const parts = expr.map((e) => compileOutput(e));
    if (parts.some((p) => p === null)) return null;
    return (doc) => parts.map((p) => p!(doc) ?? null);
  }
  if (isPlainObject(expr)) {
    const fields = Object.keys(expr);
    if (fields.some((f) => f.startsWith('$') || f.includes('.'))) return null;
    const parts = fields.map((f) => compileOutput(expr[f]));
    if (parts.some((p) => p === null)) return null;
    return (doc) => {
      const out: Doc = {};
      for (let i = 0; i < fields.length; i++) {
        const v = parts[i]!(doc);
        if (v !== undefined) setField(out, fields[i], v);
      }
      return out;
    };
  }
  return getterFor(expr);
}

/** The accumulator's arguments when the direct path can run them; null leaves the spec to mingo. */
export function parseTop(op: string, def: unknown): TopSpec | null {
  if (!isPlainObject(def)) return null;
  const single = op === '$top' || op === '$bottom';
  const allowed = single ? ['sortBy', 'output'] : ['n', 'sortBy', 'output'];
  const keys = Object.keys(def);
  if (keys.length !== allowed.length || !allowed.every((k) => k in def)) return null;
  if (!isPlainObject(def.sortBy) || Object.keys(def.sortBy).length === 0) return null;
  let fields;
  try {
    fields = parseSort(def.sortBy);
  } catch {
    return null; // mingo reports the bad sort as MongoDB would word it
  }
  const output = compileOutput(def.output);
  if (!output) return null;
  const bottom = op === '$bottomN' || op === '$bottom';
  return {
    single, bottom, output, n: single ? 1 : def.n,
    keys: fields.map((f) => sortKeyGetter(f)),
    dirs: fields.map((f) => (bottom ? -f.dir : f.dir) as 1 | -1),
  };
}

function countOf(spec: TopSpec, groupId: unknown, evalOnKey: KeyEvaluator): number {
  const v = typeof spec.n === 'number' ? spec.n : evalOnKey(groupId, spec.n);
  if (numKind(v) === null || !Number.isInteger(toNumber(v))) {
    throw new CommandError(5787902, `Value for 'n' must be of integral type, but found ${JSON.stringify(v ?? null)}`);
  }
  const n = toNumber(v);
  if (n <= 0) throw new CommandError(5787908, `'n' must be greater than 0, found ${n}`);
  return n;
}

interface Kept { doc: Doc; i: number; keys: unknown[] }

export interface TopRunning { add(doc: unknown): void; result(): unknown }

/** The running best n documents of one group. */
export function topRunning(spec: TopSpec, groupId: unknown, evalOnKey: KeyEvaluator): TopRunning {
  const n = countOf(spec, groupId, evalOnKey);
  const { keys, dirs } = spec;
  const kept: Kept[] = [];
  let seen = 0;
  // Ties keep document order in the sort order: the first n of it for $topN, the last n for
  // $bottomN (kept reversed here, so there the later document of a tie goes first).
  const laterFirst = spec.bottom;
  /** Whether `a` goes before `b`. */
  const before = (a: Kept, b: Kept): boolean => {
    for (let f = 0; f < keys.length; f++) {
      const c = bsonCompare(a.keys[f], b.keys[f]) * dirs[f];
      if (c) return c < 0;
    }
    return laterFirst ? a.i > b.i : a.i < b.i;
  };
  return {
    add(value) {
      const doc = value as Doc;
      const i = seen++;
      const first = keys[0](doc);
      if (kept.length === n) {
        const last = kept[n - 1];
        const c = bsonCompare(first, last.keys[0]) * dirs[0];
        if (c > 0) return;
        if (c === 0) {
          // Equal first key: the rest decide; on a full tie the later document (this one) loses,
          // unless later documents go first.
          let d = 0;
          for (let f = 1; f < keys.length && d === 0; f++) d = bsonCompare(keys[f](doc), last.keys[f]) * dirs[f];
          if (d > 0 || (d === 0 && !laterFirst)) return;
        }
      }
      const entry: Kept = { doc, i, keys: [first] };
      for (let f = 1; f < keys.length; f++) entry.keys.push(keys[f](doc));
      let lo = 0;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(kept[mid], entry)) lo = mid + 1;
        else hi = mid;
      }
      kept.splice(lo, 0, entry);
      if (kept.length > n) kept.pop();
    },
    result() {
      const rows = kept.map((k) => spec.output(k.doc) ?? null);
      if (spec.bottom) rows.reverse();
      return spec.single ? rows[0] ?? null : rows;
    },
  };
}
