/**
 * The real server process for the browser, fault and load tests (test/helpers/server-process.ts
 * spawns server/main.ts), each with its own empty temporary DATA_DIR removed afterwards.
 *
 * database:
 *  - 'embedded' — the product's default: no MONGODB_URI, the embedded database in DATA_DIR/db.
 *  - 'unreachable' — MONGODB_URI points at a closed loopback port: the app serves its public
 *    pages and /healthz, answers 503 for anything needing the database. For tests of pages that
 *    do not touch the database.
 *  - { uri } — an external (e.g. separately started embedded) database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

export type DatabaseChoice = 'embedded' | 'unreachable' | { uri: string };

export interface AppServerOptions {
  database: DatabaseChoice;
  /** Reuse a DATA_DIR (restart after a crash); by default a fresh one is made. */
  dataDir?: string;
  /** pino level; 'warn' keeps per-request lines out of the pipe under load. */
  logLevel?: string;
  env?: NodeJS.ProcessEnv;
  /** The server is started from TypeScript sources (transpiled at load), which takes seconds. */
  startTimeoutMs?: number;
}

export interface AppServer extends ServerProcess {
  dataDir: string;
  /** SIGKILL if still running, wait for the exit, remove the DATA_DIR (unless `keepData`). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

const UNREACHABLE_URI = 'mongodb://127.0.0.1:1/monev?serverSelectionTimeoutMS=500';

export function makeDataDir(label = 'monev-test'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const dataDir = options.dataDir ?? makeDataDir();
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, LOG_LEVEL: options.logLevel ?? 'warn', ...options.env };
  if (options.database === 'unreachable') env.MONGODB_URI = UNREACHABLE_URI;
  else if (typeof options.database === 'object') env.MONGODB_URI = options.database.uri;
  const server = await startServerProcess(env, options.startTimeoutMs ?? 60_000);
  return {
    ...server,
    dataDir,
    async stop(opts = {}) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await server.exited;
      if (!opts.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once /readyz answers 200. "Listening" comes before the start-up work that follows the
 * database connection (indexes, bundled instruments, first admin), during which requests queue.
 */
export async function waitUntilReady(baseUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`${baseUrl}/readyz`, { headers: { connection: 'close' } }).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${baseUrl}/readyz not 200 after ${timeoutMs} ms (last ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
