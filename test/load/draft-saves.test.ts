/**
 * Checklist 36, the write path that exists today: operators' draft saves of the full LKS
 * instrument (PUT /api/tanggapan/:id — validation, a rev-guarded write and an audit entry with the
 * answer diff), 64 connections for 10 s on the real server process. Each connection saves its own
 * response back to back, alternating two complete answer sets, carrying the `rev` the last save
 * returned. Expected: no non-2xx (not even a stale-rev 409), no errors, memory stable, and every
 * response's stored rev and answers equal to what its connection last saved.
 */
import fs from 'node:fs';
import type autocannon from 'autocannon';
import { completeAnswers } from '../../bench/fixtures/complete-response';
import { validateAnswers } from '../../server/domain/forms';
import { makeDataDir, startAppServer, waitUntilReady, type AppServer } from '../e2e/app-server';
import { SEEDED_OPERATOR, seedOpenCycle } from '../faults/seed-cycle';
import { signedInSession, type Session } from '../faults/web-client';
import { BOUNDED_HEAP_ENV, runLoadCheck, summarise } from './load-check';

const CONNECTIONS = 64;
const MAX_RSS_GROWTH_MB = 50;

describe('load: draft saves of the LKS instrument, 64 connections (checklist 36)', () => {
  const dataDir = makeDataDir('monev-load-drafts');
  let server: AppServer;
  let session: Session;
  let responseIds: string[];
  let bodies: [string, string];
  let variants: [unknown, unknown];

  beforeAll(async () => {
    // Warm-up and measured run each give every connection a response of its own.
    const seeded = await seedOpenCycle(dataDir, { organisations: CONNECTIONS * 2, instrument: 'lks' });
    responseIds = seeded.responseIds;
    const sent = [completeAnswers(seeded.form!, 0), completeAnswers(seeded.form!, 1)];
    bodies = [JSON.stringify(sent[0]), JSON.stringify(sent[1])];
    // What the server stores: the answers without those its conditions hide.
    variants = [validateAnswers(seeded.form!, sent[0], { mode: 'draft' }).value, validateAnswers(seeded.form!, sent[1], { mode: 'draft' }).value];
    server = await startAppServer({ database: 'embedded', dataDir, env: BOUNDED_HEAP_ENV });
    await waitUntilReady(server.baseUrl);
    session = await signedInSession(server.baseUrl, SEEDED_OPERATOR);
  }, 120_000);

  afterAll(async () => {
    await server?.stop({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('saves every draft (2xx), keeps revs consistent and memory stable', async () => {
    // One response per connection, its rev carried from save to save. (autocannon resets a
    // request's `context` after every sequence, so the state lives in the client's closure.)
    const free = [...responseIds];
    const last = new Map<string, { rev: number; variant: 0 | 1 }>();
    const setupClient = (client: autocannon.Client) => {
      const responseId = free.shift();
      if (!responseId) throw new Error('more connections than seeded responses');
      let variant: 0 | 1 = 0;
      client.setRequests([{
        method: 'PUT',
        path: `/api/tanggapan/${responseId}`,
        setupRequest: (request) => {
          variant = variant === 0 ? 1 : 0;
          return { ...request, body: `{"rev":${last.get(responseId)?.rev ?? 0},"answers":${bodies[variant]}}` };
        },
        onResponse: (status, body) => {
          if (status === 200) last.set(responseId, { rev: (JSON.parse(body) as { rev: number }).rev, variant });
        },
      }]);
    };
    const result = await runLoadCheck({
      baseUrl: server.baseUrl,
      pid: server.child.pid!,
      connections: CONNECTIONS,
      durationSec: 10,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json', accept: 'application/json' },
      setupClient,
    });
    process.stdout.write(`${summarise('PUT /api/tanggapan/:id (LKS drafts)', result)}\n`);
    expect(result.requests).toBeGreaterThan(CONNECTIONS);
    expect(result.statusCounts).toEqual({ 200: result.requests });
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.rssEndMb - result.rssStartMb).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(server.child.exitCode).toBeNull(); // no out-of-memory crash under the heap cap

    // Nothing lost or overwritten: each response holds its connection's last acknowledged save,
    // or the one after it (in flight when the run stopped, its answer never read).
    for (const [responseId, saved] of last) {
      const res = await fetch(`${server.baseUrl}/api/tanggapan/${responseId}`, { headers: { cookie: session.cookie, accept: 'application/json', connection: 'close' } });
      const stored = await res.json() as { rev: number; answers: unknown };
      expect([saved.rev, saved.rev + 1]).toContain(stored.rev);
      const variant = stored.rev === saved.rev ? saved.variant : 1 - saved.variant;
      expect({ responseId, answers: stored.answers }).toEqual({ responseId, answers: variants[variant] });
    }
  }, 60_000);
});
