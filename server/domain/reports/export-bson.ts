/**
 * An export row's answer cells straight from a response's BSON bytes, for the export thread:
 * decoding 35,000 responses' answers into objects only to read ~120 leaves of each costs more
 * than the rows themselves (and their garbage collection). Here the answers document is walked
 * in place along the plan's question paths, names compared as bytes: leaves are decoded as bson
 * would decode them and handed to the same cell rule as `ExportPlan.row`, so the cells are
 * identical. The rest of a response (ids, dates, the two scores) is decoded here too
 * (`readResponse`): the common BSON types directly, rare ones through bson. Measured on 35,000
 * responses: 0.2 s for readResponse, against 0.5 s for `BSON.deserialize` of the same bytes
 * without their answers (which was the way before) and 1.3 s with them.
 *
 * Pure: bytes in, values and cells out.
 */
import { BSON } from 'bson';

/** A question column as the walk needs it: where its cell goes and how a value becomes a cell. */
export interface BsonColumn { at: number; cell(value: unknown): unknown }

export interface PathNode { column: BsonColumn | null; children: PathLevel }

/**
 * One level of question paths, found by an element name's bytes: hashing the name while it is
 * scanned and comparing bytes costs no string per element (decoding ~150 names per response into
 * strings was most of the walk's time).
 */
export class PathLevel {
  private readonly byHash = new Map<number, { name: Buffer; node: PathNode }[]>();
  size = 0;

  /** The node of `name`, made empty if it is new. */
  child(name: string): PathNode {
    const bytes = Buffer.from(name, 'utf8');
    const hash = nameHash(bytes, 0, bytes.length);
    let bucket = this.byHash.get(hash);
    if (!bucket) this.byHash.set(hash, (bucket = []));
    let entry = bucket.find((e) => e.name.equals(bytes));
    if (!entry) {
      bucket.push((entry = { name: bytes, node: { column: null, children: new PathLevel() } }));
      this.size += 1;
    }
    return entry.node;
  }

  /** The node whose name is `buf[start, end)` (its hash `hash`), if any. */
  find(buf: Uint8Array, start: number, end: number, hash: number): PathNode | undefined {
    const bucket = this.byHash.get(hash);
    if (!bucket) return undefined;
    for (const { name, node } of bucket) {
      if (name.length !== end - start) continue;
      let i = 0;
      while (i < name.length && name[i] === buf[start + i]) i++;
      if (i === name.length) return node;
    }
    return undefined;
  }
}

/** FNV-1a's start value and prime: `nameHash`, and fillAnswerCells while it finds a name's end. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function nameHash(b: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], FNV_PRIME);
  return h;
}

export function pathTrie(columns: readonly { segments: readonly string[]; column: BsonColumn }[]): PathLevel {
  const roots = new PathLevel();
  for (const { segments, column } of columns) {
    let level = roots;
    let node: PathNode | undefined;
    for (const s of segments) {
      node = level.child(s);
      level = node.children;
    }
    if (node) node.column = column;
  }
  return roots;
}

const int32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

/** Bytes of an element's value of BSON type `type` starting at `at`. */
function valueSize(b: Uint8Array, type: number, at: number): number {
  switch (type) {
    case 0x01: case 0x09: case 0x11: case 0x12: return 8;
    case 0x02: case 0x0d: case 0x0e: return 4 + int32(b, at);
    case 0x03: case 0x04: case 0x0f: return int32(b, at);
    case 0x05: return 5 + int32(b, at);
    case 0x06: case 0x0a: case 0x7f: case 0xff: return 0;
    case 0x07: return 12;
    case 0x08: return 1;
    case 0x0b: {
      const p = b.indexOf(0, at);
      return b.indexOf(0, p + 1) + 1 - at;
    }
    case 0x0c: return 4 + int32(b, at) + 12;
    case 0x10: return 4;
    case 0x13: return 16;
    default: throw new Error(`unknown BSON type 0x${type.toString(16)}`);
  }
}

type Slicer = (this: Buffer, start: number, end: number) => string;
/**
 * Buffer's own UTF-8 decoder without `toString`'s argument handling, which cost as much as the
 * decoding for short strings (falls back to `toString` where a runtime lacks it).
 */
const utf8Slice: Slicer = (Buffer.prototype as unknown as { utf8Slice?: Slicer }).utf8Slice
  ?? function slice(this: Buffer, start: number, end: number) { return this.toString('utf8', start, end); };

/**
 * Text at `buf[start, end)`: very short ASCII text (codes, option values) is built here, which
 * beats a native call up to about 8 characters (longer, the pieces cost more than the call).
 */
function text(buf: Buffer, start: number, end: number): string {
  if (end - start <= 8) {
    let out = '';
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c >= 0x80) return utf8Slice.call(buf, start, end);
      out += String.fromCharCode(c);
    }
    return out;
  }
  return utf8Slice.call(buf, start, end);
}

/** The value of one element, as bson's deserialize gives it (the common scalars read here). */
function valueAt(buf: Buffer, type: number, at: number, size: number): unknown {
  switch (type) {
    case 0x02: return text(buf, at + 4, at + size - 1);
    case 0x01: return buf.readDoubleLE(at);
    case 0x10: return int32(buf, at);
    case 0x08: return buf[at] === 1;
    case 0x0a: case 0x06: return null;
    case 0x07: return new BSON.ObjectId(buf.subarray(at, at + 12));
    case 0x09: return new Date(int32(buf, at + 4) * 4294967296 + (int32(buf, at) >>> 0));
    // A document's bytes are a BSON document already; an array's elements are read one by one.
    case 0x03: return documentAt(buf, at, at + size);
    case 0x04: return arrayAt(buf, at, at + size);
    default: {
      // Anything else: the element alone, in a one-field document, through bson.
      const doc = Buffer.alloc(4 + 1 + 2 + size + 1);
      doc.writeInt32LE(doc.length, 0);
      doc[4] = type;
      doc[5] = 0x76; // "v"
      doc[6] = 0;
      buf.copy(doc, 7, at, at + size);
      doc[doc.length - 1] = 0;
      return BSON.deserialize(doc).v;
    }
  }
}

/** The elements of the array at `buf[start, end)`, in order (their names are their indexes). */
function arrayAt(buf: Buffer, start: number, end: number): unknown[] {
  const out: unknown[] = [];
  let pos = start + 4;
  while (pos < end - 1) {
    const type = buf[pos++];
    while (pos < end && buf[pos] !== 0) pos++;
    pos += 1;
    const size = valueSize(buf, type, pos);
    out.push(valueAt(buf, type, pos, size));
    pos += size;
  }
  return out;
}

/**
 * The document at `buf[start, end)` as bson's `deserialize` gives it (the same objects for the
 * types valueAt reads itself; anything else through bson), without its generic per-element work.
 */
export function documentAt(buf: Buffer, start: number, end: number): Record<string, unknown> {
  return decodeDocument(buf, start, end, null).doc;
}

/**
 * A response read as an export needs it: decoded except its `answers` document, and where those
 * answers lie (null when there are none or they are not a document: then `doc.answers` has them).
 */
export function readResponse(buf: Buffer): { doc: Record<string, unknown>; answers: { start: number; end: number } | null } {
  const { doc, skipped } = decodeDocument(buf, 0, buf.length, 'answers');
  return { doc, answers: skipped };
}

/** documentAt, leaving out the element named `skip` when it is a document (its place is returned). */
function decodeDocument(buf: Buffer, start: number, end: number, skip: string | null) {
  const doc: Record<string, unknown> = {};
  let skipped: { start: number; end: number } | null = null;
  let pos = start + 4;
  while (pos < end - 1) {
    const type = buf[pos++];
    const nameStart = pos;
    while (pos < end && buf[pos] !== 0) pos++;
    const name = text(buf, nameStart, pos);
    pos += 1;
    const size = valueSize(buf, type, pos);
    if (name === skip && type === 0x03) {
      skipped = { start: pos, end: pos + size };
    } else {
      const value = valueAt(buf, type, pos, size);
      // As bson does: a "__proto__" element is an own property, never the object's prototype.
      if (name === '__proto__') Object.defineProperty(doc, name, { value, writable: true, enumerable: true, configurable: true });
      else doc[name] = value;
    }
    pos += size;
  }
  return { doc, skipped };
}

/**
 * Fills `cells` from the answers document at `buf[start, end)` (its length prefix first): every
 * element whose name continues a question path is followed into (documents and arrays alike, as
 * reading `answers.a.b` from objects would) or, at a question, turned into that column's cell.
 */
export function fillAnswerCells(buf: Buffer, start: number, end: number, level: PathLevel, cells: unknown[]): void {
  let pos = start + 4;
  while (pos < end - 1) {
    const type = buf[pos++];
    let nameEnd = pos;
    let hash = FNV_OFFSET;
    for (let c = buf[nameEnd]; c !== 0 && nameEnd < end; c = buf[++nameEnd]) hash = Math.imul(hash ^ c, FNV_PRIME);
    const node = level.find(buf, pos, nameEnd, hash);
    pos = nameEnd + 1;
    const size = valueSize(buf, type, pos);
    if (node) {
      if (node.column) {
        const value = valueAt(buf, type, pos, size);
        cells[node.column.at] = value === null ? null : node.column.cell(value);
      } else if (node.children.size > 0 && (type === 0x03 || type === 0x04)) {
        fillAnswerCells(buf, pos, pos + size, node.children, cells);
      }
    }
    pos += size;
  }
}
