/**
 * Runs the real entry point (server/main.ts) as a child process, the way `npm start` does, and
 * waits for its "MONEV_LISTENING port=N" line. Used by the shutdown, readiness and fault tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** A fresh data folder per process unless the test names one (restarts reuse theirs). */
export function tmpDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'monev-data-'));
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 20000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', DATA_DIR: tmpDataDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server did not start:\n${out}\n${err}`)); }, timeoutMs);
    child.stderr!.on('data', (d) => { err += d; });
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /MONEV_LISTENING port=(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolve({ child, port, baseUrl: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${out}\n${err}`)); });
  });
}

/** Runs main.ts expecting it to exit (e.g. on invalid configuration). */
export function runServerToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'server/main.ts'], {
    cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '0', DATA_DIR: tmpDataDir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}
