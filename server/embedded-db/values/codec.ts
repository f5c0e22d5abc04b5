/**
 * BSON in and out. Incoming documents are parsed with `promoteValues: false` (so a double 1.0
 * and an int64 stay distinguishable) and then normalised in place to the representation of
 * types.ts. `queryView` gives mingo a numbers-only copy of documents that contain wrappers.
 */
import { BSON, Double, Int32 } from 'bson';
import { bsonTag, Doc, isInt32Number, isPlainObject } from './types';
import { toNumber } from './numeric';

const DESERIALIZE_OPTIONS = { promoteValues: false, promoteBuffers: false, bsonRegExp: false, validation: { utf8: true } } as const;

/** Int32 → number, Double → number unless that would turn it into an int32 on the way out. */
function normalizeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeValue(v[i]);
    return v;
  }
  const tag = (v as { _bsontype?: string })._bsontype;
  if (tag === 'Int32') return (v as Int32).value;
  if (tag === 'Double') {
    const x = (v as Double).value;
    return isInt32Number(x) ? v : x;
  }
  if (tag === undefined && isPlainObject(v)) {
    for (const k of Object.keys(v)) (v as Doc)[k] = normalizeValue((v as Doc)[k]);
  }
  return v;
}

export function decodeDocument(buf: Uint8Array): Doc {
  const doc = BSON.deserialize(buf, DESERIALIZE_OPTIONS) as Doc;
  return normalizeValue(doc) as Doc;
}

export function normalizeDocument(doc: Doc): Doc {
  return normalizeValue(doc) as Doc;
}

export function encodeDocument(doc: Doc): Buffer {
  const bytes = BSON.serialize(doc, { ignoreUndefined: true });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function bsonSize(doc: Doc): number {
  return BSON.calculateObjectSize(doc);
}

/** True when the value holds a numeric wrapper mingo would not compare by value. */
export function hasNumericWrappers(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasNumericWrappers);
  const tag = bsonTag(v);
  if (tag === 'Double' || tag === 'Long' || tag === 'Decimal128' || tag === 'Int32') return true;
  if (tag === undefined && isPlainObject(v)) {
    for (const k of Object.keys(v)) if (hasNumericWrappers((v as Doc)[k])) return true;
  }
  return false;
}

/** Copy with numeric wrappers replaced by JS numbers (containers without wrappers are shared). */
export function numbersOnly(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x = numbersOnly(v[i]);
      if (x !== v[i] && !out) out = v.slice(0, i);
      if (out) out.push(x);
    }
    return out ?? v;
  }
  const tag = bsonTag(v);
  if (tag === 'Double' || tag === 'Long' || tag === 'Decimal128' || tag === 'Int32') return toNumber(v);
  if (tag !== undefined || !isPlainObject(v)) return v;
  let out: Doc | null = null;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const x = numbersOnly((v as Doc)[keys[i]]);
    if (x !== (v as Doc)[keys[i]] && !out) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]] = (v as Doc)[keys[j]];
    }
    if (out) out[keys[i]] = x;
  }
  return out ?? v;
}

const views = new WeakMap<object, Doc>();

/** The document as mingo should see it; cached per immutable stored version (itself if plain). */
export function queryView(doc: Doc): Doc {
  let view = views.get(doc);
  if (!view) {
    view = hasNumericWrappers(doc) ? (numbersOnly(doc) as Doc) : doc;
    views.set(doc, view);
  }
  return view;
}
