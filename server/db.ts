/**
 * The database connection: mongoose against MONGODB_URI in production, or against the embedded
 * MongoDB-compatible server (started in process, data in DATA_DIR/db) when MONGODB_URI is unset.
 * The same mongoose code runs either way.
 */
import path from 'node:path';
import mongoose, { prepareModels } from './model/settings';
import type { Config } from './config';
import type { Logger } from './http/logging';

export interface Database {
  uri: string;
  embedded: boolean;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}


const PING_TIMEOUT_MS = 1000;

async function ping(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS); });
  try {
    return await Promise.race([db.admin().ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connect, retrying in the background when the first attempt fails: the app starts and answers
 * `/readyz` 503 until the database is reachable, then recovers without a restart.
 */
function connectWithRetry(uri: string, logger: Logger, stopped: () => boolean): Promise<void> {
  const options = { serverSelectionTimeoutMS: 5000, maxPoolSize: 50 };
  const attempt = async (delayMs: number): Promise<void> => {
    if (stopped()) return;
    try {
      await mongoose.connect(uri, options);
      await prepareModels();
      logger.info('database connected');
    } catch (err) {
      logger.warn({ err: (err as Error).message, retryInMs: delayMs }, 'database not reachable yet');
      await new Promise((r) => setTimeout(r, delayMs).unref());
      return attempt(Math.min(delayMs * 2, 30000));
    }
  };
  return attempt(1000);
}

export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let closed = false;
  if (config.mongodbUri) {
    const uri = config.mongodbUri;
    // Not awaited: the app serves /healthz and 503s while the database is away.
    void connectWithRetry(uri, logger, () => closed);
    return {
      uri, embedded: false, isReady: ping,
      async close() {
        closed = true;
        // A connection still being attempted may take its whole selection timeout to give up.
        await Promise.race([mongoose.disconnect(), new Promise((r) => setTimeout(r, 1500).unref())]);
      },
    };
  }
  // Loaded only when used: production with MONGODB_URI never loads the embedded server. It runs
  // in its own thread (server/embedded-thread); if that thread dies the app cannot serve, so
  // the process ends and its supervisor restarts it (the journal has every acknowledged write).
  const { startEmbeddedMongoThread } = require('./embedded-thread') as typeof import('./embedded-thread');
  const dbLogger = logger.child({ component: 'embedded-db' });
  const server = await startEmbeddedMongoThread({ dataDir: path.join(config.dataDir, 'db'), port: 0 }, dbLogger, (code) => {
    if (closed) return;
    dbLogger.fatal({ code }, 'embedded database stopped unexpectedly; exiting');
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  });
  await mongoose.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
  await prepareModels();
  logger.info({ dataDir: path.join(config.dataDir, 'db') }, 'embedded database started');
  return {
    uri: server.uri, embedded: true, isReady: ping,
    async close() {
      closed = true;
      await mongoose.disconnect();
      await server.stop();
    },
  };
}
