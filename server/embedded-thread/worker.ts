/**
 * Worker-thread entry of the embedded database (see ./index.ts): starts the server with the
 * options it was given, reports its URI (or why it could not start), forwards log lines to the
 * app's logger, and stops when asked. Lives beside the component so the component itself stays
 * unaware of threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedMongo, type EmbeddedMongoOptions } from '../embedded-db';
import type { FromWorker, ToWorker } from './messages';

if (!parentPort) throw new Error('server/embedded-thread/worker.ts runs only as a worker thread');
const port = parentPort;

const send = (message: FromWorker) => port.postMessage(message);

/** Log arguments as plain data (errors lose their prototype across threads). */
function plain(value: unknown): unknown {
  if (value instanceof Error) return { message: value.message, name: value.name, code: (value as { code?: unknown }).code, stack: value.stack };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const logger = {
  info: (o: object | string, m?: string) => send({ type: 'log', level: 'info', args: [plain(o), m].filter((a) => a !== undefined) }),
  warn: (...a: unknown[]) => send({ type: 'log', level: 'warn', args: a.map(plain) }),
  error: (...a: unknown[]) => send({ type: 'log', level: 'error', args: a.map(plain) }),
};

async function main(): Promise<void> {
  const options = workerData as EmbeddedMongoOptions;
  let server;
  try {
    server = await startEmbeddedMongo({ ...options, logger });
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code });
    return;
  }
  const running = server;
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'stop') return;
    running.stop().then(
      () => send({ type: 'stopped' }),
      (err) => send({ type: 'stopped', error: err instanceof Error ? err.message : String(err) }),
    );
  });
  send({ type: 'ready', uri: running.uri });
}

void main();
