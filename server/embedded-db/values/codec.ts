/**
 * BSON in and out. Incoming documents are parsed with `promoteValues: false` (so a double 1.0
 * and an int64 stay distinguishable) and then normalised in place to the representation of
 * types.ts. `numbersOnly` gives mingo a numbers-only copy of documents that contain wrappers.
 */
import { BSON, DBRef, Double, Int32 } from 'bson';
import { DocRange, documentRanges, elementAsDocument, elementsOf } from './dbref';
import { fieldOf, setField } from './fields';
import { bsonTag, Doc, isInt32Number, isPlainObject } from './types';
import { toNumber } from './numeric';

const DESERIALIZE_OPTIONS = { promoteValues: false, promoteBuffers: false, bsonRegExp: false, validation: { utf8: true } } as const;

/** The buffer being decoded, and how many documents of it the walk has met (see dbref.ts). */
interface DecodeState { buf: Uint8Array | null; ordinal: number; ranges: DocRange[] | null }

/** Int32 → number, Double → number unless that would turn it into an int32 on the way out. */
function normalizeValue(v: unknown, st: DecodeState): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalizeValue(v[i], st);
    return v;
  }
  const tag = (v as { _bsontype?: string })._bsontype;
  if (tag === 'Int32') return (v as Int32).value;
  if (tag === 'Double') {
    const x = (v as Double).value;
    return isInt32Number(x) ? v : x;
  }
  if (tag === 'DBRef') return dbRefDocument(v as DBRef, st);
  if (tag === undefined && isPlainObject(v)) {
    st.ordinal++;
    for (const k of Object.keys(v)) (v as Doc)[k] = normalizeValue((v as Doc)[k], st);
  }
  return v;
}

/** A DBRef as the sub-document it was: rebuilt field by field from its own bytes. */
function dbRefDocument(ref: DBRef, st: DecodeState): Doc {
  const index = st.ordinal++;
  const out: Doc = {};
  if (!st.buf) {
    out.$ref = ref.db ? `${ref.db}.${ref.collection}` : ref.collection;
    out.$id = normalizeValue(ref.oid, st);
    for (const k of Object.keys(ref.fields ?? {})) setField(out, k, normalizeValue(ref.fields[k], st));
    return out;
  }
  st.ranges ??= documentRanges(st.buf);
  const range = st.ranges[index];
  st.ordinal += range.descendants;
  for (const e of elementsOf(st.buf, range.start, range.end)) {
    setField(out, e.name, fieldOf(decodeDocument(elementAsDocument(st.buf, e)), e.name));
  }
  return out;
}

export function decodeDocument(buf: Uint8Array): Doc {
  const doc = BSON.deserialize(buf, DESERIALIZE_OPTIONS) as Doc;
  return normalizeValue(doc, { buf, ordinal: 0, ranges: null }) as Doc;
}

export function normalizeDocument(doc: Doc): Doc {
  return normalizeValue(doc, { buf: null, ordinal: 0, ranges: null }) as Doc;
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
      for (let j = 0; j < i; j++) setField(out, keys[j], (v as Doc)[keys[j]]);
    }
    if (out) setField(out, keys[i], x);
  }
  return out ?? v;
}
