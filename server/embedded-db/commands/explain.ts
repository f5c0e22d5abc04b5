/**
 * explain: `{explain: {<find|aggregate|count|distinct|update|delete|findAndModify>...}, verbosity}`
 * (and the older `aggregate` with `explain: true`). The plan is the planner's real decision;
 * `executionStats` / `allPlansExecution` run the read part and report what it examined. Writes
 * are never applied: UPDATE / DELETE report what they would do (nWouldModify, nWouldDelete).
 */
import os from 'node:os';
import { CommandError, Codes } from '../errors';
import { leadingMatch, runPipeline, validatePipeline } from '../query/aggregate';
import { accessStage, executionStats, findStages, node, queryPlanner, StageNode } from '../query/explain-plan';
import { compileFilter } from '../query/matcher';
import { choosePlan, exactIndexCount, Plan } from '../query/planner';
import { Hit, selectDocs, SelectStats } from '../query/select';
import { parseSort, SortField } from '../query/sort';
import { Collection } from '../storage/collection';
import { applyUpdate, checkArrayFilters } from '../update/apply';
import { parseUpdate } from '../update/parse';
import { parseArrayFilters } from '../update/targets';
import { Collation } from '../values/collation';
import { toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import { SERVER_VERSION } from './admin';
import { collationFor, CommandContext, CommandDef, letOption } from './context';

const VERBOSITIES = ['queryPlanner', 'executionStats', 'allPlansExecution'];

interface Explaining {
  ctx: CommandContext;
  inner: Doc;
  coll: Collection | undefined;
  ns: string;
  /** Run the query (executionStats / allPlansExecution), not only plan it. */
  execute: boolean;
  allPlans: boolean;
}

interface Scan {
  filter: Doc | undefined;
  plan: Plan;
  stats: SelectStats | null;
  hits: Hit[];
  millis: number;
}

function docArg(inner: Doc, key: string): Doc | undefined {
  const v = inner[key];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new CommandError(Codes.TypeMismatch, `Field '${key}' must be an object`);
  return v;
}

function numArg(inner: Doc, key: string): number {
  const v = inner[key];
  return v === undefined || v === null ? 0 : Math.trunc(toNumber(v));
}

/** Plans `filter` and, when executing, runs it through selectDocs with counters. */
function scan(e: Explaining, filter: Doc | undefined, collation: Collation | null, opts: { sort?: SortField[]; skip?: number; limit?: number } = {}): Scan {
  const started = process.hrtime.bigint();
  const variables = letOption(e.inner);
  compileFilter(filter, variables, collation); // refuses what the real command would refuse
  const plan: Plan = e.coll ? choosePlan(e.coll, filter, collation) : { chosen: null, rejected: [] };
  let stats: SelectStats | null = null;
  let hits: Hit[] = [];
  if (e.execute && e.coll) {
    stats = { plan, keysExamined: 0, docsExamined: 0, matched: 0 };
    hits = selectDocs(e.ctx.view, e.coll, filter, { ...opts, variables, collation, stats });
  }
  return { filter, plan, stats, hits, millis: Number((process.hrtime.bigint() - started) / 1_000_000n) };
}

/** The explain reply body for a single-plan command: queryPlanner (+ executionStats). */
function explained(e: Explaining, s: Scan, winning: StageNode): Doc {
  const out: Doc = { queryPlanner: queryPlanner(e.coll, e.ns, s.filter, s.plan, e.coll ? winning : node('EOF', {}, 0)) };
  if (e.execute) out.executionStats = executionStats(e.coll ? winning : node('EOF', {}, 0), s.stats, s.millis, e.allPlans);
  return out;
}

function explainFind(e: Explaining): Doc {
  const { inner } = e;
  const filter = docArg(inner, 'filter');
  const sort = docArg(inner, 'sort');
  const skip = numArg(inner, 'skip');
  const limit = Math.abs(numArg(inner, 'limit'));
  const s = scan(e, filter, collationFor(inner.collation, e.coll), { sort: parseSort(sort), skip, limit });
  return explained(e, s, findStages(accessStage(filter, s.plan, s.stats), { sort, skip, limit, projection: inner.projection, returned: s.hits.length }));
}

function explainCount(e: Explaining): Doc {
  const { inner } = e;
  const filter = docArg(inner, 'query');
  const collation = collationFor(inner.collation, e.coll);
  const skip = numArg(inner, 'skip');
  const limit = Math.abs(numArg(inner, 'limit'));
  if (!filter || Object.keys(filter).length === 0) {
    const n = e.coll ? e.ctx.view.count(e.coll) : 0;
    const fast = node('RECORD_STORE_FAST_COUNT', {}, 0, undefined, { nCounted: Math.max(0, Math.min(n - skip, limit || Infinity)) });
    return explained(e, { filter, plan: { chosen: null, rejected: [] }, stats: null, hits: [], millis: 0 }, fast);
  }
  const exact = e.coll && !e.ctx.txn ? exactIndexCount(e.coll, filter, collation) : null;
  const s = scan(e, filter, collation);
  const counted = Math.max(0, Math.min(s.hits.length - skip, limit || Infinity));
  if (exact !== null && s.plan.chosen) {
    // Answered from the index alone, as MongoDB's COUNT_SCAN: no document is fetched.
    const p = s.plan.chosen;
    const countScan = node('COUNT_SCAN', { keyPattern: p.index ? p.index.spec.key : { _id: 1 }, indexName: p.index ? p.index.name : '_id_', isMultiKey: p.index?.multiKey ?? false, isUnique: p.index ? Boolean(p.index.spec.unique) : true, indexVersion: 2 }, exact, undefined, { keysExamined: exact });
    if (s.stats) s.stats.docsExamined = 0;
    return explained(e, s, node('COUNT', {}, 0, countScan, { nCounted: counted, nSkipped: Math.min(skip, s.hits.length) }));
  }
  return explained(e, s, node('COUNT', {}, 0, accessStage(filter, s.plan, s.stats), { nCounted: counted, nSkipped: Math.min(skip, s.hits.length) }));
}

function explainDistinct(e: Explaining): Doc {
  const filter = docArg(e.inner, 'query');
  const s = scan(e, filter, collationFor(e.inner.collation, e.coll));
  return explained(e, s, node('PROJECTION_DEFAULT', { transformBy: { [String(e.inner.key)]: 1, _id: 0 } }, s.hits.length, accessStage(filter, s.plan, s.stats)));
}

/** UPDATE over the scan: what the statement would match and modify (nothing is written). */
function updateStage(e: Explaining, stmt: Doc, sort: SortField[] | undefined, sortSpec: Doc | undefined): Doc {
  const q = docArg(stmt, 'q') ?? {};
  const multi = stmt.multi === true;
  const parsed = parseUpdate(stmt.u);
  const arrayFilters = parseArrayFilters(stmt.arrayFilters);
  checkArrayFilters(parsed, arrayFilters);
  const s = scan(e, q, collationFor(stmt.collation, e.coll), { sort, limit: multi ? 0 : 1 });
  const now = new Date();
  let modified = 0;
  for (const [, doc] of s.hits) if (applyUpdate(doc, parsed, { filter: q, arrayFilters, isInsert: false, now }).changed) modified++;
  const input = findStages(accessStage(q, s.plan, s.stats), { sort: sortSpec, limit: multi ? 0 : 1, returned: s.hits.length });
  const wouldUpsert = stmt.upsert === true && s.hits.length === 0;
  return explained(e, s, node('UPDATE', {}, 0, input, { nMatched: s.hits.length, nWouldModify: modified, nWouldUpsert: wouldUpsert ? 1 : 0 }));
}

function deleteStage(e: Explaining, q: Doc, collation: unknown, limit: number, sort: SortField[] | undefined, sortSpec: Doc | undefined): Doc {
  const s = scan(e, q, collationFor(collation, e.coll), { sort, limit });
  const input = findStages(accessStage(q, s.plan, s.stats), { sort: sortSpec, limit, returned: s.hits.length });
  return explained(e, s, node('DELETE', {}, 0, input, { nWouldDelete: s.hits.length }));
}

function onlyStatement(e: Explaining, field: string): Doc {
  const list = e.inner[field];
  if (!Array.isArray(list) || list.length !== 1 || !isPlainObject(list[0])) {
    throw new CommandError(Codes.InvalidLength, `explained ${field.slice(0, -1)} command must contain exactly one statement in '${field}'`);
  }
  return list[0];
}

function explainFindAndModify(e: Explaining): Doc {
  const { inner } = e;
  const query = docArg(inner, 'query') ?? {};
  const sortSpec = docArg(inner, 'sort');
  const sort = parseSort(sortSpec);
  if (inner.remove === true) return deleteStage(e, query, inner.collation, 1, sort, sortSpec);
  return updateStage(e, { q: query, u: inner.update, upsert: inner.upsert, arrayFilters: inner.arrayFilters, collation: inner.collation }, sort, sortSpec);
}

/** aggregate: the leading $match as a $cursor stage (find-style when nothing else follows). */
function explainAggregate(e: Explaining): Doc {
  const pipeline = validatePipeline(e.inner.pipeline);
  const collation = collationFor(e.inner.collation, e.coll);
  const { filter, rest } = leadingMatch(pipeline);
  const s = scan(e, filter ?? undefined, collation);
  const access = accessStage(filter ?? undefined, s.plan, s.stats);
  access.nReturned = s.hits.length;
  if (rest.length === 0) return explained(e, s, access);
  const cursor: Doc = explained(e, s, access);
  const stages: Doc[] = [{ $cursor: cursor, nReturned: s.hits.length, executionTimeMillisEstimate: s.millis }];
  let docs = s.hits.map((h) => h[1]);
  const resolver = (other: string) => {
    const c = e.ctx.view.collection(e.ctx.db, other);
    return c ? Array.from(e.ctx.view.all(c), (h) => h[1]) : [];
  };
  for (const stage of rest) {
    const entry: Doc = { ...stage };
    if (e.execute) {
      const started = process.hrtime.bigint();
      docs = runPipeline(docs, [stage], resolver, letOption(e.inner), collation);
      entry.nReturned = docs.length;
      entry.executionTimeMillisEstimate = Number((process.hrtime.bigint() - started) / 1_000_000n);
    }
    stages.push(entry);
  }
  return { stages };
}

const EXPLAINERS: Record<string, (e: Explaining) => Doc> = {
  find: explainFind,
  aggregate: explainAggregate,
  count: explainCount,
  distinct: explainDistinct,
  update: (e) => updateStage(e, onlyStatement(e, 'updates'), undefined, undefined),
  delete: (e) => {
    const stmt = onlyStatement(e, 'deletes');
    const limit = numArg(stmt, 'limit');
    return deleteStage(e, docArg(stmt, 'q') ?? {}, stmt.collation, limit, undefined, undefined);
  },
  findAndModify: explainFindAndModify,
  findandmodify: explainFindAndModify,
};

function serverInfo(ctx: CommandContext): Doc {
  const address = ctx.state.info.address;
  const port = Number(address.slice(address.lastIndexOf(':') + 1)) || 27017;
  return { host: os.hostname(), port, version: SERVER_VERSION, gitVersion: 'monev-embedded' };
}

/** Runs the explain of `inner` (a command document) at `verbosity`. */
export function explainCommand(ctx: CommandContext, inner: Doc, verbosity: unknown): Doc {
  if (typeof verbosity !== 'string' || !VERBOSITIES.includes(verbosity)) {
    throw new CommandError(Codes.BadValue, "verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}");
  }
  const name = Object.keys(inner)[0];
  const run = name === undefined ? undefined : EXPLAINERS[name];
  if (!run) throw new CommandError(Codes.CommandNotFound, `Explain failed due to unknown command: ${name}`);
  const collName = inner[name];
  if (typeof collName !== 'string' || collName === '') throw new CommandError(Codes.InvalidNamespace, `collection name has invalid type ${typeof collName}`);
  const e: Explaining = {
    ctx, inner, coll: ctx.view.collection(ctx.db, collName), ns: `${ctx.db}.${collName}`,
    execute: verbosity !== 'queryPlanner', allPlans: verbosity === 'allPlansExecution',
  };
  const body = run(e);
  return {
    explainVersion: '1',
    ...body,
    command: { ...inner, $db: ctx.db },
    serverInfo: serverInfo(ctx),
    serverParameters: { internalQueryFacetBufferSizeBytes: 104857600, internalQueryMaxBlockingSortMemoryUsageBytes: 104857600, internalQueryMaxAddToSetBytes: 104857600 },
    ok: 1,
  };
}

function explain(ctx: CommandContext): Doc {
  const inner = ctx.body.explain;
  if (!isPlainObject(inner)) throw new CommandError(Codes.TypeMismatch, 'explain command requires a nested object');
  return explainCommand(ctx, inner, ctx.body.verbosity ?? 'allPlansExecution');
}

export const EXPLAIN_COMMANDS: Record<string, CommandDef> = {
  explain: { run: explain },
};
