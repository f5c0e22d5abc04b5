/**
 * Checklist 35: the database goes away under a running app and comes back. The app is started
 * against an embedded database server run separately (as `npm run db` would) on a fixed port;
 * that server is stopped, then started again on the same port and data folder.
 * Expected: /healthz stays 200; /readyz and database-backed requests answer 503 with problem
 * 503.1 while it is away; both recover without restarting the app.
 */
import fs from 'node:fs';
import net from 'node:net';
import { startEmbeddedMongo } from '../../server/embedded-db';
import { makeDataDir, startAppServer, type AppServer } from '../e2e/app-server';

type Embedded = Awaited<ReturnType<typeof startEmbeddedMongo>>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function statusOf(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  return { status: res.status, body: await res.text() };
}

interface Visitor { cookie: string; csrf: string }

/** A browser-like visitor: the login page's session cookie and CSRF token. */
async function visitLoginPage(baseUrl: string): Promise<Visitor> {
  const res = await fetch(`${baseUrl}/login`, { headers: { Accept: 'text/html' } });
  const cookie = /monev\.sid=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  if (!cookie || !csrf) throw new Error(`login page gave no session/CSRF token (status ${res.status})`);
  return { cookie, csrf };
}

/** A sign-in attempt (needs the database: session, throttle, users). */
async function signInAttempt(baseUrl: string, v: Visitor, accept: 'application/json' | 'text/html'): Promise<{ status: number; body: string }> {
  const json = accept === 'application/json';
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: v.cookie, accept, 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', ...(json ? { 'x-csrf-token': v.csrf } : {}) },
    body: json ? JSON.stringify({ username: 'tidak-ada', password: 'salah-sekali-123' })
      : new URLSearchParams({ username: 'tidak-ada', password: 'salah-sekali-123', _csrf: v.csrf }).toString(),
  });
  return { status: res.status, body: await res.text() };
}

/** Polls until `url` answers `status`; returns ms waited. */
async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const now = await statusOf(url).then((r) => r.status, () => -1);
    if (now === status) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${url} still ${now} after ${timeoutMs} ms (want ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('database outage and recovery (checklist 35)', () => {
  const dbDir = makeDataDir('monev-outage-db');
  let port: number;
  let db: Embedded | null = null;
  let app: AppServer;
  let visitor: Visitor;

  beforeAll(async () => {
    port = await freePort();
    db = await startEmbeddedMongo({ dataDir: dbDir, port });
    app = await startAppServer({ database: { uri: `mongodb://127.0.0.1:${port}/monev` } });
    await waitForStatus(`${app.baseUrl}/readyz`, 200, 15_000);
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await db?.stop();
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  it('is ready and serves pages while the database is up', async () => {
    expect((await statusOf(`${app.baseUrl}/readyz`)).status).toBe(200);
    visitor = await visitLoginPage(app.baseUrl);
    expect((await signInAttempt(app.baseUrl, visitor, 'application/json')).status).toBe(401);
  });

  it('answers 503 (problem 503.1) while the database is away, and stays alive', async () => {
    await db!.stop();
    db = null;
    await waitForStatus(`${app.baseUrl}/readyz`, 503, 10_000);
    const ready = await statusOf(`${app.baseUrl}/readyz`);
    expect(JSON.parse(ready.body)).toMatchObject({ code: 503.1 });
    expect(typeof JSON.parse(ready.body).message).toBe('string');
    expect((await statusOf(`${app.baseUrl}/healthz`)).status).toBe(200);
    // A request that needs the database: a clear 503, as JSON or as a page.
    const json = await signInAttempt(app.baseUrl, visitor, 'application/json');
    expect(json.status).toBe(503);
    expect(JSON.parse(json.body)).toMatchObject({ code: 503.1 });
    const page = await signInAttempt(app.baseUrl, visitor, 'text/html');
    expect(page.status).toBe(503);
    expect(page.body).toContain('Basis data');
  }, 20_000);

  it('recovers by itself when the database returns on the same port and data folder', async () => {
    db = await startEmbeddedMongo({ dataDir: dbDir, port });
    const waited = await waitForStatus(`${app.baseUrl}/readyz`, 200, 30_000);
    expect(waited).toBeLessThan(30_000);
    // The same visitor's session survived (the database kept its data folder); sign-in works again.
    expect((await signInAttempt(app.baseUrl, visitor, 'application/json')).status).toBe(401);
    expect(app.child.exitCode).toBeNull(); // never restarted
  }, 40_000);
});
