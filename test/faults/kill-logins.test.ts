/**
 * Checklist 33 for sign-ins (a new session and a
 * `login.success` audit entry). Many operators sign in at once; the server (which owns the
 * embedded database in its DATA_DIR) is killed with SIGKILL midway and restarted on the same
 * DATA_DIR. Every sign-in that was acknowledged (303) must still hold: its session cookie still
 * works, and its audit entry exists exactly once (matched by the response's X-Request-Id).
 * kill-submissions.test.ts does the same with submissions and their evidence.
 */
import fs from 'node:fs';
import { AuditEntry } from '../../server/model/audit';
import { createUser } from '../helpers/session';
import { makeDataDir, startAppServer, type AppServer } from '../e2e/app-server';
import { withDataDirDb } from './data-dir-db';
import { killDuringWrites } from './kill-harness';
import { signIn, type SignedIn } from './web-client';

const USERS = 32;
const CONCURRENCY = 16;
const KILL_AFTER = 10;

describe('kill -9 during concurrent sign-ins, then restart (checklist 33)', () => {
  const dataDir = makeDataDir('monev-kill');
  let restarted: AppServer | undefined;

  afterAll(async () => {
    await restarted?.stop({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged session and its audit entry, exactly once', async () => {
    await withDataDirDb(dataDir, async () => {
      for (let i = 0; i < USERS; i++) await createUser({ username: `operator${i}`, role: 'operator' });
    });

    const run = await killDuringWrites<SignedIn>({
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
    const entries = await withDataDirDb(dataDir, () =>
      AuditEntry.find({ action: 'login.success' }, { requestId: 1, actorName: 1 }).lean());
    for (const ack of run.acknowledged) {
      const matching = entries.filter((e) => e.requestId === ack.requestId);
      expect({ user: ack.username, entries: matching.length }).toEqual({ user: ack.username, entries: 1 });
      expect(matching[0].actorName).toBe(ack.username);
    }
  }, 150_000);
});
