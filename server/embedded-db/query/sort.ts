/**
 * Sorting in BSON order. For an array field MongoDB sorts ascending by the smallest element and
 * descending by the largest; a missing field sorts as null. Sort keys are computed once per
 * document, not per comparison.
 */
import { CommandError, Codes } from '../errors';
import { bsonCompare } from '../values/compare';
import type { Collation } from '../values/collation';
import { fieldOf } from '../values/fields';
import { collect, EMPTY_ARRAY, splitPath } from '../values/paths';
import { toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';

export interface SortField { path: string; dir: 1 | -1 }

export function parseSort(spec: unknown): SortField[] {
  if (spec === undefined || spec === null) return [];
  if (!isPlainObject(spec)) throw new CommandError(Codes.TypeMismatch, 'sort must be an object');
  return Object.keys(spec).map((path) => {
    const v = spec[path];
    if (isPlainObject(v)) throw new CommandError(Codes.BadValue, `$meta sort on '${path}' is not supported by the embedded database`);
    const n = toNumber(v);
    if (n !== 1 && n !== -1) throw new CommandError(Codes.BadValue, `Invalid sort specification for '${path}': ${String(v)}`);
    return { path, dir: n as 1 | -1 };
  });
}

type Compare = (a: unknown, b: unknown) => number;

function sortValue(doc: Doc, field: SortField, compare: Compare): unknown {
  if (!field.path.includes('.')) {
    const v = fieldOf(doc, field.path);
    if (!Array.isArray(v)) return v;
  }
  const values = collect(doc, field.path);
  let best: unknown = undefined;
  let first = true;
  for (const raw of values) {
    const v = raw === EMPTY_ARRAY ? undefined : raw;
    if (first) {
      best = v;
      first = false;
    } else {
      const c = compare(v, best);
      if ((field.dir === 1 && c < 0) || (field.dir === -1 && c > 0)) best = v;
    }
  }
  return best;
}

/**
 * The sort value of `field` as a function of the document: a walk down plain objects when
 * nothing else is on the way (the common case, no allocation), else the general rule above.
 */
export function sortKeyGetter(field: SortField, compare: Compare = bsonCompare): (doc: Doc) => unknown {
  const parts = splitPath(field.path);
  const guarded = parts.inherited;
  return (doc) => {
    let v: unknown = doc;
    for (let i = 0; i < parts.length; i++) {
      if (isPlainObject(v)) v = guarded ? fieldOf(v, parts[i]) : v[parts[i]];
      else if (v === null || typeof v !== 'object') return undefined;
      else return sortValue(doc, field, compare); // an array or a BSON value on the way: the general rule
    }
    return Array.isArray(v) ? sortValue(doc, field, compare) : v;
  };
}

interface Keyed<T> { item: T; i: number; keys: unknown[] }

function comparator(fields: SortField[], compare: Compare) {
  return <T>(a: Keyed<T>, b: Keyed<T>): number => {
    for (let f = 0; f < fields.length; f++) {
      const c = compare(a.keys[f], b.keys[f]);
      if (c) return c * fields[f].dir;
    }
    return a.i - b.i;
  };
}

/**
 * Sorts in place (stable) and returns the array, cut to `limit` items when given. When `limit`
 * is much smaller than the input, those items are selected in one pass instead of a full sort.
 * Strings compare by `collation` when one is given (binary otherwise).
 */
export function sortDocs<T>(items: T[], fields: SortField[], docOf: (item: T) => Doc, limit = 0, collation: Collation | null = null): T[] {
  if (fields.length === 0 || items.length < 2) {
    if (limit > 0 && items.length > limit) items.length = limit;
    return items;
  }
  const compare = collation ? collation.compare : bsonCompare;
  const cmp = comparator(fields, compare);
  const getters = fields.map((f) => sortKeyGetter(f, compare));
  const keyOf = (item: T, i: number): Keyed<T> => ({ item, i, keys: getters.map((get) => get(docOf(item))) });
  if (limit > 0 && limit * 8 < items.length) {
    const top: Keyed<T>[] = [];
    const first = fields[0];
    for (let i = 0; i < items.length; i++) {
      if (top.length === limit) {
        // Most documents lose on the first key alone: decide that before building the key.
        const c = compare(getters[0](docOf(items[i])), top[limit - 1].keys[0]) * first.dir;
        if (c > 0) continue;
      }
      const k = keyOf(items[i], i);
      if (top.length === limit && cmp(k, top[limit - 1]) >= 0) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(top[mid], k) <= 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, k);
      if (top.length > limit) top.pop();
    }
    items.length = top.length;
    for (let i = 0; i < top.length; i++) items[i] = top[i].item;
    return items;
  }
  const keyed = items.map(keyOf);
  keyed.sort(cmp);
  if (limit > 0 && keyed.length > limit) keyed.length = limit;
  items.length = keyed.length;
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i].item;
  return items;
}
