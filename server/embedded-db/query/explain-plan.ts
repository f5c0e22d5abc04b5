/**
 * Explain output built from the plan the planner actually chose (planner.ts) and, for
 * executionStats, from what selectDocs counted while running it. Stage names and fields follow
 * MongoDB 7.0's classic engine (IDHACK, FETCH over IXSCAN, COLLSCAN, SORT, SKIP, LIMIT,
 * PROJECTION_*, COUNT, UPDATE, DELETE), which is what mongoose's explain() callers and Compass's
 * plan view read. One tree carries both views: `planOf` drops the run-time counters.
 */
import { formatValue } from '../storage/dup-key';
import { Collection } from '../storage/collection';
import { bsonCompare } from '../values/compare';
import { Doc, isPlainObject } from '../values/types';
import { IndexPlan, Plan } from './planner';
import { SelectStats } from './select';

export interface StageNode {
  stage: string;
  /** Static description (winningPlan fields besides stage / inputStage). */
  info: Doc;
  /** Run-time counters (executionStages), filled when the query ran. */
  run: Doc;
  nReturned: number;
  input?: StageNode;
}

export function node(stage: string, info: Doc, nReturned: number, input?: StageNode, run: Doc = {}): StageNode {
  return { stage, info, run, nReturned, input };
}

export function planOf(n: StageNode): Doc {
  const out: Doc = { stage: n.stage, ...n.info };
  if (n.input) out.inputStage = planOf(n.input);
  return out;
}

export function execOf(n: StageNode, millis: number): Doc {
  const works = n.nReturned + ((n.run.docsExamined as number) ?? (n.run.keysExamined as number) ?? 0) + 1;
  const out: Doc = {
    stage: n.stage, ...n.info, nReturned: n.nReturned, executionTimeMillisEstimate: millis, works, advanced: n.nReturned,
    needTime: Math.max(0, works - n.nReturned - 1), needYield: 0, saveState: 0, restoreState: 0, isEOF: 1, ...n.run,
  };
  if (n.input) out.inputStage = execOf(n.input, millis);
  return out;
}

/** `["a", "a"]`-style point intervals, sorted and unique, as IXSCAN's indexBounds show them. */
function pointBounds(values: unknown[]): string[] {
  const sorted = values.slice().sort(bsonCompare).filter((v, i, all) => i === 0 || bsonCompare(all[i - 1], v) !== 0);
  return sorted.map((v) => `[${formatValue(v)}, ${formatValue(v)}]`);
}

function ixscan(p: IndexPlan, keysExamined: number): StageNode {
  const index = p.index;
  const keyPattern = index ? index.spec.key : { _id: 1 };
  const fields = Object.keys(keyPattern);
  const indexBounds: Doc = {};
  const multiKeyPaths: Doc = {};
  for (const f of fields) {
    indexBounds[f] = f === p.field ? pointBounds(p.values) : ['[MinKey, MaxKey]'];
    multiKeyPaths[f] = index?.multiKey ? [f] : [];
  }
  const info: Doc = {
    keyPattern, indexName: index ? index.name : '_id_', isMultiKey: index?.multiKey ?? false, multiKeyPaths,
    isUnique: index ? Boolean(index.spec.unique) : true, isSparse: index?.sparse ?? false, isPartial: index?.isPartial ?? false,
    indexVersion: 2, direction: 'forward', indexBounds,
  };
  if (index?.collation) info.collation = index.collation.spec;
  return node('IXSCAN', info, keysExamined, undefined, { keysExamined, seeks: Math.max(1, p.keys.length), dupsTested: index?.multiKey ? keysExamined : 0, dupsDropped: 0 });
}

/** The filter left for FETCH once the index answered `field` (the whole filter when not separable). */
function residual(filter: Doc, field: string): Doc | null {
  const keys = Object.keys(filter);
  if (keys.length === 1 && keys[0] === field) return null;
  if (!keys.includes(field)) return filter;
  const rest: Doc = {};
  for (const k of keys) if (k !== field) rest[k] = filter[k];
  return rest;
}

/** The access stages: IDHACK, FETCH(IXSCAN) or COLLSCAN, with what they examined. */
export function accessStage(filter: Doc | undefined, plan: Plan, stats: SelectStats | null): StageNode {
  const docs = stats?.docsExamined ?? 0;
  const matched = stats?.matched ?? 0;
  const chosen = plan.chosen;
  if (!chosen) {
    const info: Doc = {};
    if (filter && Object.keys(filter).length) info.filter = filter;
    info.direction = 'forward';
    return node('COLLSCAN', info, matched, undefined, { docsExamined: docs });
  }
  if (!chosen.index && chosen.values.length === 1 && filter && Object.keys(filter).length === 1) {
    return node('IDHACK', {}, matched, undefined, { keysExamined: stats?.keysExamined ?? 0, docsExamined: docs });
  }
  const info: Doc = {};
  const rest = filter ? residual(filter, chosen.field) : null;
  if (rest) info.filter = rest;
  return node('FETCH', info, matched, ixscan(chosen, stats?.keysExamined ?? 0), { docsExamined: docs, alreadyHasObj: 0 });
}

export interface ShapeOptions {
  sort?: Doc;
  skip?: number;
  limit?: number;
  projection?: unknown;
  /** Documents the whole query returned (executionStats). */
  returned: number;
}

/** SORT / SKIP / LIMIT / PROJECTION stages over the access stage, as find's plan stacks them. */
export function findStages(access: StageNode, o: ShapeOptions): StageNode {
  let top = access;
  const skip = o.skip ?? 0;
  const limit = o.limit ?? 0;
  if (o.sort && Object.keys(o.sort).length) {
    const info: Doc = { sortPattern: o.sort, memLimit: 104857600 };
    if (limit > 0) info.limitAmount = skip + limit;
    info.type = 'simple';
    top = node('SORT', info, Math.min(top.nReturned, limit > 0 ? skip + limit : Infinity), top);
    if (skip > 0) top = node('SKIP', { skipAmount: skip }, o.returned, top);
  } else {
    if (skip > 0) top = node('SKIP', { skipAmount: skip }, Math.max(0, top.nReturned - skip), top);
    if (limit > 0) top = node('LIMIT', { limitAmount: limit }, o.returned, top);
  }
  if (isPlainObject(o.projection) && Object.keys(o.projection).length) {
    const simple = Object.values(o.projection).every((v) => typeof v === 'number' || typeof v === 'boolean');
    top = node(simple ? 'PROJECTION_SIMPLE' : 'PROJECTION_DEFAULT', { transformBy: o.projection }, o.returned, top);
  }
  top.nReturned = o.returned;
  return top;
}

/** A short stable hash of the query shape (queryHash / planCacheKey are 8 hex digits in 7.0). */
export function shapeHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

export function queryPlanner(coll: Collection | undefined, ns: string, filter: Doc | undefined, plan: Plan, winning: StageNode, extra: Doc = {}): Doc {
  const shape = JSON.stringify(filter ?? {}, (_k, v) => (isPlainObject(v) || Array.isArray(v) ? v : typeof v));
  const rejectedPlans = plan.rejected.map((p) => planOf(node('FETCH', {}, 0, ixscan(p, 0))));
  return {
    namespace: coll?.ns ?? ns,
    indexFilterSet: false,
    parsedQuery: filter ?? {},
    ...extra,
    queryHash: shapeHash(shape),
    planCacheKey: shapeHash(`${ns}|${shape}`),
    maxIndexedOrSolutionsReached: false,
    maxIndexedAndSolutionsReached: false,
    maxScansToExplodeReached: false,
    winningPlan: planOf(winning),
    rejectedPlans,
  };
}

export function executionStats(winning: StageNode, stats: SelectStats | null, millis: number, allPlans: boolean): Doc {
  const out: Doc = {
    executionSuccess: true,
    nReturned: winning.nReturned,
    executionTimeMillis: millis,
    totalKeysExamined: stats?.keysExamined ?? 0,
    totalDocsExamined: stats?.docsExamined ?? 0,
    executionStages: execOf(winning, millis),
  };
  if (allPlans) out.allPlansExecution = [];
  return out;
}
