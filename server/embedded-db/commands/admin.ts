/**
 * Handshake and server-level commands. hello advertises a one-member replica set (so the driver
 * enables sessions, retryable writes and transactions); no `topologyVersion` (we do not stream
 * hello) and no `compression` (no OP_COMPRESSED).
 */
import os from 'node:os';
import { ObjectId } from 'bson';
import { CommandError, Codes } from '../errors';
import { PARAMETER_COMMANDS } from './parameters';
import { SESSION_TIMEOUT_MINUTES, sessionKey } from '../txn/sessions';
import { MAX_BSON_BYTES, MAX_MESSAGE_BYTES } from '../wire/protocol';
import { Doc } from '../values/types';
import { CommandContext, CommandDef } from './context';

export const SERVER_VERSION = '7.0.14';
export const MAX_WIRE_VERSION = 21;
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

function hello(ctx: CommandContext): Doc {
  const { address, replSetName } = ctx.state.info;
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    setName: replSetName,
    setVersion: 1,
    hosts: [address],
    primary: address,
    me: address,
    electionId: ELECTION_ID,
    secondary: false,
    maxBsonObjectSize: MAX_BSON_BYTES,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: SESSION_TIMEOUT_MINUTES,
    connectionId: ctx.conn.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'monev-embedded',
    versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_BYTES,
    storageEngines: ['monev-embedded'],
    javascriptEngine: 'none',
    modules: [],
    allocator: 'system',
    sysInfo: 'deprecated',
    ok: 1,
  };
}

function serverStatus(ctx: CommandContext): Doc {
  const { info, engine, cursors, sessions } = ctx.state;
  const uptimeMs = Date.now() - info.startedAt.getTime();
  return {
    host: os.hostname(),
    version: SERVER_VERSION,
    process: 'monev-embedded-db',
    pid: process.pid,
    uptime: Math.floor(uptimeMs / 1000),
    uptimeMillis: uptimeMs,
    localTime: new Date(),
    connections: { current: info.connections.current, available: 1000, totalCreated: info.connections.total },
    storageEngine: { name: 'monev-embedded', persistent: info.dataDir !== null },
    metrics: { cursor: { open: { total: cursors.size } } },
    transactions: { currentActive: engine.activeTxns.size },
    logicalSessionRecordCache: { activeSessionsCount: sessions.size },
    mem: { bits: 64, resident: Math.round(process.memoryUsage().rss / 1048576) },
    ok: 1,
  };
}

function endSessions(ctx: CommandContext): Doc {
  const ids = ctx.body[ctx.name];
  if (!Array.isArray(ids)) throw new CommandError(Codes.TypeMismatch, `${ctx.name} must be an array of session ids`);
  for (const lsid of ids) {
    const key = sessionKey(lsid);
    if (key) endSession(ctx, key);
  }
  return { ok: 1 };
}

export function endSession(ctx: CommandContext, key: string): void {
  const s = ctx.state.sessions.delete(key);
  if (s?.txn) ctx.state.engine.abort(s.txn, null);
  ctx.state.cursors.killSession(key);
}

function killAllSessions(ctx: CommandContext): Doc {
  for (const s of ctx.state.sessions.all()) endSession(ctx, s.id);
  return { ok: 1 };
}

function listDatabases(ctx: CommandContext): Doc {
  const { catalog } = ctx.state.engine;
  const nameOnly = ctx.body.nameOnly === true;
  const databases = catalog.databases().map((name) => {
    if (nameOnly) return { name };
    const docs = catalog.collections(name).reduce((n, c) => n + c.liveCount, 0);
    return { name, sizeOnDisk: docs * 1024, empty: docs === 0 };
  });
  const totalSize = databases.reduce((n, d) => n + ((d as Doc).sizeOnDisk as number ?? 0), 0);
  return nameOnly ? { databases, ok: 1 } : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
}

function dbStats(ctx: CommandContext): Doc {
  const colls = ctx.state.engine.catalog.collections(ctx.db);
  const objects = colls.reduce((n, c) => n + c.liveCount, 0);
  const indexes = colls.reduce((n, c) => n + c.indexes.length + 1, 0);
  return { db: ctx.db, collections: colls.length, views: 0, objects, indexes, ok: 1 };
}

function connectionStatus(): Doc {
  return { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 };
}

function hostInfo(): Doc {
  return {
    system: { currentTime: new Date(), hostname: os.hostname(), cpuAddrSize: 64, numCores: os.cpus().length, memSizeMB: Math.round(os.totalmem() / 1048576) },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  };
}

export const ADMIN_COMMANDS: Record<string, CommandDef> = {
  hello: { run: hello },
  isMaster: { run: hello },
  ismaster: { run: hello },
  ping: { run: () => ({ ok: 1 }) },
  buildInfo: { run: buildInfo },
  buildinfo: { run: buildInfo },
  serverStatus: { run: serverStatus },
  endSessions: { run: endSessions },
  killSessions: { run: endSessions },
  killAllSessions: { run: killAllSessions },
  listDatabases: { run: listDatabases },
  dbStats: { run: dbStats },
  connectionStatus: { run: connectionStatus },
  hostInfo: { run: hostInfo },
  whatsmyuri: { run: (ctx) => ({ you: ctx.conn.remote, ok: 1 }) },
  // Shells ask for these on connect; the honest answers are "no options" and "no log lines".
  getCmdLineOpts: { run: () => ({ argv: [], parsed: {}, ok: 1 }) },
  getLog: { run: (ctx) => (ctx.body.getLog === '*' ? { names: [], ok: 1 } : { totalLinesWritten: 0, log: [], ok: 1 }) },
  ...PARAMETER_COMMANDS,
};
