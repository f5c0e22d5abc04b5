/**
 * Checklist 34: SIGTERM while many clients are mid-request. The server stops accepting, lets the
 * requests already in flight finish with complete responses, never cuts a response off, and
 * exits 0 well within 30 s.
 */
import { startAppServer, waitUntilReady, type AppServer } from '../e2e/app-server';
import { hammer, heldRequest } from './http-clients';

const HELD = 24; // requests whose bodies are still arriving when SIGTERM lands
const HAMMERS = 40; // keep-alive clients sending requests back to back throughout

describe('SIGTERM under load (checklist 34)', () => {
  let server: AppServer;
  afterAll(async () => { await server?.stop(); });

  it('finishes in-flight requests, truncates none, exits 0', async () => {
    server = await startAppServer({ database: 'embedded' });
    await waitUntilReady(server.baseUrl);
    let stopHammers = false;
    const load = hammer(server.baseUrl, '/healthz', HAMMERS, () => stopHammers);
    const held = Array.from({ length: HELD }, () => heldRequest(server.baseUrl, '/tidak-ada'));
    // Held requests parked on the server: once it has answered a request sent after them, it has
    // read theirs too (a connection whose request was never read counts as idle and is closed).
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${server.baseUrl}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    for (const h of held) h.finish();
    const heldEnded = await Promise.all(held.map((h) => h.ended));
    const { code, signal } = await server.exited;
    const exitMs = Date.now() - signalledAt;
    stopHammers = true;
    const tally = await load;

    // Every request that was in flight got its whole answer (any status: the route does not exist).
    expect(heldEnded.map((e) => e.outcome)).toEqual(Array(HELD).fill('complete'));
    for (const e of heldEnded) expect(JSON.parse(e.body!)).toHaveProperty('code');
    // The load was real, and nothing was cut off midway; late requests were refused cleanly.
    expect(tally.complete).toBeGreaterThan(100);
    expect(tally.truncated).toBe(0);
    expect(Object.keys(tally.statuses)).toEqual(['200']);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(30_000);
  }, 90_000);
});
