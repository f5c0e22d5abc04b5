/**
 * The `operationTime` every reply of a replica-set member carries. Drivers keep it per session
 * and send it back as `readConcern.afterClusterTime` (causal consistency); here every read is
 * already up to date, so the value only has to be a plausible, non-decreasing Timestamp.
 */
import { BSON, Timestamp } from 'bson';
import type { Engine } from './storage/engine';

export function operationTime(engine: Engine): Timestamp {
  return new Timestamp({ t: Math.floor(Date.now() / 1000), i: (engine.seq & 0x7fffffff) + 1 });
}

/** `operationTime` as raw BSON elements, for replies assembled by hand (cursor batches). */
export function operationTimeElements(engine: Engine): Buffer {
  const doc = BSON.serialize({ operationTime: operationTime(engine) });
  return Buffer.from(doc.buffer, doc.byteOffset + 4, doc.byteLength - 5);
}
