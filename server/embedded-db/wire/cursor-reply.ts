/**
 * Builds `{cursor: {firstBatch|nextBatch: [...], id: Long, ns}, ok: 1}` directly as BSON from
 * documents serialised one by one: each document is encoded exactly once, the batch can be cut
 * at the 16 MiB reply budget without measuring documents separately, and the reply is written
 * into a single buffer.
 */
import { BSON } from 'bson';
import { Doc } from '../values/types';

export const BATCH_BYTE_BUDGET = 16 * 1024 * 1024;

export function serializeDoc(doc: Doc): Buffer {
  const bytes = BSON.serialize(doc);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface EncodedBatch { docs: Buffer[]; bytes: number }

/** Serialises up to `max` documents from `next()` within the byte budget. */
export function encodeBatch(next: () => Doc | undefined, max: number): EncodedBatch {
  const docs: Buffer[] = [];
  let bytes = 0;
  while (docs.length < max) {
    const doc = next();
    if (doc === undefined) break;
    const buf = serializeDoc(doc);
    docs.push(buf);
    bytes += buf.length;
    if (bytes >= BATCH_BYTE_BUDGET) break;
  }
  return { docs, bytes };
}

/** Bytes of an element header: type byte + name + NUL. */
function nameBytes(name: string): number {
  return 2 + name.length; // names used here are ASCII
}

/** `trailer`: extra top-level elements (already BSON-encoded) placed before `ok`. */
export function encodeCursorReply(batchName: 'firstBatch' | 'nextBatch', batch: Buffer[], cursorId: bigint, ns: string, trailer?: Buffer): Buffer {
  let arrayLen = 5;
  for (let i = 0; i < batch.length; i++) arrayLen += nameBytes(String(i)) + batch[i].length;
  const nsLen = Buffer.byteLength(ns, 'utf8');
  const cursorLen = 4 + nameBytes(batchName) + arrayLen + nameBytes('id') + 8 + nameBytes('ns') + 4 + nsLen + 1 + 1;
  const total = 4 + nameBytes('cursor') + cursorLen + (trailer?.length ?? 0) + nameBytes('ok') + 8 + 1;
  const out = Buffer.allocUnsafe(total);
  let pos = 0;
  const name = (type: number, n: string) => {
    out[pos++] = type;
    pos += out.write(n, pos, 'latin1');
    out[pos++] = 0;
  };
  out.writeInt32LE(total, pos); pos += 4;
  name(0x03, 'cursor');
  out.writeInt32LE(cursorLen, pos); pos += 4;
  name(0x04, batchName);
  out.writeInt32LE(arrayLen, pos); pos += 4;
  for (let i = 0; i < batch.length; i++) {
    name(0x03, String(i));
    pos += batch[i].copy(out, pos);
  }
  out[pos++] = 0;
  name(0x12, 'id');
  out.writeBigInt64LE(cursorId, pos); pos += 8;
  name(0x02, 'ns');
  out.writeInt32LE(nsLen + 1, pos); pos += 4;
  pos += out.write(ns, pos, 'utf8');
  out[pos++] = 0;
  out[pos++] = 0; // end of cursor
  if (trailer) pos += trailer.copy(out, pos);
  name(0x01, 'ok');
  out.writeDoubleLE(1, pos); pos += 8;
  out[pos++] = 0;
  return out;
}
