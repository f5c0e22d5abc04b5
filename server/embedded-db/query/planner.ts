/**
 * Picks index candidates for a filter: equality or $in on `_id` or on the leading field of a
 * secondary index (top level or inside a top-level $and). Returns the candidate ids of the most
 * selective usable index, or null when the collection has to be scanned. Candidates are a
 * superset of the matches: the full filter is applied to them afterwards.
 */
import { Collection } from '../storage/collection';
import { valueKey } from '../values/keys';
import { bsonTag, Doc, isPlainObject } from '../values/types';

/** Equality keys a predicate `{path: cond}` can be looked up by, or null if not index-usable. */
function lookupKeys(cond: unknown, allowNull: boolean): string[] | null {
  const keyable = (v: unknown): boolean =>
    v !== undefined && !(v instanceof RegExp) && !Array.isArray(v) && bsonTag(v) !== 'BSONRegExp' &&
    (allowNull || v !== null) && !(isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$')));
  if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
    const ops = Object.keys(cond);
    if (ops.length !== 1) return null;
    if (ops[0] === '$eq') return keyable(cond.$eq) ? [valueKey(cond.$eq)] : null;
    if (ops[0] === '$in' && Array.isArray(cond.$in) && cond.$in.length <= 1000 && cond.$in.every(keyable)) {
      return Array.from(new Set(cond.$in.map(valueKey)));
    }
    return null;
  }
  return keyable(cond) ? [valueKey(cond)] : null;
}

interface Plan { ids: () => Iterable<string>; cost: number }

function predicatesOf(filter: Doc, out: Array<[string, unknown]>): void {
  for (const key of Object.keys(filter)) {
    if (key === '$and' && Array.isArray(filter.$and)) {
      for (const sub of filter.$and) if (isPlainObject(sub)) predicatesOf(sub, out);
    } else if (!key.startsWith('$')) out.push([key, filter[key]]);
  }
}

export function planCandidates(coll: Collection, filter: Doc | undefined): string[] | null {
  if (!filter) return null;
  const preds: Array<[string, unknown]> = [];
  predicatesOf(filter, preds);
  let best: Plan | null = null;
  for (const [path, cond] of preds) {
    if (path === '_id') {
      const keys = lookupKeys(cond, false);
      if (keys && (!best || keys.length < best.cost)) best = { ids: () => keys, cost: keys.length };
      continue;
    }
    for (const index of coll.indexes) {
      if (index.fields[0] !== path || index.isPartial) continue;
      const keys = lookupKeys(cond, !index.sparse);
      if (!keys) continue;
      let cost = 0;
      for (const k of keys) cost += index.lookupCount(k);
      if (!best || cost < best.cost) {
        best = {
          cost,
          ids: () => {
            if (keys.length === 1) return index.lookup(keys[0]);
            const all = new Set<string>();
            for (const k of keys) for (const id of index.lookup(k)) all.add(id);
            return all;
          },
        };
      }
    }
  }
  return best ? Array.from(best.ids()) : null;
}
