/**
 * Sorting in BSON order. For an array field MongoDB sorts ascending by the smallest element and
 * descending by the largest; a missing field sorts as null. Sort keys are computed once per
 * document, not per comparison.
 */
import { CommandError, Codes } from '../errors';
import { bsonCompare } from '../values/compare';
import { collect, EMPTY_ARRAY } from '../values/paths';
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

function sortValue(doc: Doc, field: SortField): unknown {
  const values = collect(doc, field.path);
  let best: unknown = undefined;
  let first = true;
  for (const raw of values) {
    const v = raw === EMPTY_ARRAY ? undefined : raw;
    if (first) {
      best = v;
      first = false;
    } else {
      const c = bsonCompare(v, best);
      if ((field.dir === 1 && c < 0) || (field.dir === -1 && c > 0)) best = v;
    }
  }
  return best;
}

/** Sorts in place (stable) and returns the array. */
export function sortDocs<T>(items: T[], fields: SortField[], docOf: (item: T) => Doc): T[] {
  if (fields.length === 0 || items.length < 2) return items;
  const keyed = items.map((item, i) => ({ item, i, keys: fields.map((f) => sortValue(docOf(item), f)) }));
  keyed.sort((a, b) => {
    for (let f = 0; f < fields.length; f++) {
      const c = bsonCompare(a.keys[f], b.keys[f]);
      if (c) return c * fields[f].dir;
    }
    return a.i - b.i;
  });
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i].item;
  return items;
}

/** Keeps the `k` first documents of the sort order without sorting everything (sort+limit). */
export function topK<T>(items: T[], fields: SortField[], docOf: (item: T) => Doc, k: number): T[] {
  if (k >= items.length || k <= 0) return sortDocs(items, fields, docOf);
  return sortDocs(items, fields, docOf).slice(0, k);
}
