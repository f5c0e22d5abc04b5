/**
 * Checklist 36, first part: 64 connections on the public pages (home page and liveness) of the
 * real server process: no 5xx, no non-2xx, no socket errors or timeouts, memory stable.
 * Submission and dashboard endpoints join this check when they exist.
 */
import { startAppServer, waitUntilReady, type AppServer } from '../e2e/app-server';
import { BOUNDED_HEAP_ENV, runLoadCheck, summarise } from './load-check';

const MAX_RSS_GROWTH_MB = 50;

describe('load: public pages, 64 connections (checklist 36)', () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer({ database: 'embedded', env: BOUNDED_HEAP_ENV });
    await waitUntilReady(server.baseUrl);
  }, 90_000);
  afterAll(async () => { await server?.stop(); });

  it('answers every request with 2xx and keeps memory stable', async () => {
    const result = await runLoadCheck({
      baseUrl: server.baseUrl,
      pid: server.child.pid!,
      connections: 64,
      durationSec: 10,
      headers: { 'accept-encoding': 'gzip' },
      requests: [{ method: 'GET', path: '/' }, { method: 'GET', path: '/healthz' }],
    });
    process.stdout.write(`${summarise('GET / and /healthz', result)}\n`);
    expect(result.requests).toBeGreaterThan(1000);
    expect(result.status5xx).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.rssEndMb - result.rssStartMb).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(server.child.exitCode).toBeNull(); // no out-of-memory crash under the heap cap
    // Status codes alone would not show an empty or cut-off body: the pages are still whole.
    const home = await fetch(`${server.baseUrl}/`, { headers: { 'accept-encoding': 'gzip' } });
    expect(await home.text()).toMatch(/<h1[\s\S]*<\/html>\s*$/);
    expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
  }, 40_000);
});
