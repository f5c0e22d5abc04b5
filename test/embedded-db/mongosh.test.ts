// mongosh (the official MongoDB shell, from npm) runs a session against `npm run db`: insert,
// find with operators, update with arrayFilters, aggregate, createIndex with a collation,
// explain and a transaction (fixtures/mongosh-session.js checks each step). mongosh is installed
// on demand into a per-machine cache (scripts/ensure-mongosh.ts); the first run on a machine
// pays for that download, later runs only for the shell's start-up.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureMongosh } from '../../scripts/ensure-mongosh';
import { removeDir, tmpDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const DB_SCRIPT = ['-r', './scripts/register-ts.js', 'scripts/db.ts'];

let mongosh: string;
let server: ChildProcess;
let uri: string;
let dataDir: string;

/** Starts what `npm run db` starts and waits for the URI line it prints. */
function startDb(): Promise<string> {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, DB_SCRIPT, { cwd: ROOT, env: { ...process.env, PORT: '0', DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`npm run db did not print its URI:\n${out}`)), 60_000);
    server.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const m = /URI:\s+(mongodb:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr!.on('data', (chunk) => { out += String(chunk); });
    server.on('exit', (code) => reject(new Error(`npm run db exited (${code}):\n${out}`)));
  });
}

beforeAll(async () => {
  mongosh = ensureMongosh((line) => process.stderr.write(`mongosh test: ${line}\n`));
  dataDir = tmpDir('mongosh-db');
  uri = await startDb();
}, 15 * 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGINT');
    await exited;
  }
  if (dataDir) removeDir(dataDir);
});

test('the db script is what `npm run db` runs', () => {
  const pkg = require(path.join(ROOT, 'package.json'));
  expect(pkg.scripts.db).toBe(`node ${DB_SCRIPT.join(' ')}`);
});

test('a mongosh session: insert, find with operators, arrayFilters, aggregate, collated unique index, explain, transaction', () => {
  const res = spawnSync(mongosh, [uri, '--quiet', '--norc', '--file', path.join(__dirname, 'fixtures', 'mongosh-session.js')], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, MONGOSH_SKIP_NODE_VERSION_CHECK: '1' },
  });
  const output = `${res.stdout}\n${res.stderr}`;
  expect({ status: res.status, output }).toMatchObject({ status: 0 });
  const line = res.stdout.split('\n').find((l) => l.startsWith('MONGOSH-SESSION '));
  expect(line).toBeDefined();
  expect(JSON.parse(line!.slice('MONGOSH-SESSION '.length))).toEqual({ ok: true, people: 5, users: 21, capped: false });
}, 180_000);
