/**
 * The read core shared by find, update, delete, findAndModify, count and aggregate: index
 * candidates (or a scan), the filter, then sort / skip / limit. Returns stored documents with
 * their ids; callers copy or project before handing them out. `stats`, when given, receives the
 * plan taken and what it examined (explain reads it).
 */
import { CommandError } from '../errors';
import { Collection } from '../storage/collection';
import { DataView } from '../storage/view';
import { Collation } from '../values/collation';
import { Doc } from '../values/types';
import { compileFilter } from './matcher';
import { choosePlan, exactIndexCount, Plan, planIds } from './planner';
import { SortField, sortDocs } from './sort';

export interface SelectOptions {
  sort?: SortField[];
  skip?: number;
  /** 0 or undefined = no limit. */
  limit?: number;
  /** The command's `let` variables. */
  variables?: Doc;
  /** The operation's collation (null or absent = simple). */
  collation?: Collation | null;
  stats?: SelectStats;
}

export interface SelectStats {
  plan: Plan;
  /** Index entries read (candidate ids from the chosen index). */
  keysExamined: number;
  docsExamined: number;
  /** Documents that passed the filter (before skip / limit). */
  matched: number;
}

export type Hit = [id: string, doc: Doc];

/** Code 291: what MongoDB answers a collection scan while `notablescan` is set. */
function noTableScan(coll: Collection): CommandError {
  return new CommandError(291, `error processing query: ns=${coll.ns} planner returned error :: caused by :: No indexed plans available, and running with 'notablescan'`);
}

export function selectDocs(view: DataView, coll: Collection | undefined, filter: Doc | undefined, opts: SelectOptions = {}): Hit[] {
  // The filter is parsed (and refused when invalid) even when the collection does not exist, as in MongoDB.
  const collation = opts.collation ?? null;
  const pred = compileFilter(filter, opts.variables, collation);
  if (!coll) return [];
  let plan = choosePlan(coll, filter, collation);
  if (!plan.chosen && view.engine.noTableScan && filter && Object.keys(filter).length > 0) {
    // A scan is not allowed: an index the planner found too unselective still beats failing.
    if (plan.rejected.length === 0) throw noTableScan(coll);
    const [best, ...rest] = plan.rejected.slice().sort((a, b) => a.cost - b.cost);
    plan = { chosen: best, rejected: rest };
  }
  const ids = plan.chosen ? planIds(plan.chosen) : null;
  const source = ids ? view.byIds(coll, ids) : view.all(coll);
  const skip = opts.skip ?? 0;
  const limit = opts.limit ?? 0;
  const sorting = (opts.sort?.length ?? 0) > 0;
  // Without a sort the scan can stop as soon as skip + limit documents matched.
  const stopAt = !sorting && limit > 0 ? skip + limit : Infinity;
  const hits: Hit[] = [];
  let examined = 0;
  for (const hit of source) {
    examined++;
    if (pred(hit[1])) {
      hits.push(hit);
      if (hits.length >= stopAt) break;
    }
  }
  if (opts.stats) Object.assign(opts.stats, { plan, keysExamined: ids ? ids.length : 0, docsExamined: examined, matched: hits.length });
  if (sorting) sortDocs(hits, opts.sort!, (h) => h[1], limit > 0 ? skip + limit : 0, collation);
  if (skip === 0 && (limit === 0 || hits.length <= limit)) return hits;
  return hits.slice(skip, limit > 0 ? skip + limit : undefined);
}

/** Number of matching documents (count command, countDocuments fast path). */
export function countDocs(view: DataView, coll: Collection | undefined, filter: Doc | undefined, variables?: Doc, collation: Collation | null = null): number {
  if (!coll) {
    compileFilter(filter, variables, collation);
    return 0;
  }
  if (!filter || Object.keys(filter).length === 0) return view.count(coll);
  const exact = view.txn ? null : exactIndexCount(coll, filter, collation);
  return exact ?? selectDocs(view, coll, filter, { variables, collation }).length;
}
