/**
 * Entry point: read and validate configuration, open the database (embedded when MONGODB_URI is
 * unset), serve HTTP, and shut down gracefully on SIGTERM/SIGINT: stop accepting connections,
 * let in-flight requests finish, close the database, exit 0 — all within 30 s.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import { createApp } from './app';
import { ensureFirstAdmin } from './bootstrap/first-admin';
import { ensureBundledInstruments } from './bootstrap/instruments';
import { hasDemoData, seedDemo } from './bootstrap/demo-seed';
import { startMaintenance } from './bootstrap/maintenance';
import { startNotifications } from './notify';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db';
import { createLogger, type Logger } from './http/logging';
import { resolveSessionSecret } from './http/session-secret';

const SHUTDOWN_GRACE_MS = 20_000; // in-flight requests get this long; the whole exit stays under 30 s

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function installShutdown(server: Server, db: Database, logger: Logger, beforeDbClose: () => Promise<void>): void {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn({ open: sockets.size }, 'grace period over, closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections(); // keep-alive sockets with no request in flight
    await closed;
    clearTimeout(force);
    await beforeDbClose().catch((err) => logger.error({ err }, 'stopping background work failed'));
    try {
      await db.close();
    } catch (err) {
      logger.error({ err }, 'database close failed');
    }
    logger.info('stopped');
    logger.flush?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * Content every installation needs: the bundled instruments, the demo on an empty development
 * database (never in production), and the first admin when no admin exists.
 */
async function prepareContent(app: Express, config: Config, logger: Logger): Promise<void> {
  const bundled = await ensureBundledInstruments();
  logger.info({ bundled }, 'bundled instruments ready');
  // The demo is for trying Monev on a laptop: development only, never production or test runs.
  if (config.nodeEnv === 'development') await seedDemo(logger, { nodeEnv: config.nodeEnv });
  app.locals.demo = await hasDemoData();
  await ensureFirstAdmin(logger);
}

/** Resolves once the database answers (at once for the embedded one; MongoDB may come later). */
async function whenReady(db: Database): Promise<void> {
  while (!(await db.isReady())) await new Promise((r) => setTimeout(r, 2000));
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  let db: Database;
  try {
    db = await openDatabase(config, logger);
  } catch (err) {
    process.stderr.write(`Basis data tidak dapat dibuka: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const sessionSecret = resolveSessionSecret(config.sessionSecret, config.dataDir);
  const app = createApp({ config, logger, isReady: db.isReady, sessionSecret });
  const ready = whenReady(db);
  void ready.then(() => prepareContent(app, config, logger)).catch((err) => {
    logger.error({ err }, 'preparing bundled content failed');
  });
  startMaintenance(logger); // unref'd timers: shutdown need not stop them
  const notices = startNotifications(config, logger, ready); // reminders; the outbox worker (SMTP set) once the database answers
  const http = createServer(app);
  http.keepAliveTimeout = 65_000; // longer than typical load-balancer idle timeouts
  installShutdown(http, db, logger, () => notices.stop());
  await listen(http, config);
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ url: `http://${config.host}:${port}`, embeddedDb: db.embedded }, 'Monev siap');
  // Tests and scripts read this line to know the port when PORT=0.
  process.stdout.write(`MONEV_LISTENING port=${port}\n`);
}

main().catch((err) => {
  process.stderr.write(`Monev gagal dijalankan: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
