// Crash safety of the embedded server end to end: concurrent acknowledged inserts through the
// driver, SIGKILL of the server process mid-stream, restart on the same data directory. Every
// acknowledged document must be there exactly once, and nothing that was never sent may appear.
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { MongoClient } from 'mongodb';

const ROOT = path.resolve(__dirname, '../..');
const SERVE = path.join(__dirname, 'fixtures/serve.ts');

interface Server { child: ChildProcess; uri: string }

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['-r', './scripts/register-ts.js', SERVE, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s: ${err}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /URI (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, uri: m[1] });
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before printing its URI: ${err}`));
    });
  });
}

function killHard(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGKILL');
  });
}

// No socket timeout: on a loaded machine a slow fsync must not look like a crash.
const client = (uri: string) => new MongoClient(uri, { retryWrites: false, serverSelectionTimeoutMS: 3000, connectTimeoutMS: 5000 });

/** Runs writers until the server dies; returns the ids whose insert was acknowledged and all ids attempted. */
async function writeUntilKilled(srv: Server, round: number, killAfterAcks: number): Promise<{ acked: Set<string>; attempted: Set<string> }> {
  const c = client(srv.uri);
  await c.connect();
  const coll = c.db('crash').collection('docs');
  const acked = new Set<string>();
  const attempted = new Set<string>();
  let stop = false;
  let killing: Promise<void> | null = null;
  let failure: Error | undefined;
  const writer = async (w: number) => {
    for (let seq = 0; !stop; seq++) {
      // Every fifth write is a small insertMany, so multi-document batches are covered too.
      const ids = seq % 5 === 4 ? [0, 1, 2].map((k) => `r${round}-w${w}-s${seq}-${k}`) : [`r${round}-w${w}-s${seq}`];
      ids.forEach((id) => attempted.add(id));
      try {
        const docs = ids.map((_id) => ({ _id: _id as any, round, w, seq, pad: 'x'.repeat(100) }));
        if (docs.length === 1) await coll.insertOne(docs[0]);
        else await coll.insertMany(docs, { ordered: true });
        ids.forEach((id) => acked.add(id));
      } catch (err) {
        // After the kill, whatever was not acknowledged may or may not be there. Before it, an
        // error is a real failure of the server under test.
        if (!killing) failure ??= err as Error;
        stop = true;
      }
      if (!killing && acked.size >= killAfterAcks) killing = killHard(srv);
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, w) => writer(w)));
  await (killing ?? killHard(srv));
  await c.close(true).catch(() => {});
  if (failure) throw new Error(`insert failed before the server was killed: ${failure.message}`);
  return { acked, attempted };
}

async function verify(uri: string, acked: Set<string>, attempted: Set<string>): Promise<number> {
  const c = client(uri);
  try {
    const docs = await c.db('crash').collection('docs').find({}, { projection: { _id: 1, round: 1, w: 1, seq: 1 } }).toArray();
    const seen = new Map<string, number>();
    for (const d of docs) seen.set(String(d._id), (seen.get(String(d._id)) ?? 0) + 1);
    const missing = [...acked].filter((id) => !seen.has(id));
    const duplicated = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    const phantom = [...seen.keys()].filter((id) => !attempted.has(id));
    expect({ missing: missing.slice(0, 10), duplicated: duplicated.slice(0, 10), phantom: phantom.slice(0, 10) })
      .toEqual({ missing: [], duplicated: [], phantom: [] });
    for (const d of docs) expect(String(d._id).startsWith(`r${d.round}-w${d.w}-s${d.seq}`)).toBe(true);
    return docs.length;
  } finally {
    await c.close(true);
  }
}

describe('embedded server crash safety', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-db-'));
  let srv: Server | null = null;
  afterAll(async () => {
    if (srv) await killHard(srv);
  });

  test('acknowledged inserts survive SIGKILL exactly once, across two crash/restart cycles', async () => {
    const acked = new Set<string>();
    const attempted = new Set<string>();
    srv = await startServer(dataDir);
    for (const round of [1, 2]) {
      // Round 2 writes to the server that just recovered from round 1's crash.
      const r = await writeUntilKilled(srv, round, 1500);
      r.acked.forEach((id) => acked.add(id));
      r.attempted.forEach((id) => attempted.add(id));
      expect(r.acked.size).toBeGreaterThanOrEqual(1500);
      srv = await startServer(dataDir);
      const count = await verify(srv.uri, acked, attempted);
      expect(count).toBeGreaterThanOrEqual(acked.size);
    }
  }, 150_000);
});
