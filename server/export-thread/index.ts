/**
 * A large export's reading and row shaping in a worker thread. Decoding tens of thousands of
 * responses off the wire and building their rows costs about as much as the spreadsheet writer
 * itself; in the app's thread the two take turns, in a thread of their own they run beside it
 * (the writer, exceljs or the CSV joiner, stays in the app's thread with the HTTP response).
 * For 35,000 responses that is most of the difference between the export and the writer alone.
 *
 *   for await (const row of exportRowsInThread(job)) ...   // header row first
 *
 * The thread opens its own small client on the app's database (same connection string), posts
 * rows a few hundred at a time and waits for the app to take them, so memory stays bounded.
 * Leaving the loop early (the client went away) tells the thread to stop: it closes its cursor
 * on the server and ends (it is ended anyway after STOP_GRACE_MS). An error ends it too.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { ExportCell } from '../domain/register/spreadsheet-safety';
import { workerFile } from '../worker-file';
import type { ExportJob, FromExportThread, ToExportThread } from './messages';
import { decodedRows } from './row-codec';

export type { ExportJob } from './messages';

const WORKER = workerFile(__dirname, __filename);
/** How long a thread told to stop may take to close its cursor before it is ended anyway. */
const STOP_GRACE_MS = 5000;
/**
 * The thread holds two batches of responses and a few hundred rows at a time (tens of MB), but a
 * fresh isolate without a limit lets its heap grow far past that before collecting (measured:
 * about 50 MB more peak memory on a 35,000-row export). Tighter limits (128 MB) cost seconds of
 * background garbage collection on two cores. An instrument with very large answers that
 * outgrows the limit fails its export cleanly (the thread ends with an error), not the app.
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 384 };

export async function* exportRowsInThread(job: ExportJob): AsyncGenerator<ExportCell[]> {
  const worker = new Worker(WORKER.file, { workerData: job, execArgv: WORKER.execArgv, resourceLimits: THREAD_LIMITS });
  const queue: FromExportThread[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => { wake?.(); wake = null; };
  worker.on('message', (m: FromExportThread) => { queue.push(m); notify(); });
  worker.once('error', (err) => { failure ??= err; notify(); });
  worker.once('exit', (code) => { failure ??= new Error(`export thread exited with code ${code}`); notify(); });
  let finished = false;
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => { wake = resolve; });
      const m = queue.shift();
      if (!m) throw failure as unknown as Error;
      if (m.type === 'failed') throw new Error(m.message);
      if (m.type === 'end') {
        finished = true;
        return;
      }
      worker.postMessage({ type: 'ack' } satisfies ToExportThread);
      yield* decodedRows(m.rows);
    }
  } finally {
    if (!finished && !failure) {
      // Left early (the client went away): let the thread close its cursor and client first.
      worker.postMessage({ type: 'stop' } satisfies ToExportThread);
      await Promise.race([once(worker, 'exit'), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
    }
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
