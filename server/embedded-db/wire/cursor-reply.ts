/**
 * Builds `{cursor: {firstBatch|nextBatch: [...], id: Long, ns}, ok: 1}` directly as BSON from
 * documents serialised one by one. Each document is encoded exactly once, and the batch can be
 * cut at the 16 MiB reply budget without measuring documents separately.
 */
import { BSON } from 'bson';
import { Doc } from '../values/types';

export const BATCH_BYTE_BUDGET = 16 * 1024 * 1024;

function cstring(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

function element(type: number, name: string, payload: Buffer): Buffer[] {
  return [Buffer.from([type]), cstring(name), payload];
}

function document(parts: Buffer[]): Buffer {
  const size = parts.reduce((n, p) => n + p.length, 0) + 5;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(size, 0);
  return Buffer.concat([head, ...parts, Buffer.from([0])], size);
}

export function serializeDoc(doc: Doc): Buffer {
  const bytes = BSON.serialize(doc);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface EncodedBatch { docs: Buffer[]; bytes: number }

/** Serialises up to `max` documents from `next()` within the byte budget (at least one). */
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

export function encodeCursorReply(
  batchName: 'firstBatch' | 'nextBatch', batch: Buffer[], cursorId: bigint, ns: string, extra?: Doc,
): Buffer {
  const arrayParts: Buffer[] = [];
  batch.forEach((doc, i) => arrayParts.push(...element(0x03, String(i), doc)));
  const id = Buffer.allocUnsafe(8);
  id.writeBigInt64LE(cursorId, 0);
  const nsBytes = Buffer.from(ns, 'utf8');
  const nsPayload = Buffer.allocUnsafe(4 + nsBytes.length + 1);
  nsPayload.writeInt32LE(nsBytes.length + 1, 0);
  nsBytes.copy(nsPayload, 4);
  nsPayload[nsPayload.length - 1] = 0;
  const cursor = document([
    ...element(0x04, batchName, document(arrayParts)),
    ...element(0x12, 'id', id),
    ...element(0x02, 'ns', nsPayload),
  ]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1, 0);
  const extraParts: Buffer[] = [];
  if (extra) {
    const encoded = serializeDoc(extra);
    extraParts.push(encoded.subarray(4, encoded.length - 1)); // its elements, spliced in
  }
  return document([...element(0x03, 'cursor', cursor), ...extraParts, ...element(0x01, 'ok', ok)]);
}
