/**
 * The read core shared by find, update, delete, findAndModify, count and aggregate: index
 * candidates (or a scan), the filter, then sort / skip / limit. Returns stored documents with
 * their ids; callers copy or project before handing them out.
 */
import { Collection } from '../storage/collection';
import { DataView } from '../storage/view';
import { Doc } from '../values/types';
import { compileFilter } from './matcher';
import { exactIndexCount, planCandidates } from './planner';
import { SortField, sortDocs } from './sort';

export interface SelectOptions {
  sort?: SortField[];
  skip?: number;
  /** 0 or undefined = no limit. */
  limit?: number;
  /** The command's `let` variables. */
  variables?: Doc;
}

export type Hit = [id: string, doc: Doc];

export function selectDocs(view: DataView, coll: Collection | undefined, filter: Doc | undefined, opts: SelectOptions = {}): Hit[] {
  // The filter is parsed (and refused when invalid) even when the collection does not exist, as in MongoDB.
  const pred = compileFilter(filter, opts.variables);
  if (!coll) return [];
  const ids = planCandidates(coll, filter);
  const source = ids ? view.byIds(coll, ids) : view.all(coll);
  const skip = opts.skip ?? 0;
  const limit = opts.limit ?? 0;
  const sorting = (opts.sort?.length ?? 0) > 0;
  // Without a sort the scan can stop as soon as skip + limit documents matched.
  const stopAt = !sorting && limit > 0 ? skip + limit : Infinity;
  const hits: Hit[] = [];
  for (const hit of source) {
    if (pred(hit[1])) {
      hits.push(hit);
      if (hits.length >= stopAt) break;
    }
  }
  if (sorting) sortDocs(hits, opts.sort!, (h) => h[1], limit > 0 ? skip + limit : 0);
  if (skip === 0 && (limit === 0 || hits.length <= limit)) return hits;
  return hits.slice(skip, limit > 0 ? skip + limit : undefined);
}

/** Number of matching documents (count command, countDocuments fast path). */
export function countDocs(view: DataView, coll: Collection | undefined, filter: Doc | undefined, variables?: Doc): number {
  if (!coll) {
    compileFilter(filter, variables);
    return 0;
  }
  if (!filter || Object.keys(filter).length === 0) return view.count(coll);
  const exact = view.txn ? null : exactIndexCount(coll, filter);
  return exact ?? selectDocs(view, coll, filter, { variables }).length;
}
