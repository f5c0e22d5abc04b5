/**
 * Waiting on a stream event while the client may go away: resolves on `event` of `source` or on
 * `close` of `out`, whichever comes first, and removes the listeners of the other (a bare
 * `Promise.race` of two `once` calls would leave one pair behind per wait: thousands in an export).
 */
import { once } from 'node:events';
import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';

export async function eventOrClose(source: EventEmitter, event: string, out: Writable): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([once(source, event, { signal: stop.signal }), once(out, 'close', { signal: stop.signal })]);
  } finally {
    stop.abort(); // the other wait rejects with AbortError, which the race has already handled
  }
}
