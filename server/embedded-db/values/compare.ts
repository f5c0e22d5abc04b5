/**
 * Total order over BSON values, as MongoDB sorts them: first by type class (MinKey < null <
 * numbers < strings < objects < arrays < binData < ObjectId < bool < Date < Timestamp < regex <
 * MaxKey), then by value; numbers of different BSON types compare by value.
 */
import { Binary, Long, ObjectId, Timestamp } from 'bson';
import { Doc, KIND_RANK, kindOf } from './types';
import { compareNumbers, NumValue } from './numeric';
import { compareOids } from './oid';

function cmp<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bytesOf(v: unknown): Uint8Array {
  const b = v as Binary;
  return b.buffer.subarray(0, b.position);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : String((v as { value?: unknown }).value ?? v);
}

/** Sub-documents: field by field (type class, name, then value by `cmp`), then by length. */
export function compareObjectsWith(a: Doc, b: Doc, cmp: (x: unknown, y: unknown) => number): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const ra = KIND_RANK[kindOf(a[ka[i]])];
    const rb = KIND_RANK[kindOf(b[kb[i]])];
    if (ra !== rb) return ra - rb;
    const byName = cmp(ka[i], kb[i]);
    if (byName) return byName;
    const byValue = cmp(a[ka[i]], b[kb[i]]);
    if (byValue) return byValue;
  }
  return ka.length - kb.length;
}

export function bsonCompare(a: unknown, b: unknown): number {
  const kindA = kindOf(a);
  const kindB = kindOf(b);
  if (kindA !== kindB) return KIND_RANK[kindA] - KIND_RANK[kindB];
  switch (kindA) {
    case 'null': case 'minKey': case 'maxKey': return 0;
    case 'number':
      if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) || Number.isNaN(b) ? compareNumbers(a, b) : cmp(a, b);
      return compareNumbers(a as NumValue, b as NumValue);
    case 'string': return cmp(stringOf(a), stringOf(b));
    case 'bool': return cmp(a as boolean, b as boolean);
    case 'date': return cmp((a as Date).getTime(), (b as Date).getTime());
    case 'objectId': return Math.sign(compareOids(a as ObjectId, b as ObjectId));
    case 'timestamp': return (a as Timestamp).compare(b as Long);
    case 'binData': {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.length !== y.length) return x.length - y.length;
      const bySubtype = (a as Binary).sub_type - (b as Binary).sub_type;
      return bySubtype || compareBytes(x, y);
    }
    case 'regex': return cmp(String(a), String(b));
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = bsonCompare(x[i], y[i]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 'code': return cmp(String((a as { code: unknown }).code), String((b as { code: unknown }).code));
    default: return compareObjectsWith(a as Doc, b as Doc, bsonCompare);
  }
}

export function bsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return bsonCompare(a, b) === 0;
}

/** Equality including BSON type and field order (1 ≠ 1.0 ≠ Long(1)): "did this write change it". */
export function strictEquals(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Object.is(a, -0) === !Object.is(b, -0);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!strictEquals(a[i], b[i])) return false;
    return true;
  }
  const ta = (a as { _bsontype?: string })._bsontype;
  const tb = (b as { _bsontype?: string })._bsontype;
  if (ta !== tb) return false;
  if (ta === undefined && !(a instanceof Date) && !(a instanceof RegExp)) {
    if (b instanceof Date || b instanceof RegExp) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i] || !strictEquals((a as Doc)[ka[i]], (b as Doc)[kb[i]])) return false;
    }
    return true;
  }
  return kindOf(a) === kindOf(b) && bsonCompare(a, b) === 0;
}
