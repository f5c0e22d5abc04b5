/**
 * How BSON values live in memory here. Documents are plain objects; int32 is a JS number, a
 * double is a JS number unless bson would re-serialise it as int32 (integral, in int32 range),
 * in which case it stays a `Double` wrapper; int64 is always `Long`, decimals `Decimal128`; all
 * other BSON types are the `bson` package classes. That keeps every type on a round trip while
 * most documents contain only plain numbers that mingo understands.
 */
import { Double } from 'bson';
import { setField } from './fields';

export type Doc = Record<string, unknown>;

export type BsonKind =
  | 'minKey' | 'null' | 'number' | 'string' | 'object' | 'array' | 'binData' | 'objectId'
  | 'bool' | 'date' | 'timestamp' | 'regex' | 'code' | 'maxKey';

/** Canonical BSON comparison order (MongoDB "comparison/sort order"). */
export const KIND_RANK: Record<BsonKind, number> = {
  minKey: 1, null: 2, number: 3, string: 4, object: 5, array: 6, binData: 7, objectId: 8,
  bool: 9, date: 10, timestamp: 11, regex: 12, code: 13, maxKey: 14,
};

export function bsonTag(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const tag = (v as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function kindOf(v: unknown): BsonKind {
  switch (typeof v) {
    case 'undefined': return 'null';
    case 'number': case 'bigint': return 'number';
    case 'string': return 'string';
    case 'boolean': return 'bool';
    default: break;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  switch (bsonTag(v)) {
    case 'Int32': case 'Double': case 'Long': case 'Decimal128': return 'number';
    case 'ObjectId': return 'objectId';
    case 'Binary': return 'binData';
    case 'Timestamp': return 'timestamp';
    case 'MinKey': return 'minKey';
    case 'MaxKey': return 'maxKey';
    case 'BSONRegExp': return 'regex';
    case 'BSONSymbol': return 'string';
    case 'Code': return 'code';
    default: return 'object';
  }
}

/** True when bson's serializer would write this JS number as int32. */
export function isInt32Number(x: number): boolean {
  return Number.isSafeInteger(x) && x >= -2147483648 && x <= 2147483647 && !Object.is(x, -0);
}

/** A double result, wrapped only when a bare number would be mistaken for an int32. */
export function makeDouble(x: number): number | Double {
  return isInt32Number(x) ? new Double(x) : x;
}

/** Shallow-clones containers, keeping the (immutable) BSON wrappers shared. */
export function cloneValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) setField(out, k, cloneValue(v[k]));
    return out as T;
  }
  if (v instanceof Date) return new Date(v.getTime()) as T;
  return v;
}
