/**
 * The `operationTime` every reply of a replica-set member carries. Drivers keep it per session
 * and send it back as `readConcern.afterClusterTime` (causal consistency); here every read is
 * already up to date, so the value only has to be a plausible, non-decreasing Timestamp.
 */
import { Timestamp } from 'bson';
import type { Engine } from './storage/engine';

export function operationTime(engine: Engine): Timestamp {
  return new Timestamp({ t: Math.floor(Date.now() / 1000), i: (engine.seq & 0x7fffffff) + 1 });
}

const NAME = Buffer.from('\x11operationTime\x00', 'latin1');

/** `operationTime` as a raw BSON element, for replies assembled by hand (cursor batches). */
export function operationTimeElements(engine: Engine): Buffer {
  const out = Buffer.allocUnsafe(NAME.length + 8);
  NAME.copy(out, 0);
  out.writeUInt32LE((engine.seq & 0x7fffffff) + 1, NAME.length); // increment, then seconds
  out.writeUInt32LE(Math.floor(Date.now() / 1000), NAME.length + 4);
  return out;
}
