/**
 * Canonical string keys for BSON values, used by the `_id` map and the secondary index maps.
 * Two values get the same key exactly when MongoDB considers them equal index keys: numbers by
 * value whatever their BSON type (1, 1.0, Long(1), Decimal128("1.0")), null and missing alike.
 */
import { Binary, Long, ObjectId } from 'bson';
import { bsonTag, Doc, isPlainObject } from './types';
import { decOf, normalizeDec } from './decimal';
import { oidKey } from './oid';

function numberKey(v: unknown): string {
  let x: number;
  if (typeof v === 'number') x = v;
  else {
    const tag = bsonTag(v);
    if (tag === 'Long') return `n${(v as Long).toString()}`;
    if (tag === 'Decimal128') {
      const d = normalizeDec(decOf(String(v)));
      if (d.special) return `n${d.special}`;
      return d.exp >= 0 ? `n${(d.coeff * 10n ** BigInt(d.exp)).toString()}` : `n${d.coeff}e${d.exp}`;
    }
    x = (v as { value: number }).value;
  }
  if (Number.isSafeInteger(x)) return `n${x === 0 ? 0 : x}`;
  if (!Number.isFinite(x)) return `n${Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity'}`;
  if (Number.isInteger(x)) return `n${BigInt(x).toString()}`;
  const d = normalizeDec(decOf(x));
  return `n${d.coeff}e${d.exp}`;
}

/** Key of one value; `undefined` (missing) and null share a key. */
export function valueKey(v: unknown): string {
  switch (typeof v) {
    case 'string': return `s${v}`;
    case 'number': return numberKey(v);
    case 'boolean': return v ? 'b1' : 'b0';
    case 'undefined': return 'z';
    default: break;
  }
  if (v === null) return 'z';
  if (v instanceof Date) return `d${v.getTime()}`;
  if (Array.isArray(v)) return `[${JSON.stringify(v.map(valueKey))}`;
  if (v instanceof RegExp) return `r${v.source}/${v.flags}`;
  if (isPlainObject(v)) return `{${JSON.stringify(Object.keys(v).map((k) => [k, valueKey((v as Doc)[k])]))}`;
  switch (bsonTag(v)) {
    case 'ObjectId': return `o${oidKey(v as ObjectId)}`;
    case 'Int32': case 'Double': case 'Long': case 'Decimal128': return numberKey(v);
    case 'Binary': {
      const b = v as Binary;
      return `x${b.sub_type}:${Buffer.from(b.buffer.subarray(0, b.position)).toString('base64')}`;
    }
    case 'Timestamp': return `t${(v as Long).toString()}`;
    case 'MinKey': return 'm';
    case 'MaxKey': return 'M';
    case 'BSONSymbol': return `s${String((v as { value: unknown }).value)}`;
    default: return `?${JSON.stringify(v)}`;
  }
}

/** Key of an empty array at an indexed path (MongoDB indexes it as `undefined`). */
export const EMPTY_ARRAY_KEY = 'u';
