/**
 * Builds `{cursor: {firstBatch|nextBatch: [...], id: Long, ns}, <trailer>, ok: 1}` directly as
 * BSON: the documents of the batch are written one after the other into a single reply buffer
 * (bson-writer.ts), so each is encoded exactly once and copied once, and the batch can be cut at
 * the 16 MiB reply budget as it grows.
 */
import { Doc } from '../values/types';
import { BsonWriter } from './bson-writer';

export const BATCH_BYTE_BUDGET = 16 * 1024 * 1024;

/** Writes one batch document (projected or whole) into the writer. */
export type DocEncoder = (w: BsonWriter, doc: Doc) => void;

export const wholeDocument: DocEncoder = (w, doc) => w.document(doc);

/** One shared writer: replies are built synchronously, one at a time, then copied out. */
const writer = new BsonWriter();

export class CursorReplyBuilder {
  private readonly top: number;
  private readonly cursor: number;
  private readonly array: number;
  count = 0;

  constructor(batchName: 'firstBatch' | 'nextBatch') {
    const w = writer;
    w.reset();
    this.top = w.startDoc();
    w.name(0x03, 'cursor');
    this.cursor = w.startDoc();
    w.name(0x04, batchName);
    this.array = w.startDoc();
  }

  /** Bytes of batch documents written so far. */
  get bytes(): number {
    return writer.pos - this.array;
  }

  add(doc: Doc, encode: DocEncoder): void {
    writer.name(0x03, String(this.count++));
    encode(writer, doc);
  }

  /** `trailer`: extra top-level elements (already BSON-encoded) placed before `ok`. */
  finish(cursorId: bigint, ns: string, trailer?: Buffer): Buffer {
    const w = writer;
    w.endDoc(this.array);
    w.name(0x12, 'id');
    w.ensure(8);
    w.buf.writeBigInt64LE(cursorId, w.pos);
    w.pos += 8;
    w.element('ns', ns);
    w.endDoc(this.cursor);
    if (trailer) {
      w.ensure(trailer.length);
      w.pos += trailer.copy(w.buf, w.pos);
    }
    w.name(0x01, 'ok');
    w.ensure(8);
    w.buf.writeDoubleLE(1, w.pos);
    w.pos += 8;
    w.endDoc(this.top);
    return w.take();
  }
}
