/**
 * Runs an aggregation pipeline with mingo. Leading $match stages are answered here first (with
 * index candidates), so `countDocuments` and filtered pipelines do not scan the collection;
 * mingo gets copies of the matched documents because some of its stages modify their input.
 * `$lookup`/`$unionWith`/`$graphLookup` read other collections through the resolver.
 */
import { Aggregator } from 'mingo/aggregator';
import { evalExpr, ProcessingMode } from 'mingo/core';
import { CommandError, Codes } from '../errors';
import type { Collation } from '../values/collation';
import { numKind, toNumber } from '../values/numeric';
import { cloneValue, Doc, isPlainObject } from '../values/types';
import { fastGroup, isFastGroup } from './group';
import { compileFilter } from './matcher';
import { AGG_CONTEXT } from './mingo-context';
import { cloneRenamed, mangleData, mangledView, mangleExpr, manglePipeline, renameCount, unmangleData } from './mingo-names';
import { parseSort, sortDocs } from './sort';

export type Resolver = (collectionName: string) => Doc[];

export function validatePipeline(pipeline: unknown): Doc[] {
  if (!Array.isArray(pipeline)) throw new CommandError(Codes.TypeMismatch, "'pipeline' option must be specified as an array");
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw new CommandError(Codes.Location40323, 'A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0];
    if (!AGG_CONTEXT.getOperator('pipeline' as never, name)) {
      throw new CommandError(Codes.Location40324, `Unrecognized pipeline stage name: '${name}'`);
    }
    if (name === '$match' && mentionsWhere(stage.$match)) throw new CommandError(Codes.BadValue, '$where is not allowed in this context');
  }
  return pipeline as Doc[];
}

function mentionsWhere(filter: unknown): boolean {
  if (Array.isArray(filter)) return filter.some(mentionsWhere);
  return isPlainObject(filter) && Object.keys(filter).some((k) => k === '$where' || mentionsWhere(filter[k]));
}

/**
 * Stages that keep MongoDB's meaning under a non-simple collation here: $match and $sort use
 * the collation, the others never compare strings (projections made of 0/1 only, $group with a
 * constant _id and counting / summing accumulators). Anything else is refused.
 */
export function checkCollationStages(pipeline: Doc[]): void {
  let projected = false; // $match / $sort after a projection would run in mingo, without the collation
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0];
    const body = stage[name];
    if (name === '$project' || name === '$unset' || name === '$count') projected = true;
    const ok = ((name === '$match' || name === '$sort') && !projected) || name === '$skip' || name === '$limit' || name === '$count' ||
      ((name === '$project' || name === '$unset') && (typeof body === 'string' || Array.isArray(body) ||
        (isPlainObject(body) && Object.values(body).every((v) => typeof v === 'boolean' || numKind(v) !== null)))) ||
      (name === '$group' && isPlainObject(body) && !(typeof body._id === 'string' || isPlainObject(body._id) || Array.isArray(body._id)) &&
        Object.keys(body).every((k) => k === '_id' || (isPlainObject(body[k]) && ['$sum', '$avg', '$count'].includes(Object.keys(body[k] as Doc)[0]))));
    if (!ok) {
      throw new CommandError(Codes.CommandNotSupported, `stage ${name} under a non-simple collation is not supported by the embedded database (collation applies to $match, $sort, $skip, $limit, $count, 0/1 projections and $group with a constant _id)`);
    }
  }
}

/** Splits off the leading $match stages (merged into one filter). */
export function leadingMatch(pipeline: Doc[]): { filter: Doc | null; rest: Doc[] } {
  const filters: Doc[] = [];
  let i = 0;
  while (i < pipeline.length && isPlainObject(pipeline[i].$match)) filters.push(pipeline[i++].$match as Doc);
  if (filters.length === 0) return { filter: null, rest: pipeline };
  return { filter: filters.length === 1 ? filters[0] : { $and: filters }, rest: pipeline.slice(i) };
}

/** Evaluates a command's `let` (each value is an expression over no document, e.g. {$literal: x}). */
export function evaluateLet(vars: Doc | undefined): Doc | undefined {
  if (!vars || Object.keys(vars).length === 0) return undefined;
  return runPipeline([{}], [{ $addFields: vars }], () => [])[0];
}

/**
 * Stages that never modify the documents they receive (they build new ones or only read), so a
 * pipeline made only of them can run on the stored documents without copying them first.
 * `$facet` is one because its own implementation (mingo-context.ts) copies per sub-pipeline
 * where that sub-pipeline would modify documents.
 */
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$limit', '$skip', '$count', '$group', '$sortByCount', '$facet']);

export function isReadOnly(pipeline: Doc[]): boolean {
  return pipeline.every((stage) => {
    const name = Object.keys(stage)[0];
    if (READ_ONLY_STAGES.has(name)) return true;
    if (name === '$lookup') {
      const sub = (stage.$lookup as Doc | undefined)?.pipeline;
      return sub === undefined || (Array.isArray(sub) && isReadOnly(sub as Doc[]));
    }
    // $project builds a new object, but removes dotted exclusions from shared sub-documents.
    return name === '$project' && isPlainObject(stage.$project) && Object.keys(stage.$project).every((k) => !k.includes('.'));
  });
}

/** An expression of a group's `_id` (the `n` of $topN), evaluated by mingo under substituted names. */
function evalOnGroupKey(id: unknown, expr: unknown, variables?: Doc): unknown {
  if (typeof expr === 'number') return expr;
  const options = { context: AGG_CONTEXT, scriptEnabled: false, variables: variables && mangleData(variables) };
  return evalExpr(mangleData(id) as never, mangleExpr(expr), options as never);
}

function positiveInt(v: unknown, min: number): number | null {
  return numKind(v) !== null && Number.isSafeInteger(toNumber(v)) && toNumber(v) >= min ? toNumber(v) : null;
}

/**
 * Runs the leading `$match`, `$group` (direct shapes), `$sort`, `$skip` and `$limit` stages on
 * the array itself: no per-document generator hops, no copies (none of them modifies a
 * document). Returns the documents and the index of the first stage left for mingo.
 */
function directStages(docs: Doc[], pipeline: Doc[], variables?: Doc, collation: Collation | null = null): { docs: Doc[]; next: number } {
  let current = docs;
  let i = 0;
  for (; i < pipeline.length; i++) {
    const stage = pipeline[i];
    if (isPlainObject(stage.$match)) {
      const pred = compileFilter(stage.$match, variables, collation);
      current = current.filter((d) => pred(d));
    } else if (stage.$group !== undefined && isFastGroup(stage.$group)) {
      current = fastGroup(current, stage.$group as Doc, (id, expr) => evalOnGroupKey(id, expr, variables))!;
    } else if (isPlainObject(stage.$sort) && Object.keys(stage.$sort).length > 0) {
      const limit = i + 1 < pipeline.length ? positiveInt(pipeline[i + 1].$limit, 1) : null;
      current = sortDocs(current === docs ? current.slice() : current, parseSort(stage.$sort), (d) => d, limit ?? 0, collation);
    } else if (stage.$skip !== undefined && positiveInt(stage.$skip, 0) !== null) {
      current = current.slice(positiveInt(stage.$skip, 0)!);
    } else if (stage.$limit !== undefined && positiveInt(stage.$limit, 1) !== null) {
      current = current.slice(0, positiveInt(stage.$limit, 1)!);
    } else break;
  }
  return { docs: current, next: i };
}

/**
 * Runs a pipeline on stored documents. The leading stages the server implements itself run on the
 * documents as they are; the rest runs in mingo under substituted field names (mingo-names.ts),
 * translated back in the result. Under a non-simple `collation` the caller has checked the stages
 * (checkCollationStages).
 */
export function runPipeline(docs: Doc[], pipeline: Doc[], resolver: Resolver, variables?: Doc, collation: Collation | null = null): Doc[] {
  if (pipeline.length === 0) return docs;
  const direct = directStages(docs, pipeline, variables, collation);
  if (direct.next === pipeline.length) return direct.docs;
  const rest = direct.next === 0 ? pipeline : pipeline.slice(direct.next);
  // Counted from before the pipeline is renamed: a pipeline that names a substituted field (a
  // `$group` output called `__proto__`) yields it in the substitute even from documents without one.
  const before = renameCount();
  const renamed = manglePipeline(rest);
  if (renamed === rest && readsNamedPathsOnly(rest)) return runMingo(direct.docs, rest, resolver, variables, false);
  const out = runMingo(direct.docs, renamed, resolver, variables && mangleData(variables), true);
  return renameCount() === before ? out : out.map(unmangleData);
}

/** Stages mingo runs by reading the paths the pipeline names (it neither walks nor copies a document's fields). */
const PATH_READING_STAGES = new Set(['$match', '$sort', '$limit', '$skip', '$count', '$group', '$sortByCount']);

/**
 * Whether mingo may see the stored documents with their real names: the pipeline names no
 * substituted field and its stages only read the paths it names ($mergeObjects, which copies a
 * sub-document field by field, excluded), so a field called `__proto__` anywhere in the documents
 * is never touched. Spares the renamed view (a walk over every document) to the report pipelines:
 * $match + $group, $facet of $groups.
 */
function readsNamedPathsOnly(pipeline: Doc[]): boolean {
  return pipeline.every((stage) => {
    const name = Object.keys(stage)[0];
    const body = stage[name];
    if (name === '$facet') return isPlainObject(body) && Object.values(body).every((sub) => Array.isArray(sub) && readsNamedPathsOnly(sub as Doc[]));
    return PATH_READING_STAGES.has(name) && !mentionsOperator(body, '$mergeObjects');
  });
}

function mentionsOperator(v: unknown, op: string): boolean {
  if (Array.isArray(v)) return v.some((x) => mentionsOperator(x, op));
  return isPlainObject(v) && Object.keys(v).some((k) => k === op || mentionsOperator(v[k], op));
}

/** A pipeline over documents already in mingo's naming (the sub-pipelines of `$facet`). */
export function runRenamedPipeline(docs: Doc[], pipeline: Doc[], resolver: Resolver, variables?: Doc): Doc[] {
  const direct = directStages(docs, pipeline, variables);
  if (direct.next === pipeline.length) return direct.docs;
  return runMingo(direct.docs, direct.next === 0 ? pipeline : pipeline.slice(direct.next), resolver, variables, false);
}

function runMingo(docs: Doc[], pipeline: Doc[], resolver: Resolver, variables: Doc | undefined, rename: boolean): Doc[] {
  const copy = !isReadOnly(pipeline);
  const prepare: (d: Doc) => Doc = rename ? (copy ? cloneRenamed : mangledView) : copy ? cloneValue : (d) => d;
  const aggregator = new Aggregator(pipeline as never, {
    context: AGG_CONTEXT,
    collectionResolver: (name: string) => resolver(name).map(prepare),
    processingMode: ProcessingMode.CLONE_OFF,
    scriptEnabled: false,
    variables,
  } as never);
  try {
    return aggregator.run(docs.map(prepare)) as Doc[];
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError(Codes.BadValue, err instanceof Error ? err.message : String(err));
  }
}
