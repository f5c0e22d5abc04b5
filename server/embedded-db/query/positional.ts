/**
 * The array position a query matched, for the positional `$` of updates (`items.$.qty`) and of
 * projections (`items.$`). MongoDB records, while matching, the index of the array element a
 * condition matched through; this walks the query the same way: conditions on the array's path
 * or below it (`items`, `items.sku`, `{items: {$elemMatch: ...}}`), inside `$and` and inside the
 * first `$or` branch the document satisfies, the last such condition deciding. Conditions that
 * match the array as a whole (`{items: [..]}`) or through a negation record no position.
 */
import { fieldOf, setField } from '../values/fields';
import { Doc, isPlainObject } from '../values/types';
import { compileFilter } from './matcher';

/** Shallow copy of `doc` with the value at `parts` replaced. */
function withPath(doc: Doc, parts: string[], value: unknown): Doc {
  const root: Doc = { ...doc };
  let node: Doc = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = fieldOf(node, parts[i]);
    const copy: Doc = isPlainObject(next) ? { ...next } : {};
    setField(node, parts[i], copy);
    node = copy;
  }
  setField(node, parts[parts.length - 1], value);
  return root;
}

const NEGATIONS = new Set(['$ne', '$nin', '$not']);

function recordsPosition(cond: unknown): boolean {
  if (!isPlainObject(cond)) return !Array.isArray(cond);
  const ops = Object.keys(cond);
  return !(ops.length > 0 && ops.every((op) => NEGATIONS.has(op)));
}

function matchedIndex(filter: Doc, doc: Doc, prefix: string, parts: string[], arr: unknown[]): number | null {
  let last: number | null = null;
  for (const key of Object.keys(filter)) {
    const cond = filter[key];
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) {
        const r = isPlainObject(sub) ? matchedIndex(sub, doc, prefix, parts, arr) : null;
        if (r !== null) last = r;
      }
    } else if (key === '$or' && Array.isArray(cond)) {
      const branch = cond.find((sub) => isPlainObject(sub) && compileFilter(sub)(doc)) as Doc | undefined;
      const r = branch ? matchedIndex(branch, doc, prefix, parts, arr) : null;
      if (r !== null) last = r;
    } else if ((key === prefix || key.startsWith(`${prefix}.`)) && recordsPosition(cond)) {
      const pred = compileFilter({ [key]: cond });
      const i = arr.findIndex((e) => pred(withPath(doc, parts, [e])));
      if (i >= 0) last = i;
    }
  }
  return last;
}

/** Index in `arr` (the array at `prefix` of `doc`) that the query matched, or -1. */
export function positionalMatch(doc: Doc, prefix: string, arr: unknown[], filter: Doc | undefined): number {
  if (!filter) return -1;
  return matchedIndex(filter, doc, prefix, prefix.split('.'), arr) ?? -1;
}
