/**
 * mingo sees no field named like an inherited property. mingo walks documents with plain property
 * access (`obj[key]`, `obj[key] = v`) and refuses `__proto__` in paths, so a field called
 * `constructor`, `toString` or `__proto__` would be missed, refused, or (through `constructor.
 * prototype`) reach a shared prototype. Everything handed to mingo (documents, filters, pipelines,
 * expressions, variables) carries such names under a substitute that no BSON field name can have
 * (a trailing NUL byte, which also keeps the name's place in any ordering), and everything mingo
 * returns is translated back. mingo then works on
 * ordinary names and gives the results MongoDB gives for the real ones.
 *
 * Documents without such names (nearly all) are passed through as they are; a filter or pipeline
 * is rewritten only when one of its keys or paths mentions such a name.
 */
import { numbersOnly } from '../values/codec';
import { DBREF_FIELDS } from '../values/dbref';
import { isInheritedName, setField } from '../values/fields';
import { Doc, isPlainObject } from '../values/types';

const MARK = '\u0000';

/** How many substitutions were made so far: a run whose count did not move needs no translation back. */
let renames = 0;

export function renameCount(): number {
  return renames;
}

/** Inherited names, and the DBRef names (mingo would read `{$id: x}` as an operator). */
const substituted = (name: string): boolean => isInheritedName(name) || DBREF_FIELDS.has(name);
const anySubstituted = (parts: string[]): boolean => parts.some(substituted);

export function mangleName(name: string): string {
  if (!substituted(name)) return name;
  renames++;
  return name + MARK;
}

export function unmangleName(name: string): string {
  return name.charCodeAt(name.length - 1) === 0 ? name.slice(0, -1) : name;
}

export function manglePath(path: string): string {
  const parts = path.split('.');
  return anySubstituted(parts) ? parts.map(mangleName).join('.') : path;
}

/** Copy-on-write rewrite of the field names of a value (containers without changes are shared). */
function renameKeys(v: unknown, rename: (k: string) => string): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x = renameKeys(v[i], rename);
      if (x !== v[i] && !out) out = v.slice(0, i);
      if (out) out.push(x);
    }
    return out ?? v;
  }
  if (!isPlainObject(v)) return v;
  const keys = Object.keys(v);
  let out: Doc | null = null;
  for (let i = 0; i < keys.length; i++) {
    const name = rename(keys[i]);
    const x = renameKeys(v[keys[i]], rename);
    if ((name !== keys[i] || x !== v[keys[i]]) && !out) {
      out = {};
      for (let j = 0; j < i; j++) setField(out, keys[j], v[keys[j]]);
    }
    if (out) setField(out, name, x);
  }
  return out ?? v;
}

/** A document (or any value) as mingo should see it. */
export function mangleData<T>(v: T): T {
  return renameKeys(v, mangleName) as T;
}

/** A value mingo produced, with the real field names back. */
export function unmangleData<T>(v: T): T {
  return renameKeys(v, unmangleName) as T;
}

const views = new WeakMap<object, Doc>();
const queryViews = new WeakMap<object, Doc>();

/** `mangleData` of a stored (immutable) document version, remembered per version. */
export function mangledView(doc: Doc): Doc {
  let view = views.get(doc);
  if (!view) {
    view = mangleData(doc);
    views.set(doc, view);
  }
  if (view !== doc) renames++;
  return view;
}

/** The document as mingo's Query should see it (also numbers only: 1, 1.0 and Long(1) alike). */
export function queryView(doc: Doc): Doc {
  let view = queryViews.get(doc);
  if (!view) {
    view = mangleData(numbersOnly(doc) as Doc);
    queryViews.set(doc, view);
  }
  return view;
}

/** A private copy of a document for mingo stages that modify their input, with names substituted. */
export function cloneRenamed<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneRenamed) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) setField(out, mangleName(k), cloneRenamed(v[k]));
    return out as T;
  }
  if (v instanceof Date) return new Date(v.getTime()) as T;
  return v;
}

/** Does a filter, pipeline or expression mention an inherited name in a key or a path string? */
export function mentionsInheritedName(v: unknown): boolean {
  if (typeof v === 'string') return anySubstituted(v.replace(/^\$+/, '').split('.'));
  if (Array.isArray(v)) return v.some(mentionsInheritedName);
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v)) {
    if (anySubstituted(k.split('.')) || mentionsInheritedName(v[k])) return true;
  }
  return false;
}

/** An aggregation expression: field paths in `$` strings and object keys are renamed, literals are data. */
export function mangleExpr(e: unknown): unknown {
  if (typeof e === 'string') {
    if (!e.startsWith('$')) return e;
    if (!e.startsWith('$$')) return `$${manglePath(e.slice(1))}`;
    const dot = e.indexOf('.');
    return dot < 0 ? e : `${e.slice(0, dot + 1)}${manglePath(e.slice(dot + 1))}`;
  }
  if (Array.isArray(e)) return e.map(mangleExpr);
  if (!isPlainObject(e)) return e;
  const keys = Object.keys(e);
  if (keys.length === 1 && keys[0] === '$literal') return { $literal: mangleData(e.$literal) };
  const out: Doc = {};
  for (const k of keys) setField(out, k.startsWith('$') ? k : manglePath(k), mangleExpr(e[k]));
  return out;
}

/**
 * The operators of a query's top level (and of an `$elemMatch` on element documents), which
 * take no field path: the logical ones, `$expr`..., and the DBRef fields `$ref`, `$id`, `$db`,
 * which MongoDB parses there as equalities on those fields.
 */
export const PATHLESS_OPERATORS: ReadonlySet<string> = new Set([
  '$and', '$or', '$nor', '$expr', '$where', '$text', '$comment', '$jsonSchema', '$alwaysTrue', '$alwaysFalse', '$sampleRate', ...DBREF_FIELDS,
]);

/** `{$ref, $id}` in either order (complete), or any of `$ref`/`$id`/`$db` where incomplete DBRefs are allowed. */
function isDBRefDocument(keys: string[], allowIncomplete: boolean): boolean {
  if (allowIncomplete) return keys.some((k) => DBREF_FIELDS.has(k));
  return keys.includes('$ref') && keys.includes('$id');
}

/**
 * MongoDB's test for an operator document (expression_parser.cpp isExpressionDocument): its
 * first field starts with `$` and it is not a DBRef; under `$elemMatch` an incomplete DBRef
 * (`{$id: x}`) also counts as one, so it is a query on the elements' fields.
 */
function isOperatorDocument(v: unknown, allowIncompleteDBRef: boolean): boolean {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$') && !isDBRefDocument(keys, allowIncompleteDBRef);
}

/** `{$elemMatch: {$gt: 1}}` tests the elements' values; `{$elemMatch: {a: 1}}`, `{$or: ...}` or `{$id: x}` queries element documents. */
function isElemMatchValue(v: unknown): boolean {
  return isOperatorDocument(v, true) && !PATHLESS_OPERATORS.has(Object.keys(v as Doc)[0]);
}

/** A field condition: operator documents, or a value compared for equality (data). */
function mangleCondition(c: unknown): unknown {
  if (!isOperatorDocument(c, false)) return mangleData(c);
  const cond = c as Doc;
  const out: Doc = {};
  for (const op of Object.keys(cond)) {
    const arg = cond[op];
    if (op === '$elemMatch') out[op] = isElemMatchValue(arg) ? mangleCondition(arg) : mangleFilter(arg);
    else if (op === '$not') out[op] = mangleCondition(arg);
    else if (op === '$all' && Array.isArray(arg)) out[op] = arg.map((x) => (isPlainObject(x) && '$elemMatch' in x ? mangleCondition(x) : mangleData(x)));
    else out[op] = mangleData(arg);
  }
  return out;
}

export function mangleFilter(f: unknown): unknown {
  if (!isPlainObject(f)) return f;
  const out: Doc = {};
  for (const k of Object.keys(f)) {
    const v = f[k];
    if (k === '$and' || k === '$or' || k === '$nor') out[k] = Array.isArray(v) ? v.map(mangleFilter) : v;
    else if (k === '$expr') out[k] = mangleExpr(v);
    else if (DBREF_FIELDS.has(k)) setField(out, mangleName(k), { $eq: mangleData(v) }); // an equality, whatever the value
    else if (k.startsWith('$')) out[k] = v;
    else setField(out, manglePath(k), mangleCondition(v));
  }
  return out;
}

const paths = (v: unknown): unknown => (typeof v === 'string' ? manglePath(v) : Array.isArray(v) ? v.map(paths) : v);

/** A copy of a stage's options with the given options rewritten (those present only). */
function rewrite(obj: Doc, how: Record<string, (v: unknown) => unknown>): Doc {
  const out: Doc = { ...obj };
  for (const k of Object.keys(how)) if (obj[k] !== undefined) out[k] = how[k](obj[k]);
  return out;
}

const lets = (v: unknown): unknown => (isPlainObject(v) ? Object.fromEntries(Object.keys(v).map((k) => [k, mangleExpr(v[k])])) : v);

function mangleStage(stage: Doc): Doc {
  const name = Object.keys(stage)[0];
  const arg = stage[name];
  if (name === '$match') return { $match: mangleFilter(arg) };
  if (name === '$count' || name === '$unset') return { [name]: paths(arg) };
  if (name === '$documents') return { $documents: mangleData(arg) };
  if (!isPlainObject(arg)) return { [name]: mangleExpr(arg) };
  switch (name) {
    case '$facet': return { $facet: Object.fromEntries(Object.keys(arg).map((k) => [mangleName(k), mangleAny(arg[k])])) };
    case '$unwind': return { $unwind: rewrite(arg, { path: mangleExpr, includeArrayIndex: paths }) };
    case '$lookup': return { $lookup: rewrite(arg, { localField: paths, foreignField: paths, as: paths, let: lets, pipeline: mangleAny }) };
    case '$graphLookup':
      return { $graphLookup: rewrite(arg, { startWith: mangleExpr, connectFromField: paths, connectToField: paths, as: paths, depthField: paths, restrictSearchWithMatch: mangleFilter }) };
    case '$unionWith': return { $unionWith: rewrite(arg, { pipeline: mangleAny }) };
    case '$densify': return { $densify: rewrite(arg, { field: paths, partitionByFields: paths }) };
    case '$fill': return { $fill: rewrite(mangleExpr(arg) as Doc, { partitionByFields: () => paths(arg.partitionByFields) }) };
    default: return { [name]: mangleExpr(arg) };
  }
}

function mangleAny(pipeline: unknown): unknown {
  return Array.isArray(pipeline) ? pipeline.map((s) => (isPlainObject(s) ? mangleStage(s) : s)) : pipeline;
}

/** The pipeline as mingo should run it (the same array when nothing in it needs renaming). */
export function manglePipeline(pipeline: Doc[]): Doc[] {
  return mentionsInheritedName(pipeline) ? (mangleAny(pipeline) as Doc[]) : pipeline;
}
