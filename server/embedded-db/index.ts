/**
 * Embedded MongoDB-wire-compatible database server. Speaks enough of the MongoDB protocol for
 * the official driver and mongoose (sessions, retryable writes, transactions, GridFS), keeps the
 * data in memory and, with a data directory, acknowledges a write only once it is journaled.
 * Imports nothing from the application: only node built-ins, `bson` and `mingo`.
 *
 *   const db = await startEmbeddedMongo({ dataDir: null, port: 0 });
 *   await mongoose.connect(db.uri);  ...  await db.stop();
 */
import { Dispatcher, Persist } from './commands/dispatch';
import { ServerState } from './commands/context';
import { ServerParameters } from './commands/parameters';
import { operationTimeElements } from './cluster-time';
import { CursorRegistry } from './cursors';
import { Engine } from './storage/engine';
import { Persistence } from './storage/persistence';
import { reapExpired } from './storage/ttl';
import { SessionRegistry } from './txn/sessions';
import { OpLog } from './storage/catalog';
import { Logger } from './wire/connection';
import { listen } from './wire/listener';

export interface EmbeddedMongoOptions {
  /** Directory for the journal and snapshots; null keeps everything in memory only. */
  dataDir: string | null;
  /** Loopback address to listen on (default 127.0.0.1; 127.0.0.1, ::1 or localhost only). */
  host?: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen on this unix socket instead of TCP. */
  socketPath?: string;
  /** Replica set name advertised to clients (default 'monev-rs0'). */
  replSetName?: string;
  logger?: Logger;
  /** Idle cursors are closed after this long (default 10 minutes). */
  cursorTimeoutMs?: number;
  /** How often to check whether the journal should be compacted (default 60 s). */
  compactEveryMs?: number;
  /** Compact when the journal exceeds this size (default 16 MiB). */
  compactMinBytes?: number;
  /** TTL monitor period (default 60 s, as MongoDB). */
  ttlMonitorIntervalMs?: number;
  /** Transactions open longer than this are aborted (default 60 s, as MongoDB). */
  transactionLifetimeMs?: number;
}

export interface EmbeddedMongo {
  uri: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

const SILENT: Logger = { info() {}, warn: (...a) => console.warn(...a), error: (...a) => console.error(...a) };

export async function startEmbeddedMongo(opts: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const logger = opts.logger ?? SILENT;
  const engine = new Engine();
  const persistence = opts.dataDir
    ? await Persistence.open(opts.dataDir, engine, logger, { compactMinBytes: opts.compactMinBytes })
    : null;
  const state: ServerState = {
    engine,
    parameters: new ServerParameters(opts.transactionLifetimeMs ?? 60_000, opts.ttlMonitorIntervalMs ?? 60_000),
    cursors: new CursorRegistry(opts.cursorTimeoutMs ?? 10 * 60_000, () => operationTimeElements(engine)),
    sessions: new SessionRegistry(),
    info: { address: '', replSetName: opts.replSetName ?? 'monev-rs0', startedAt: new Date(), connections: { current: 0, total: 0 }, dataDir: opts.dataDir },
    logger,
  };
  const persist: Persist | null = persistence ? { write: (log) => persistence.write(log), failure: () => persistence.failure() } : null;
  const dispatcher = new Dispatcher(state, persist);
  let listener;
  try {
    listener = await listen({ host: opts.host, port: opts.port, socketPath: opts.socketPath }, (cmd, conn) => dispatcher.handle(cmd, conn), logger);
  } catch (err) {
    await persistence?.close();
    throw err;
  }
  state.info.address = listener.address;
  state.info.connections = listener.connections;

  const timers = startHousekeeping(state, persistence, persist, opts, logger);
  const target = opts.socketPath ? encodeURIComponent(opts.socketPath) : listener.address;
  const uri = `mongodb://${target}/?replicaSet=${encodeURIComponent(state.info.replSetName)}`;
  logger.info({ uri, dataDir: opts.dataDir }, 'embedded-db: listening');

  let stopping: Promise<void> | null = null;
  return {
    uri,
    host: listener.host,
    port: listener.port,
    stop: () => {
      stopping ??= (async () => {
        for (const t of timers) clearInterval(t);
        await listener.close();
        for (const txn of Array.from(engine.activeTxns)) engine.abort(txn, null);
        state.cursors.killAll();
        await persistence?.close();
        logger.info({ uri }, 'embedded-db: stopped');
      })();
      return stopping;
    },
  };
}

/** Periodic jobs: cursor and session expiry, transaction lifetime, TTL deletes, compaction. */
function startHousekeeping(
  state: ServerState, persistence: Persistence | null, persist: Persist | null, opts: EmbeddedMongoOptions, logger: Logger,
): NodeJS.Timeout[] {
  const { engine, cursors, sessions, parameters } = state;

  const every = (ms: number, fn: () => void) => {
    const t = setInterval(() => {
      try {
        fn();
      } catch (err) {
        logger.error({ err }, 'embedded-db: housekeeping failed');
      }
    }, ms);
    t.unref();
    return t;
  };
  const housekeeping = every(Math.min(30_000, Math.max(250, Math.floor((opts.cursorTimeoutMs ?? 600_000) / 4))), () => {
    cursors.reap();
    for (const s of sessions.expire()) {
      if (s.txn) engine.abort(s.txn, null);
      cursors.killSession(s.id);
    }
    const now = Date.now();
    for (const txn of Array.from(engine.activeTxns)) {
      if (now - txn.startedAt > parameters.transactionLifetimeMs) engine.abort(txn, null);
    }
  });
  const ttl = every(opts.ttlMonitorIntervalMs ?? 60_000, () => {
    if (parameters.get('ttlMonitorEnabled') === false) return;
    const log: OpLog = [];
    const removed = reapExpired(engine, log);
    if (log.length && persist) {
      persist.write(log).catch((err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'embedded-db: TTL delete not journaled'));
    }
    if (removed) logger.info({ removed }, 'embedded-db: TTL monitor removed expired documents');
  });
  const timers = [housekeeping, ttl];
  if (persistence) {
    timers.push(every(opts.compactEveryMs ?? 60_000, () => {
      if (persistence.shouldCompact()) void persistence.compact();
    }));
  }
  return timers;
}
