/** Messages between the app and the embedded database's worker thread. */
export type ToWorker = { type: 'stop' };

export type FromWorker =
  | { type: 'ready'; uri: string }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; args: unknown[] }
  | { type: 'stopped'; error?: string };
