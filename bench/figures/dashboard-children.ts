/**
 * Process plumbing for the dashboard/export figure: running a baseline child (bench/baselines/*,
 * compiled to plain JavaScript first so the child does not carry the TypeScript compiler in its
 * memory), and reading a process's peak resident memory (VmHWM) after resetting it, so the
 * export's peak is not the peak of whatever the server did before.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from '../processes';

/** Compiles bench/baselines/<name>.ts into `dir` and returns the .js path. */
export function compileBaseline(name: string, dir: string): string {
  const source = fs.readFileSync(path.join(ROOT, 'bench', 'baselines', `${name}.ts`), 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = path.join(dir, `${name}.js`);
  fs.writeFileSync(file, out.outputText);
  return file;
}

/** Runs `node script args…` and parses the last stdout line as JSON. */
export function runChild<T>(script: string, args: string[], timeoutMs = 600_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last) return reject(new Error(`${path.basename(script)} exited with ${code}: ${err.slice(0, 800)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${path.basename(script)} printed no JSON: ${last.slice(0, 200)}`));
      }
    });
  });
}

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Watches a process's memory while `work` runs: resets its peak (writing 5 to clear_refs sets
 * VmHWM to the current RSS) and also samples VmRSS every 20 ms in case the reset is refused.
 * Returns the work's result with the peak and the resident memory before it started (MB).
 */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number; beforeMb: number }> {
  const beforeMb = statusField(pid, 'VmRSS') ?? 0;
  let reset = true;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  let sampled = beforeMb;
  const timer = setInterval(() => { sampled = Math.max(sampled, statusField(pid, 'VmRSS') ?? 0); }, 20);
  try {
    const result = await work();
    const hwm = reset ? statusField(pid, 'VmHWM') : null;
    return { result, peakMb: Math.max(sampled, hwm ?? 0), beforeMb };
  } finally {
    clearInterval(timer);
  }
}
