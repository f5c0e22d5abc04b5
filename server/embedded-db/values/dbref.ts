/**
 * DBRefs stay the documents they are. bson's reader turns every sub-document shaped
 * `{$ref, $id, $db}` into a DBRef object, splitting a `$ref` such as "fs.files" into a database
 * and a collection (and letting that override `$db`), and putting the three fields first. MongoDB
 * stores and matches such a sub-document as written (`{'owner.$id': id}` finds it), so the
 * decoder rebuilds each one from its own bytes: `documentRanges` lists where every document of
 * a BSON buffer lies, in the order a depth-first walk over the decoded value meets them.
 */
/** The field names of a DBRef. MongoDB accepts them where other `$` names are operators: in field paths and at the top of a query. */
export const DBREF_FIELDS: ReadonlySet<string> = new Set(['$ref', '$id', '$db']);

export interface DocRange {
  start: number;
  end: number;
  /** Documents nested inside this one (at any depth, through arrays too). */
  descendants: number;
}

const FIXED: Record<number, number> = {
  0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0xff: 0, 0x7f: 0,
};

function cstringEnd(buf: Uint8Array, at: number): number {
  let i = at;
  while (buf[i] !== 0) i++;
  return i;
}

/** One element: its type, name and where its value lies. */
export interface Element { type: number; name: string; nameStart: number; valueStart: number; valueEnd: number }

export function* elementsOf(buf: Uint8Array, start: number, end: number): Generator<Element> {
  let i = start + 4;
  while (i < end - 1) {
    const type = buf[i];
    const nameEnd = cstringEnd(buf, i + 1);
    const name = Buffer.from(buf.buffer, buf.byteOffset + i + 1, nameEnd - i - 1).toString('utf8');
    const valueStart = nameEnd + 1;
    const view = new DataView(buf.buffer, buf.byteOffset);
    let size: number;
    if (type in FIXED) size = FIXED[type];
    else if (type === 0x02 || type === 0x0d || type === 0x0e) size = 4 + view.getInt32(valueStart, true);
    else if (type === 0x03 || type === 0x04 || type === 0x0f) size = view.getInt32(valueStart, true);
    else if (type === 0x05) size = 5 + view.getInt32(valueStart, true);
    else if (type === 0x0c) size = 4 + view.getInt32(valueStart, true) + 12;
    else if (type === 0x0b) size = cstringEnd(buf, cstringEnd(buf, valueStart) + 1) + 1 - valueStart;
    else throw new Error(`unknown BSON type 0x${type.toString(16)}`);
    yield { type, name, nameStart: i, valueStart, valueEnd: valueStart + size };
    i = valueStart + size;
  }
}

/** Every document in `buf` (the root first), depth-first in field order; arrays are walked, not counted. */
export function documentRanges(buf: Uint8Array): DocRange[] {
  const out: DocRange[] = [];
  const view = new DataView(buf.buffer, buf.byteOffset);
  const visit = (start: number, isDoc: boolean): void => {
    const end = start + view.getInt32(start, true);
    const range = isDoc ? { start, end, descendants: 0 } : null;
    const before = out.length;
    if (range) out.push(range);
    for (const e of elementsOf(buf, start, end)) {
      if (e.type === 0x03) visit(e.valueStart, true);
      else if (e.type === 0x04) visit(e.valueStart, false);
    }
    if (range) range.descendants = out.length - before - 1;
  };
  visit(0, true);
  return out;
}

/** A one-element BSON document holding the element at `e` (so bson can decode its value alone). */
export function elementAsDocument(buf: Uint8Array, e: Element): Buffer {
  const body = buf.subarray(e.nameStart, e.valueEnd);
  const out = Buffer.alloc(body.length + 5);
  out.writeInt32LE(out.length, 0);
  out.set(body, 4);
  return out;
}
