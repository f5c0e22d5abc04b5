/**
 * Picks the access path for a filter: equality or $in on `_id` or on the leading field of a
 * secondary index (top level or inside a top-level $and), else a collection scan. Candidates
 * are a superset of the matches: the full filter is applied to them afterwards. The plan is
 * kept (not only its ids) so `explain` reports the decision that was actually taken.
 *
 * Collation: an index answers string predicates only when its collation is the query's
 * (MongoDB's rule); the `_id` map compares binary, so a string `_id` under a non-simple
 * collation is scanned. Hidden indexes are never chosen.
 */
import { Collection } from '../storage/collection';
import { SecondaryIndex } from '../storage/secondary-index';
import { Collation, hasStrings, sameCollation } from '../values/collation';
import { valueKey } from '../values/keys';
import { bsonTag, Doc, isPlainObject } from '../values/types';

/** One usable index lookup: the index (null = the `_id` index), its field and equality values. */
export interface IndexPlan {
  index: SecondaryIndex | null;
  field: string;
  values: unknown[];
  /** Lookup keys of `values` (values nothing indexed can equal are left out). */
  keys: string[];
  /** Index entries the lookup reads. */
  cost: number;
}

export interface Plan {
  /** null = collection scan. */
  chosen: IndexPlan | null;
  /** Usable lookups not taken (a cheaper one, or a scan beats them), for explain. */
  rejected: IndexPlan[];
}

/** Equality operands a predicate `{path: cond}` can be looked up by, or null if not index-usable. */
function lookupValues(cond: unknown, allowNull: boolean): unknown[] | null {
  const keyable = (v: unknown): boolean =>
    v !== undefined && !(v instanceof RegExp) && !Array.isArray(v) && bsonTag(v) !== 'BSONRegExp' &&
    (allowNull || v !== null) && !(isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$')));
  if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
    const ops = Object.keys(cond);
    if (ops.length !== 1) return null;
    if (ops[0] === '$eq') return keyable(cond.$eq) ? [cond.$eq] : null;
    if (ops[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(keyable)) return cond.$in;
    return null;
  }
  return keyable(cond) ? [cond] : null;
}

function predicatesOf(filter: Doc, out: Array<[string, unknown]>): void {
  for (const key of Object.keys(filter)) {
    if (key === '$and' && Array.isArray(filter.$and)) {
      for (const sub of filter.$and) if (isPlainObject(sub)) predicatesOf(sub, out);
    } else if (!key.startsWith('$')) out.push([key, filter[key]]);
  }
}

/** An index of collation `indexColl` can answer equality on `values` under `queryColl`. */
function collationAllows(values: unknown[], queryColl: Collation | null, indexColl: Collation | null): boolean {
  return sameCollation(queryColl, indexColl) || !values.some(hasStrings);
}

function idPlan(field: string, values: unknown[]): IndexPlan {
  const keys = Array.from(new Set(values.map(valueKey)));
  return { index: null, field, values, keys, cost: keys.length };
}

function indexPlan(index: SecondaryIndex, field: string, values: unknown[]): IndexPlan {
  const keys = new Set<string>();
  for (const v of values) {
    const k = index.lookupKey(v);
    if (k !== null) keys.add(k);
  }
  let cost = 0;
  for (const k of keys) cost += index.lookupCount(k);
  return { index, field, values, keys: Array.from(keys), cost };
}

export function choosePlan(coll: Collection, filter: Doc | undefined, collation: Collation | null = null): Plan {
  const none: Plan = { chosen: null, rejected: [] };
  if (!filter) return none;
  const preds: Array<[string, unknown]> = [];
  predicatesOf(filter, preds);
  const usable: IndexPlan[] = [];
  for (const [path, cond] of preds) {
    if (path === '_id') {
      const values = lookupValues(cond, false);
      // An _id lookup touches at most one document per key: nothing is more selective.
      if (values && collationAllows(values, collation, null)) return { chosen: idPlan(path, values), rejected: [] };
      continue;
    }
    for (const index of coll.indexes) {
      if (index.fields[0] !== path || index.isPartial || index.hidden) continue;
      const values = lookupValues(cond, !index.sparse);
      if (values && collationAllows(values, collation, index.collation)) usable.push(indexPlan(index, path, values));
    }
  }
  if (usable.length === 0) return none;
  let best = usable[0];
  for (let i = 1; i < usable.length; i++) if (usable[i].cost < best.cost) best = usable[i];
  // An index that selects most of the collection (a report over a whole cycle) is slower than a
  // scan: fetching each candidate by id costs more than reading the documents in order.
  if (best.cost > coll.liveCount / 2) return { chosen: null, rejected: usable };
  return { chosen: best, rejected: usable.filter((p) => p !== best) };
}

/** The candidate ids a lookup plan reads. */
export function planIds(p: IndexPlan): string[] {
  const { index, keys } = p;
  if (!index) return keys;
  if (keys.length === 1) return Array.from(index.lookup(keys[0]));
  const all = new Set<string>();
  for (const k of keys) for (const id of index.lookup(k)) all.add(id);
  return Array.from(all);
}

/** Candidate ids for a filter, or null when the collection has to be scanned. */
export function planCandidates(coll: Collection, filter: Doc | undefined): string[] | null {
  const { chosen } = choosePlan(coll, filter);
  return chosen ? planIds(chosen) : null;
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
export function exactIndexCount(coll: Collection, filter: Doc, collation: Collation | null = null): number | null {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0].startsWith('$')) return null;
  const path = keys[0];
  let value = filter[path];
  if (isPlainObject(value)) {
    if (Object.keys(value).length !== 1 || !('$eq' in value)) return null;
    value = value.$eq;
  }
  if (!exactKeyable(value)) return null;
  if (path === '_id') return collationAllows([value], collation, null) ? (coll.current(valueKey(value)) ? 1 : 0) : null;
  const index = coll.indexes.find((i) => i.fields[0] === path && !i.isPartial && !i.hidden && collationAllows([value], collation, i.collation));
  if (!index) return null;
  const key = index.lookupKey(value);
  return key === null ? 0 : index.lookupCount(key);
}
