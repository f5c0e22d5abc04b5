/**
 * Writes BSON straight into one growing reply buffer. Cursor batches used to serialise every
 * document into bson's scratch buffer, copy it into its own Buffer, then copy that again into
 * the reply; here the common value types (strings, numbers, booleans, null, dates, ObjectIds,
 * sub-documents, arrays) are written in place, byte for byte as `BSON.serialize` writes them,
 * and every other BSON type is delegated to `BSON.serialize` one element at a time.
 */
import { BSON, ObjectId } from 'bson';
import { Doc, isPlainObject } from '../values/types';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_32 = 4294967296;
/** Strings up to this length are copied byte by byte when ASCII: cheaper than a native write. */
const SHORT_STRING = 96;
/** Array element names "0", "1", … */
const INDEX_NAMES = Array.from({ length: 1024 }, (_, i) => String(i));

export class BsonWriter {
  buf: Buffer;
  pos = 0;

  constructor(initial = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  int32(v: number): void {
    this.ensure(4);
    this.putInt32(v, this.pos);
    this.pos += 4;
  }

  /** Little-endian int32 at `at` (no bounds check: callers ensure room). */
  private putInt32(v: number, at: number): void {
    const b = this.buf;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
  }

  /**
   * Writes `s` as UTF-8 at `pos` and returns the byte count: short ASCII text byte by byte,
   * anything else through Buffer#write, which encodes exactly as bson does.
   */
  private utf8(s: string, at: number): number {
    const n = s.length;
    if (n <= SHORT_STRING) {
      const b = this.buf;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        b[at + i] = c;
      }
      if (i === n) return n;
    }
    return this.buf.write(s, at, 'utf8');
  }

  /** Element header: type byte, name, NUL. */
  name(type: number, key: string): void {
    if (key.includes('\0')) throw new Error(`BSON field names cannot contain null bytes: ${JSON.stringify(key)}`);
    this.ensure(key.length * 3 + 2);
    this.buf[this.pos++] = type;
    this.pos += this.utf8(key, this.pos);
    this.buf[this.pos++] = 0;
  }

  /** Starts a document; returns its start for `endDoc`. */
  startDoc(): number {
    const start = this.pos;
    this.ensure(4);
    this.pos += 4;
    return start;
  }

  endDoc(start: number): void {
    this.byte(0);
    this.putInt32(this.pos - start, start);
  }

  /** A whole document, as `BSON.serialize(doc)` would write it. */
  document(doc: Doc): void {
    const start = this.startDoc();
    for (const key in doc) {
      const v = doc[key];
      if (v !== undefined) this.element(key, v); // as BSON.serialize: ignoreUndefined in documents
    }
    this.endDoc(start);
  }

  array(arr: unknown[]): void {
    const start = this.startDoc();
    for (let i = 0; i < arr.length; i++) this.element(i < INDEX_NAMES.length ? INDEX_NAMES[i] : String(i), arr[i]);
    this.endDoc(start);
  }

  element(key: string, v: unknown): void {
    switch (typeof v) {
      case 'string': {
        this.name(0x02, key);
        this.ensure(v.length * 3 + 5);
        const at = this.pos;
        const n = this.utf8(v, at + 4);
        this.putInt32(n + 1, at);
        this.buf[at + 4 + n] = 0;
        this.pos = at + 5 + n;
        return;
      }
      case 'number':
        if (!Object.is(v, -0) && Number.isSafeInteger(v) && v <= INT32_MAX && v >= INT32_MIN) {
          this.name(0x10, key);
          this.int32(v);
        } else {
          this.name(0x01, key);
          this.ensure(8);
          this.buf.writeDoubleLE(v, this.pos);
          this.pos += 8;
        }
        return;
      case 'boolean':
        this.name(0x08, key);
        this.byte(v ? 1 : 0);
        return;
      case 'undefined':
        this.name(0x0a, key); // only reached for array elements: BSON.serialize writes null there
        return;
      case 'object':
        break;
      default:
        this.fallback(key, v);
        return;
    }
    if (v === null) {
      this.name(0x0a, key);
      return;
    }
    if (Array.isArray(v)) {
      this.name(0x04, key);
      this.array(v);
      return;
    }
    if (v instanceof Date && Number.isFinite(v.getTime())) {
      this.name(0x09, key);
      // int64 milliseconds as two int32 halves (exact: |t| ≤ 8.64e15 < 2^53)
      const t = v.getTime();
      const high = Math.floor(t / TWO_32);
      this.ensure(8);
      this.putInt32(t - high * TWO_32, this.pos);
      this.putInt32(high, this.pos + 4);
      this.pos += 8;
      return;
    }
    const tag = (v as { _bsontype?: unknown })._bsontype;
    if (tag === 'ObjectId') {
      this.name(0x07, key);
      this.ensure(12);
      const oid = v as ObjectId & { serializeInto?: (b: Uint8Array, at: number) => number };
      // serializeInto (bson's own, not in its typings) writes the 12 bytes without allocating.
      if (typeof oid.serializeInto === 'function') this.pos += oid.serializeInto(this.buf, this.pos);
      else {
        this.buf.set(oid.id, this.pos);
        this.pos += 12;
      }
      return;
    }
    if (tag === undefined && isPlainObject(v)) {
      this.name(0x03, key);
      this.document(v);
      return;
    }
    this.fallback(key, v);
  }

  /** Any other type: bson serialises a one-element document and the element is copied out. */
  private fallback(key: string, v: unknown): void {
    const bytes = BSON.serialize({ [key]: v });
    const len = bytes.length - 5;
    this.ensure(len);
    this.buf.set(bytes.subarray(4, 4 + len), this.pos);
    this.pos += len;
  }

  /** The bytes written so far, copied into a buffer of their own; the writer starts over. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.reset();
    return out;
  }

  /** Starts over; a buffer grown for one huge reply is not kept. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > 4 * 1024 * 1024) this.buf = Buffer.allocUnsafe(64 * 1024);
  }
}
