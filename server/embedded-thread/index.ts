/**
 * The embedded database in its own worker thread. The app and the database then share no event
 * loop: a long aggregation (a dashboard over a whole province) or a journal compaction no longer
 * holds up HTTP requests, and on a machine with two cores the database's own work (decoding,
 * matching, journaling) runs beside the app's instead of taking turns with it. The driver still
 * talks to it over loopback exactly as to a MongoDB server, so nothing else changes.
 *
 *   const db = await startEmbeddedMongoThread({ dataDir, port: 0 }, logger);
 *   await mongoose.connect(db.uri); ... await db.stop();
 *
 * When the process dies the thread dies with it: durability is the journal's, as in process.
 */
import { Worker } from 'node:worker_threads';
import type { EmbeddedMongo, EmbeddedMongoOptions } from '../embedded-db';
import type { Logger } from '../http/logging';
import { workerFile } from '../worker-file';
import type { FromWorker } from './messages';

const WORKER = workerFile(__dirname, __filename);

export type ThreadOptions = Omit<EmbeddedMongoOptions, 'logger'>;

export function startEmbeddedMongoThread(options: ThreadOptions, logger: Logger, onUnexpectedExit: (code: number) => void = () => {}): Promise<EmbeddedMongo> {
  const worker = new Worker(WORKER.file, { workerData: options, execArgv: WORKER.execArgv });
  let stopping: Promise<void> | null = null;
  let exited = false;
  const exit = new Promise<number>((resolve) => worker.once('exit', (code) => { exited = true; resolve(code); }));

  const forwardLog = (m: Extract<FromWorker, { type: 'log' }>) => {
    const [first, second] = m.args;
    const text = typeof second === 'string' ? second : undefined;
    if (typeof first === 'object' && first !== null) logger[m.level](first as object, text);
    else logger[m.level](String(first ?? ''));
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exited) return;
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (m: FromWorker) => {
          if (m.type !== 'stopped') return;
          if (m.error) logger.error({ err: m.error }, 'embedded database did not stop cleanly');
          resolve();
        });
      });
      worker.postMessage({ type: 'stop' });
      await Promise.race([stopped, exit]);
      await worker.terminate();
    })();
    return stopping;
  };

  return new Promise<EmbeddedMongo>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'log') forwardLog(m);
      else if (m.type === 'ready') {
        const { hostname, port } = new URL(m.uri);
        resolve({ uri: m.uri, host: hostname, port: Number(port), stop });
      } else if (m.type === 'failed') {
        void worker.terminate();
        reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      }
    });
    worker.once('error', (err) => {
      logger.error({ err }, 'embedded database thread failed');
      reject(err);
    });
    worker.once('exit', (code) => {
      if (stopping) return;
      logger.error({ code }, 'embedded database thread exited');
      reject(new Error(`embedded database thread exited with code ${code}`)); // no-op once ready
      onUnexpectedExit(code);
    });
  });
}
