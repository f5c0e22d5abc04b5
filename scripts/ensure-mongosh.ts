/**
 * Makes sure the MongoDB shell (npm package `mongosh`, pinned) is installed and prints the path
 * of its executable. It is a tool for checking the embedded database (test/embedded-db/mongosh
 * .test.ts), not a dependency of the application, and at ~430 packages / 150 MB it would slow
 * every `npm ci`; so it is installed on demand into a cache outside the checkout
 * (MONGOSH_CACHE_DIR, default ~/.cache/monev/mongosh-<version>), once per machine.
 *
 * The install runs with `--ignore-scripts`: mongosh's native add-ons (kerberos, OS DNS, machine
 * id) would need a compiler or a binary download, and the shell works without them. The
 * package is installed into a temporary folder and renamed into place, so an interrupted install
 * never leaves a half-filled cache behind.
 *
 *   node -r ./scripts/register-ts.js scripts/ensure-mongosh.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MONGOSH_VERSION = '2.12.0';

export function mongoshCacheDir(): string {
  return process.env.MONGOSH_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'monev', `mongosh-${MONGOSH_VERSION}`);
}

function binIn(dir: string): string {
  return path.join(dir, 'node_modules', '.bin', 'mongosh');
}

/** The mongosh executable, installing it first when the cache does not have it. */
export function ensureMongosh(log: (line: string) => void = () => {}): string {
  const dir = mongoshCacheDir();
  const bin = binIn(dir);
  if (fs.existsSync(bin)) return bin;
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'monev-mongosh-cache', private: true }));
  log(`installing mongosh@${MONGOSH_VERSION} into ${dir} (once per machine)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `mongosh@${MONGOSH_VERSION}`], {
    cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 15 * 60_000,
  });
  if (res.status !== 0 || !fs.existsSync(binIn(tmp))) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(`npm install mongosh@${MONGOSH_VERSION} failed (${res.status ?? res.signal}): ${res.stderr || res.error?.message}`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another process finished first: keep its copy.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(bin)) throw err;
  }
  return bin;
}

if (require.main === module) {
  const started = Date.now();
  const bin = ensureMongosh((line) => console.error(`ensure-mongosh: ${line}`));
  console.error(`ensure-mongosh: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(bin);
}
