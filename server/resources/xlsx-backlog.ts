/**
 * Backpressure that exceljs's streaming writer does not give. A committed row's XML goes into
 * the worksheet's StreamBuf, which hands every 64 KiB to the zip entry's PassThrough without
 * looking at its return value; the deflate behind it (zlib, on libuv's thread pool) is slower
 * than the rows are made, so a large export piles its uncompressed XML up there: ~250 MB for
 * 35,000 rows × 182 columns. Waiting for that buffer to drain whenever it holds more than
 * `MAX_BACKLOG` keeps memory bounded and costs no time (deflate was the slower side anyway).
 *
 * The buffer is reached through exceljs's internals (worksheet `stream.pipes[0]`, a Node or
 * readable-stream PassThrough). If a later exceljs changes them, `zipBacklog` returns null and
 * the test in test/unit/reports/xlsx-backlog.test.ts fails, rather than the bound silently going.
 */
import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { eventOrClose } from './stream-wait';

export const MAX_BACKLOG = 16 * 1024 * 1024;

interface PipedStream {
  _writableState?: { length?: number };
}

/** The zip entry stream behind a streaming worksheet, or null if it cannot be found. */
export function zipBacklog(sheet: unknown): PipedStream | null {
  const pipes = (sheet as { stream?: { pipes?: unknown[] } } | null)?.stream?.pipes;
  const dest = Array.isArray(pipes) ? pipes[0] as PipedStream | undefined : undefined;
  return dest && typeof dest._writableState?.length === 'number' ? dest : null;
}

/** Bytes of XML waiting for deflate (0 when unknown). */
export function backlogBytes(sheet: unknown): number {
  return zipBacklog(sheet)?._writableState?.length ?? 0;
}

/** Waits until the zip entry has taken in what was written, if more than MAX_BACKLOG is waiting (or `out` closes). */
export async function deflateCaughtUp(sheet: unknown, out: Writable, max = MAX_BACKLOG): Promise<void> {
  const dest = zipBacklog(sheet);
  if (!dest || (dest._writableState?.length ?? 0) <= max || out.destroyed) return;
  await eventOrClose(dest as unknown as EventEmitter, 'drain', out);
}
