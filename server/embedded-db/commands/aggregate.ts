/**
 * aggregate, count and distinct. The leading $match of a pipeline is answered with index
 * candidates; the count pipeline mongoose's countDocuments sends
 * (`$match, [$skip], [$limit], $group {_id: 1, n: {$sum: 1}}`) is computed without mingo.
 */
import { Binary, UUID } from 'bson';
import { CommandError, Codes } from '../errors';
import { checkCollationStages, leadingMatch, runPipeline, validatePipeline } from '../query/aggregate';
import { countDocs, selectDocs } from '../query/select';
import { EMPTY_ARRAY, collect } from '../values/paths';
import { CollationKeys } from '../values/collation-keys';
import { valueKey } from '../values/keys';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import { collationFor, CommandContext, CommandDef, collectionArg, docOption, existing, intOption, letOption } from './context';
import { explainCommand } from './explain';

/** `{$group: {_id: <constant>, n: {$sum: 1}}}` → the output field name, else null. */
function countGroupField(stage: Doc): string | null {
  const g = stage.$group;
  if (!isPlainObject(g)) return null;
  const keys = Object.keys(g);
  if (keys.length !== 2 || !keys.includes('_id')) return null;
  const id = g._id;
  if (typeof id === 'string' || isPlainObject(id) || Array.isArray(id)) return null;
  const field = keys.find((k) => k !== '_id')!;
  const acc = g[field];
  return isPlainObject(acc) && Object.keys(acc).length === 1 && numKind(acc.$sum) && toNumber(acc.$sum) === 1 ? field : null;
}

function tryCountPipeline(countAll: () => number, rest: Doc[]): Doc[] | null {
  let skip = 0;
  let limit = Infinity;
  let i = 0;
  if (i < rest.length && rest[i].$skip !== undefined && numKind(rest[i].$skip)) skip = toNumber(rest[i++].$skip);
  if (i < rest.length && rest[i].$limit !== undefined && numKind(rest[i].$limit)) limit = toNumber(rest[i++].$limit);
  if (i !== rest.length - 1) return null;
  const field = countGroupField(rest[i]);
  if (!field) return null;
  const group = rest[i].$group as Doc;
  const n = Math.max(0, Math.min(countAll() - skip, limit));
  return n === 0 ? [] : [{ _id: group._id, [field]: n }];
}

/** `$listLocalSessions` as the first stage of a database-level aggregate: this server's sessions. */
function localSessions(ctx: CommandContext): Doc[] {
  return ctx.state.sessions.all().map((s) => ({
    _id: { id: new UUID(s.id), uid: new Binary(Buffer.alloc(32)) },
    lastUse: new Date(s.lastUsed),
  }));
}

function aggregate(ctx: CommandContext): Buffer | Doc {
  const { body } = ctx;
  if (body.explain === true) {
    // The pre-3.6 form some tools still send: aggregate with explain: true (queryPlanner).
    const inner: Doc = { ...body };
    delete inner.explain;
    return explainCommand(ctx, inner, 'queryPlanner');
  }
  const cursorOpt = docOption(body, 'cursor');
  if (!cursorOpt) throw new CommandError(Codes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  const variables = letOption(body);
  const target = body.aggregate;
  const dbLevel = target === 1 || (numKind(target) !== null && toNumber(target) === 1);
  let raw = body.pipeline;
  let sessionsSource = false;
  if (dbLevel && Array.isArray(raw) && isPlainObject(raw[0]) && '$listLocalSessions' in raw[0]) {
    sessionsSource = true;
    raw = raw.slice(1);
  }
  const pipeline = validatePipeline(raw);
  let name: string;
  let input: () => Doc[];
  let countAll: () => number = () => input().length;
  const { filter, rest } = leadingMatch(pipeline);
  const coll = dbLevel ? undefined : existing(ctx, collectionArg(ctx));
  const collation = collationFor(body.collation, coll);
  if (collation) checkCollationStages(rest);
  if (dbLevel) {
    if (!sessionsSource && !isPlainObject(pipeline[0]?.$documents)) {
      throw new CommandError(Codes.InvalidNamespace, 'db-level aggregate supports only pipelines starting with $documents or $listLocalSessions');
    }
    name = '$cmd.aggregate';
    input = () => (sessionsSource ? localSessions(ctx) : []);
  } else {
    name = collectionArg(ctx);
    let cached: Doc[] | null = null;
    input = () => (cached ??= selectDocs(ctx.view, coll, filter ?? undefined, { variables, collation }).map((h) => h[1]));
    countAll = () => (cached ? cached.length : countDocs(ctx.view, coll, filter ?? undefined, variables, collation));
  }
  const resolver = (other: string) => {
    const coll = existing(ctx, other);
    return coll ? Array.from(ctx.view.all(coll), (h) => h[1]) : [];
  };
  const usesIndexedMatch = filter !== null && !dbLevel;
  const results = (usesIndexedMatch ? tryCountPipeline(countAll, rest) : null)
    ?? runPipeline(input(), usesIndexedMatch ? rest : pipeline, resolver, variables, collation);
  const { reply, cursorId } = ctx.state.cursors.first({
    items: results,
    ns: `${ctx.db}.${name}`,
    projector: null,
    limit: 0,
    batchSize: intOption(cursorOpt, 'batchSize', 0),
    singleBatch: false,
    sessionId: ctx.session?.id ?? null,
  });
  if (cursorId !== 0n && ctx.txn) ctx.txn.cursorIds.add(cursorId);
  return reply;
}

function count(ctx: CommandContext): Doc {
  const coll = existing(ctx, collectionArg(ctx));
  const collation = collationFor(ctx.body.collation, coll);
  const query = docOption(ctx.body, 'query');
  const skip = intOption(ctx.body, 'skip', 0) ?? 0;
  const limit = Math.abs(intOption(ctx.body, 'limit') ?? 0);
  let n = Math.max(0, countDocs(ctx.view, coll, query, undefined, collation) - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
}

/** distinct: values equal under the collation count once (the first one met is returned). */
function distinct(ctx: CommandContext): Doc {
  const coll = existing(ctx, collectionArg(ctx));
  const collation = collationFor(ctx.body.collation, coll);
  const key = ctx.body.key;
  if (typeof key !== 'string' || key === '') throw new CommandError(Codes.TypeMismatch, "BSON field 'distinct.key' is missing or not a string");
  const seen = new Map<string, unknown>();
  const classes = collation ? new CollationKeys(collation) : null;
  for (const [, doc] of selectDocs(ctx.view, coll, docOption(ctx.body, 'query'), { collation })) {
    for (const v of collect(doc, key)) {
      if (v === undefined || v === EMPTY_ARRAY) continue;
      const k = classes ? classes.key(v, true)! : valueKey(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  return { values: Array.from(seen.values()), ok: 1 };
}

export const AGGREGATE_COMMANDS: Record<string, CommandDef> = {
  aggregate: { run: aggregate, inTxn: true },
  count: { run: count },
  distinct: { run: distinct, inTxn: true },
};
