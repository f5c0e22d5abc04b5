/**
 * Filter → predicate. Plain equality filters (the bulk of what mongoose sends) are matched
 * directly with BSON equality; everything else goes through mingo's Query on the numbers-only
 * view of the document, so 1, 1.0 and Long(1) compare alike.
 */
import { Query } from 'mingo';
import type { ObjectId } from 'bson';
import { CommandError, Codes } from '../errors';
import { compileSimpleFilter } from './compiled-filter';
import { mangleData, mangleFilter, PATHLESS_OPERATORS, queryView } from './mingo-names';
import { numbersOnly } from '../values/codec';
import { bsonEquals } from '../values/compare';
import { Collation, hasStrings } from '../values/collation';
import { compareOids } from '../values/oid';
import { fieldOf, isInheritedName } from '../values/fields';
import { collect, EMPTY_ARRAY, hasNumericPart } from '../values/paths';
import { bsonTag, Doc, isPlainObject } from '../values/types';

export type Predicate = (doc: Doc) => boolean;

const UNSUPPORTED = new Set(['$text', '$near', '$nearSphere', '$geoWithin', '$geoIntersects']);

/** Values an equality fast path can compare directly (no arrays, objects, regexes or null). */
export function isSimpleScalar(v: unknown): boolean {
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': return true;
    case 'object': break;
    default: return false;
  }
  if (v === null || Array.isArray(v) || v instanceof RegExp) return false;
  if (v instanceof Date) return true;
  const tag = bsonTag(v);
  return tag === 'ObjectId' || tag === 'Long' || tag === 'Double' || tag === 'Decimal128' || tag === 'Int32' || tag === 'Binary';
}

function checkSupported(filter: unknown, depth = 0): void {
  if (depth > 100) throw new CommandError(Codes.BadValue, 'filter nested too deeply');
  if (Array.isArray(filter)) {
    for (const f of filter) checkSupported(f, depth + 1);
    return;
  }
  if (!isPlainObject(filter)) return;
  for (const key of Object.keys(filter)) {
    if (key === '$where') throw whereNotSupported();
    if (UNSUPPORTED.has(key)) {
      throw new CommandError(key === '$text' ? Codes.IndexNotFound : Codes.BadValue, `${key} is not supported by the embedded database`);
    }
    checkSupported(filter[key], depth + 1);
  }
}

/**
 * `{$in: [...]}` at the top of a query is not an operator there (MongoDB's BadValue and wording).
 * `$ref`, `$id` and `$db` are: MongoDB parses them as equalities on those (DBRef) fields.
 */
function checkTopLevel(filter: Doc): void {
  for (const key of Object.keys(filter)) {
    if (!key.startsWith('$')) continue;
    if (!PATHLESS_OPERATORS.has(key)) {
      const hint = key === '$not' ? 'If you are trying to negate an entire expression, use $nor.' : "If you have a field name that starts with a '$' symbol, consider using $getField or $setField.";
      throw new CommandError(Codes.BadValue, `unknown top level operator: ${key}. ${hint}`);
    }
    const v = filter[key];
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(v)) for (const sub of v) if (isPlainObject(sub)) checkTopLevel(sub);
  }
}

/**
 * `bsonEquals(v, value)` specialised for the operand: an ObjectId equals only an ObjectId with
 * the same bytes, and a string only the same string (or a BSON symbol of it), so the common
 * cases (`{cycleId: id}`, `{state: 'submitted'}`) skip the general type dispatch per document.
 */
function equalsTo(value: unknown): (v: unknown) => boolean {
  if (bsonTag(value) === 'ObjectId') {
    const oid = value as ObjectId;
    return (v) => v === value || (typeof v === 'object' && v !== null && (v as { _bsontype?: unknown })._bsontype === 'ObjectId' && compareOids(v as ObjectId, oid) === 0);
  }
  if (typeof value === 'string') return (v) => v === value || (typeof v === 'object' && v !== null && bsonEquals(v, value));
  return (v) => bsonEquals(v, value);
}

function equalityPredicate(path: string, value: unknown): Predicate {
  if (!path.includes('.')) {
    const equals = equalsTo(value);
    const own = isInheritedName(path);
    return (doc) => {
      const v = own ? fieldOf(doc, path) : doc[path];
      if (Array.isArray(v)) return v.some((e) => bsonEquals(e, value));
      return v !== undefined && equals(v);
    };
  }
  const equals = equalsTo(value);
  return (doc) => collect(doc, path).some((v) => v !== undefined && v !== EMPTY_ARRAY && equals(v));
}

/** Top-level `{path: scalar}` pairs when the whole filter is made of them, else null. */
export function simpleEqualities(filter: Doc): Array<[string, unknown]> | null {
  const out: Array<[string, unknown]> = [];
  for (const key of Object.keys(filter)) {
    if (key.startsWith('$') || hasNumericPart(key)) return null;
    let value = filter[key];
    if (isPlainObject(value)) {
      const keys = Object.keys(value);
      if (keys.length !== 1 || keys[0] !== '$eq') return null;
      value = value.$eq;
    }
    if (!isSimpleScalar(value)) return null;
    out.push([key, value]);
  }
  return out;
}

/**
 * `$where` needs server-side JavaScript. MongoDB without a script engine answers it with code
 * 6108304 and this message; the embedded database never runs JavaScript.
 */
export function whereNotSupported(): CommandError {
  return new CommandError(6108304, 'no globalScriptEngine in $where parsing: $where (server-side JavaScript) is not supported by the embedded database');
}

/** Operators whose string operands are not compared as strings (collation does not apply). */
const COLLATION_NEUTRAL = new Set(['$regex', '$options', '$type', '$exists', '$size', '$mod', '$bitsAllSet', '$bitsAnySet', '$bitsAllClear', '$bitsAnyClear', '$jsonSchema']);

/** A string compared somewhere in the filter (outside regexes and type names). */
function comparesStrings(filter: unknown): boolean {
  if (Array.isArray(filter)) return filter.some(comparesStrings);
  if (!isPlainObject(filter)) return hasStrings(filter);
  return Object.keys(filter).some((k) => k === '$expr' || (!COLLATION_NEUTRAL.has(k) && comparesStrings(filter[k])));
}

/**
 * `variables` are the command's `let` values, visible to $expr as `$$name`. Under a non-simple
 * `collation` strings are compared by the collator; operators this server evaluates only through
 * mingo ($elemMatch, $all, $not, $expr, ...) cannot honour a collation, so a filter that needs
 * one of them to compare strings is refused instead of answered binary.
 */
export function compileFilter(filter: Doc | undefined | null, variables?: Doc, collation: Collation | null = null): Predicate {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  if (!isPlainObject(filter)) throw new CommandError(Codes.TypeMismatch, 'filter must be an object');
  if (collation) return compileCollated(filter, variables, collation);
  const eq = simpleEqualities(filter);
  if (eq) {
    const preds = eq.map(([path, value]) => equalityPredicate(path, value));
    if (preds.length === 1) return preds[0];
    return (doc) => preds.every((p) => p(doc));
  }
  checkTopLevel(filter);
  checkSupported(filter);
  const compiled = compileSimpleFilter(filter);
  if (compiled) return compiled;
  let query: Query;
  try {
    query = new Query(mangleFilter(numbersOnly(filter)) as Doc, {
      scriptEnabled: false,
      variables: variables ? mangleData(numbersOnly(variables) as Doc) : undefined,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // MongoDB's wording for an operator it does not know (mingo says "unknown query operator").
    throw new CommandError(Codes.BadValue, message.replace(/^unknown query operator (\S+)$/, 'unknown operator: $1'));
  }
  return (doc) => query.test(queryView(doc));
}

function compileCollated(filter: Doc, variables: Doc | undefined, collation: Collation): Predicate {
  checkSupported(filter);
  const compiled = compileSimpleFilter(filter, collation);
  if (compiled) return compiled;
  if (comparesStrings(filter)) {
    throw new CommandError(Codes.CommandNotSupported, `this filter compares strings with an operator the embedded database cannot evaluate under a non-simple collation (it supports $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $and, $or, $nor there): ${JSON.stringify(filter)}`);
  }
  return compileFilter(filter, variables);
}
