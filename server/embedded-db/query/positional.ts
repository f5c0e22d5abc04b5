/**
 * The array position a query matched, for the positional `$` of updates (`items.$.qty`) and of
 * projections (`items.$`). MongoDB records, while matching, the index of the array element a
 * condition matched through; this walks the query the same way: conditions on the array's path
 * or below it (`items`, `items.sku`, `{items: {$elemMatch: ...}}`) and inside `$and`, the last
 * such condition deciding. Conditions that match the array as a whole (`{items: [..]}`) or
 * through a negation record no position, and neither does an `$or` (MongoDB evaluates its
 * branches without recording) unless MongoDB's optimiser removes it: an `$or` of one branch is
 * that branch, and one whose branches are all equalities (or regexes) on one path is an `$in`,
 * whose position is the first element equal to any of the values.
 */
import { fieldOf, setField } from '../values/fields';
import { bsonTag, Doc, isPlainObject } from '../values/types';
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
      const r = orPosition(flattenOr(cond), doc, prefix, parts, arr);
      if (r !== null) last = r;
    } else if ((key === prefix || key.startsWith(`${prefix}.`)) && recordsPosition(cond)) {
      const pred = compileFilter({ [key]: cond });
      const i = arr.findIndex((e) => pred(withPath(doc, parts, [e])));
      if (i >= 0) last = i;
    }
  }
  return last;
}

/** The branches of an `$or`, those of `$or`s nested in it included (MongoDB absorbs them). */
function flattenOr(branches: unknown[]): unknown[] {
  return branches.flatMap((b) => (isPlainObject(b) && Object.keys(b).length === 1 && Array.isArray(b.$or) ? flattenOr(b.$or) : [b]));
}

/** `{path: value}`, `{path: {$eq: value}}` (not a regex) or `{path: /re/}` / `{path: {$regex}}`: what MongoDB folds into an `$in`. */
function equalityOrRegexOn(branch: unknown): string | null {
  if (!isPlainObject(branch)) return null;
  const keys = Object.keys(branch);
  if (keys.length !== 1 || keys[0].startsWith('$')) return null;
  const cond = branch[keys[0]];
  if (!isPlainObject(cond)) return keys[0];
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops[0].startsWith('$')) return keys[0];
  if (ops.length === 1 && ops[0] === '$eq') return cond.$eq instanceof RegExp || bsonTag(cond.$eq) === 'BSONRegExp' ? null : keys[0];
  return ops[0] === '$regex' && ops.every((op) => op === '$regex' || op === '$options') ? keys[0] : null;
}

function orPosition(branches: unknown[], doc: Doc, prefix: string, parts: string[], arr: unknown[]): number | null {
  if (branches.length === 1) return isPlainObject(branches[0]) ? matchedIndex(branches[0], doc, prefix, parts, arr) : null;
  const path = equalityOrRegexOn(branches[0]);
  if (path === null || branches.some((b) => equalityOrRegexOn(b) !== path)) return null;
  let first: number | null = null;
  for (const b of branches) {
    const i = matchedIndex(b as Doc, doc, prefix, parts, arr);
    if (i !== null && (first === null || i < first)) first = i;
  }
  return first;
}

/** Index in `arr` (the array at `prefix` of `doc`) that the query matched, or -1. */
export function positionalMatch(doc: Doc, prefix: string, arr: unknown[], filter: Doc | undefined): number {
  if (!filter) return -1;
  return matchedIndex(filter, doc, prefix, prefix.split('.'), arr) ?? -1;
}
