/**
 * Child processes for the benchmarks: the built Monev server (dist/, as `npm start` runs it) and
 * the bare-express baselines, each on a free loopback port, so load generator and server never
 * share a process.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
const DIST_MAIN = path.join(ROOT, 'dist', 'server', 'main.js');

export interface Spawned {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** ms from spawn to the "listening" line. */
  listeningMs: number;
  startedAt: bigint;
  stop(): Promise<void>;
}

/** Spawns `node args…` and resolves once stdout prints `<marker> port=N`. */
export function spawnListening(args: string[], env: NodeJS.ProcessEnv, marker: string, timeoutMs = 30_000, gracefulStop = false): Promise<Spawned> {
  const startedAt = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    // SIGTERM lets a profiled server write its profile; otherwise no need to wait for a drain.
    if (child.exitCode === null && child.signalCode === null) child.kill(gracefulStop ? 'SIGTERM' : 'SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void stop(); reject(new Error(`${args.join(' ')} did not start:\n${out}${err}`)); }, timeoutMs);
    child.stderr!.on('data', (d) => { err += d; });
    child.stdout!.on('data', (d) => {
      out += d;
      const m = new RegExp(`${marker} port=(\\d+)`).exec(out);
      if (m) {
        clearTimeout(timer);
        out = ''; // keep no log text around for the whole run
        const port = Number(m[1]);
        resolve({ child, port, baseUrl: `http://127.0.0.1:${port}`, listeningMs: Number(process.hrtime.bigint() - startedAt) / 1e6, startedAt, stop });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}${err}`)); });
  });
}

/** Polls `url` until it answers 200; resolves with ms since `since` (process.hrtime.bigint()). */
export async function waitFor200(url: string, since: bigint, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return Number(process.hrtime.bigint() - since) / 1e6;
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function makeTmpDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `monev-bench-${label}-`));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const DIST_BARE = path.join(ROOT, 'dist', 'bench', 'servers', 'bare-express.js');

/** Builds dist/ with `npm run build` when a server or baseline source is newer than its build. */
export function ensureBuilt(log: (line: string) => void): void {
  const builtAt = (file: string) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
  const fresh = builtAt(DIST_MAIN) >= newestMtime(path.join(ROOT, 'server'))
    && builtAt(DIST_BARE) >= newestMtime(path.join(ROOT, 'bench', 'servers'));
  if (fresh) return;
  log('dist/ is older than server/: running `npm run build`');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // tsc still emits on type errors; benchmark what was emitted but say so.
    if (!fs.existsSync(DIST_MAIN)) throw err;
    log(`warning: \`npm run build\` reported errors; using the emitted dist/:\n${(err as { stdout?: Buffer }).stdout?.toString().slice(0, 2000)}`);
  }
  // tsc may leave an unchanged output untouched; mark the build as current.
  const now = new Date();
  for (const file of [DIST_MAIN, DIST_BARE]) if (fs.existsSync(file)) fs.utimesSync(file, now, now);
}

/** The built Monev server in production mode on an empty DATA_DIR with the embedded database. */
export function spawnMonev(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Spawned> {
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open in Chrome devtools).
  const profileDir = process.env.BENCH_CPU_PROF;
  const args = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`, DIST_MAIN] : [DIST_MAIN];
  return spawnListening(args, {
    NODE_ENV: 'production',
    SESSION_SECRET: 'benchmark-only-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'warn',
    PORT: '0',
    DATA_DIR: dataDir,
    ...extraEnv,
  }, 'MONEV_LISTENING', 30_000, Boolean(profileDir));
}

/** The bare-express baseline server (bench/servers/bare-express.ts), built into dist/ as well. */
export function spawnBareExpress(): Promise<Spawned> {
  return spawnListening([DIST_BARE], { PORT: '0' }, 'BARE_LISTENING');
}
