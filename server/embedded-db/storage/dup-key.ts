/**
 * The duplicate-key error exactly as MongoDB words it; mongoose reads `keyPattern` to name the
 * offending path and applications show `keyValue`.
 */
import { Binary, Long, ObjectId } from 'bson';
import { CommandError, Codes } from '../errors';
import { setField } from '../values/fields';
import { bsonTag, Doc, isPlainObject } from '../values/types';

/** Renders a value the way the server's error messages do (`"x"`, `ObjectId('…')`, `{ a: 1 }`). */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return v.length ? `[ ${v.map(formatValue).join(', ')} ]` : '[]';
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    return keys.length ? `{ ${keys.map((k) => `${k}: ${formatValue((v as Doc)[k])}`).join(', ')} }` : '{}';
  }
  switch (bsonTag(v)) {
    case 'ObjectId': return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'Long': return `${(v as Long).toString()}`;
    case 'Double': case 'Int32': return String((v as { value: number }).value);
    case 'Decimal128': return `Decimal128("${String(v)}")`;
    case 'Binary': {
      const b = v as Binary;
      return b.sub_type === 4 ? `UUID("${b.toUUID().toHexString()}")` : `BinData(${b.sub_type}, ${b.toString('base64')})`;
    }
    default: return String(v);
  }
}

export function duplicateKeyError(ns: string, indexName: string, keyPattern: Doc, values: unknown[]): CommandError {
  const fields = Object.keys(keyPattern);
  const keyValue: Doc = {};
  fields.forEach((f, i) => setField(keyValue, f, values[i] === undefined || typeof values[i] === 'symbol' ? null : values[i]));
  const errmsg = `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatValue(keyValue)}`;
  return new CommandError(Codes.DuplicateKey, errmsg, { keyPattern, keyValue });
}
