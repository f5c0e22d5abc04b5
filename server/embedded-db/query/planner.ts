/**
 * Picks index candidates for a filter: equality or $in on `_id` or on the leading field of a
 * secondary index (top level or inside a top-level $and). Returns the candidate ids of the most
 * selective usable index, or null when the collection has to be scanned. Candidates are a
 * superset of the matches: the full filter is applied to them afterwards.
 */
import { Collection } from '../storage/collection';
import { SecondaryIndex } from '../storage/secondary-index';
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
    if (ops[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(keyable)) {
      return Array.from(new Set(cond.$in.map(valueKey)));
    }
    return null;
  }
  return keyable(cond) ? [valueKey(cond)] : null;
}

interface Candidate { keys: string[]; index: SecondaryIndex | null }

function predicatesOf(filter: Doc, out: Array<[string, unknown]>): void {
  for (const key of Object.keys(filter)) {
    if (key === '$and' && Array.isArray(filter.$and)) {
      for (const sub of filter.$and) if (isPlainObject(sub)) predicatesOf(sub, out);
    } else if (!key.startsWith('$')) out.push([key, filter[key]]);
  }
}

function costOf(c: Candidate): number {
  if (!c.index) return c.keys.length;
  let cost = 0;
  for (const k of c.keys) cost += c.index.lookupCount(k);
  return cost;
}

function idsOf(c: Candidate): string[] {
  if (!c.index) return c.keys;
  if (c.keys.length === 1) return Array.from(c.index.lookup(c.keys[0]));
  const all = new Set<string>();
  for (const k of c.keys) for (const id of c.index.lookup(k)) all.add(id);
  return Array.from(all);
}

export function planCandidates(coll: Collection, filter: Doc | undefined): string[] | null {
  if (!filter) return null;
  const preds: Array<[string, unknown]> = [];
  predicatesOf(filter, preds);
  const usable: Candidate[] = [];
  for (const [path, cond] of preds) {
    if (path === '_id') {
      const keys = lookupKeys(cond, false);
      // An _id lookup touches at most one document per key: nothing is more selective.
      if (keys) return keys;
      continue;
    }
    for (const index of coll.indexes) {
      if (index.fields[0] !== path || index.isPartial) continue;
      const keys = lookupKeys(cond, !index.sparse);
      if (keys) usable.push({ keys, index });
    }
  }
  if (usable.length === 0) return null;
  let best = usable[0];
  let bestCost = costOf(best);
  for (let i = 1; i < usable.length; i++) {
    const cost = costOf(usable[i]);
    if (cost < bestCost) {
      best = usable[i];
      bestCost = cost;
    }
  }
  // An index that selects most of the collection (a report over a whole cycle) is slower than a
  // scan: fetching each candidate by id costs more than reading the documents in order.
  if (bestCost > coll.liveCount / 2) return null;
  return idsOf(best);
}

/** Values whose index key identifies exactly the values MongoDB's equality matches. */
function exactKeyable(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return true;
  if (typeof v === 'number') return Number.isSafeInteger(v);
  return bsonTag(v) === 'ObjectId';
}

/**
 * The number of matches of a filter made of one equality on the leading field of an index (or
 * on `_id`), read from the index without touching documents; null when that is not exact.
 * Committed state only: a transaction's snapshot may differ from the indexes.
 */
export function exactIndexCount(coll: Collection, filter: Doc): number | null {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0].startsWith('$')) return null;
  const path = keys[0];
  let value = filter[path];
  if (isPlainObject(value)) {
    if (Object.keys(value).length !== 1 || !('$eq' in value)) return null;
    value = value.$eq;
  }
  if (!exactKeyable(value)) return null;
  if (path === '_id') return coll.current(valueKey(value)) ? 1 : 0;
  const index = coll.indexes.find((i) => i.fields[0] === path && !i.isPartial);
  return index ? index.lookupCount(valueKey(value)) : null;
}
