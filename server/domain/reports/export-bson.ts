/**
 * An export row's answer cells straight from a response's BSON bytes, for the export thread:
 * decoding 35,000 responses' answers into objects only to read ~120 leaves of each costs more
 * than the rows themselves (and their garbage collection). Here the answers document is walked
 * in place along the plan's question paths: leaves that are plain values (text, numbers,
 * booleans, null) are read directly, anything else (lists, repeat rows, dates) is decoded by
 * bson and handed to the same cell rule as `ExportPlan.row`, so the cells are identical.
 *
 * Pure: bytes in, cells out. `splitAnswers` takes a whole response apart (the answers' bytes,
 * and the rest for bson to decode into an ExportDoc).
 */
import { BSON } from 'bson';

/** A question column as the walk needs it: where its cell goes and how a value becomes a cell. */
export interface BsonColumn { at: number; cell(value: unknown): unknown }

export interface PathNode { column: BsonColumn | null; children: Map<string, PathNode> }

export function pathTrie(columns: readonly { segments: readonly string[]; column: BsonColumn }[]): Map<string, PathNode> {
  const roots = new Map<string, PathNode>();
  for (const { segments, column } of columns) {
    let level = roots;
    let node: PathNode | undefined;
    for (const s of segments) {
      node = level.get(s);
      if (!node) level.set(s, (node = { column: null, children: new Map() }));
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

/** The value of one element, as bson's deserialize gives it (the common scalars read here). */
function valueAt(buf: Buffer, type: number, at: number, size: number): unknown {
  switch (type) {
    case 0x02: return buf.toString('utf8', at + 4, at + size - 1);
    case 0x01: return buf.readDoubleLE(at);
    case 0x10: return int32(buf, at);
    case 0x08: return buf[at] === 1;
    case 0x0a: case 0x06: return null;
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

/**
 * Fills `cells` from the answers document at `buf[start, end)` (its length prefix first): every
 * element whose name continues a question path is followed into (documents and arrays alike, as
 * reading `answers.a.b` from objects would) or, at a question, turned into that column's cell.
 */
export function fillAnswerCells(buf: Buffer, start: number, end: number, level: ReadonlyMap<string, PathNode>, cells: unknown[]): void {
  let pos = start + 4;
  while (pos < end - 1) {
    const type = buf[pos++];
    const nameEnd = buf.indexOf(0, pos);
    const node = level.get(buf.toString('utf8', pos, nameEnd));
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

/**
 * A response's bytes without its top-level `answers` (for bson to decode), and where the answers
 * document lies (null when there is none or it is not a document).
 */
export function splitAnswers(buf: Buffer): { rest: Buffer; answers: { start: number; end: number } | null } {
  let pos = 4;
  const end = buf.length - 1;
  while (pos < end) {
    const elementStart = pos;
    const type = buf[pos++];
    const nameEnd = buf.indexOf(0, pos);
    const isAnswers = nameEnd - pos === 7 && buf.toString('latin1', pos, nameEnd) === 'answers';
    pos = nameEnd + 1;
    const size = valueSize(buf, type, pos);
    if (isAnswers && type === 0x03) {
      const rest = Buffer.concat([buf.subarray(0, elementStart), buf.subarray(pos + size)]);
      rest.writeInt32LE(rest.length, 0);
      return { rest, answers: { start: pos, end: pos + size } };
    }
    pos += size;
  }
  return { rest: buf, answers: null };
}
