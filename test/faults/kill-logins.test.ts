/**
 * Checklist 33, on the durable write that exists today: signing in (a new session and a
 * `login.success` audit entry). Many operators sign in at once; the server (which owns the
 * embedded database in its DATA_DIR) is killed with SIGKILL midway and restarted on the same
 * DATA_DIR. Every sign-in that was acknowledged (303) must still hold: its session cookie still
 * works, and its audit entry exists exactly once (matched by the response's X-Request-Id).
 * The same harness (kill-harness.ts) will drive submissions once their endpoint exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded-db';
import { AuditEntry } from '../../server/model/audit';
import { TEST_PASSWORD, createUser } from '../helpers/session';
import { makeDataDir, startAppServer, type AppServer } from '../e2e/app-server';
import { killDuringWrites } from './kill-harness';

const USERS = 32;
const CONCURRENCY = 16;
const KILL_AFTER = 10;

interface SignIn { username: string; requestId: string; cookie: string }

/** Runs `fn` with mongoose connected to the embedded database in `dataDir/db` (app stopped). */
async function withDatabase<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const db = await startEmbeddedMongo({ dataDir: path.join(dataDir, 'db'), port: 0 });
  await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    return await fn();
  } finally {
    await mongoose.disconnect();
    await db.stop();
  }
}

function cookieOf(res: Response): string {
  const raw = res.headers.get('set-cookie') ?? '';
  const m = /monev\.sid=[^;]+/.exec(raw);
  if (!m) throw new Error(`no session cookie (status ${res.status})`);
  return m[0];
}

/** GET /login for a cookie and CSRF token, then POST the credentials; null unless 303. */
async function signIn(baseUrl: string, username: string): Promise<SignIn | null> {
  const form = await fetch(`${baseUrl}/login`, { headers: { Accept: 'text/html' } });
  const html = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (form.status !== 200 || !csrf) return null;
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: TEST_PASSWORD, _csrf: csrf }).toString(),
  });
  await res.arrayBuffer();
  if (res.status !== 303) return null;
  return { username, requestId: res.headers.get('x-request-id') ?? '', cookie: cookieOf(res) };
}

describe('kill -9 during concurrent sign-ins, then restart (checklist 33)', () => {
  const dataDir = makeDataDir('monev-kill');
  let restarted: AppServer | undefined;

  afterAll(async () => {
    await restarted?.stop({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged session and its audit entry, exactly once', async () => {
    await withDatabase(dataDir, async () => {
      for (let i = 0; i < USERS; i++) await createUser({ username: `operator${i}`, role: 'operator' });
    });

    const run = await killDuringWrites<SignIn>({
      start: (dir) => startAppServer({ database: 'embedded', dataDir: dir }),
      dataDir,
      total: USERS,
      concurrency: CONCURRENCY,
      killAfterAcks: KILL_AFTER,
      send: (baseUrl, i) => signIn(baseUrl, `operator${i}`),
    });
    restarted = run.restarted;
    expect(run.acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(run.inFlightAtKill).toBeGreaterThan(0); // the kill really hit writes in progress

    // Every acknowledged session still signs its user in after the restart.
    for (const ack of run.acknowledged) {
      const page = await fetch(`${restarted.baseUrl}/akun/sandi`, { headers: { cookie: ack.cookie, Accept: 'text/html' }, redirect: 'manual' });
      await page.arrayBuffer(); // an unread body keeps the connection busy and delays shutdown
      expect({ user: ack.username, status: page.status }).toEqual({ user: ack.username, status: 200 });
    }

    // Stop the app cleanly, then read its database: one audit entry per acknowledged sign-in.
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
    const entries = await withDatabase(dataDir, () =>
      AuditEntry.find({ action: 'login.success' }, { requestId: 1, actorName: 1 }).lean());
    for (const ack of run.acknowledged) {
      const matching = entries.filter((e) => e.requestId === ack.requestId);
      expect({ user: ack.username, entries: matching.length }).toEqual({ user: ack.username, entries: 1 });
      expect(matching[0].actorName).toBe(ack.username);
    }
  }, 150_000);
});
