/**
 * Full LKS submission at 64 connections against its baseline in the same run: a bare express JSON
 * echo (bench/servers/bare-express.ts POST /echo) receiving a body of the same size.
 * Targets: throughput ≥ 0.5× echo, p99 ≤ 2× echo.
 *
 * The built server runs on a DATA_DIR seeded with an open LKS cycle of many organisations, so
 * every request submits a different, never-submitted response (POST /api/tanggapan/:id/kirim:
 * CSRF + session, scope check, submit-mode validation, scoring, one transaction with the audit
 * entry). Answers are complete and valid; items that ask for evidence are answered with a value
 * that needs none, so no upload is needed first.
 */
import fs from 'node:fs';
import type autocannon from 'autocannon';
import { loadProblems, runCannon, type CannonResult } from '../cannon';
import { completeAnswers } from '../fixtures/complete-response';
import { BENCH_OPERATOR, seedLksCycle } from '../fixtures/seed';
import { signIn } from '../fixtures/session';
import { ROOT, makeTmpDir, spawnMonev, waitFor200 } from '../processes';
import { measured, unavailable, type BenchContext, type Figure, type FigureResult } from '../report';

/** Responses to seed: more than 64 connections can submit in the run at a generous rate. */
const perSecondCeiling = 400;

export async function echoBaseline(ctx: BenchContext, body: string): Promise<CannonResult> {
  const bare = await ctx.bare();
  const result = await runCannon({
    url: `${bare.baseUrl}/echo`, method: 'POST', body, connections: ctx.connections, durationSec: ctx.durationSec,
    headers: { 'content-type': 'application/json' },
  });
  const problems = loadProblems(result);
  if (problems) throw new Error(`echo baseline: ${problems}`);
  return result;
}

export const submission: Figure = {
  id: 'submission',
  async run(ctx): Promise<FigureResult[]> {
    const throughputName = `LKS submission throughput, ${ctx.connections} connections`;
    const p99Name = `LKS submission p99 latency, ${ctx.connections} connections`;
    if (!fs.existsSync(`${ROOT}/dist/server/resources/fill-api.js`)) {
      return [unavailable(throughputName, 'req/s', '≥ 0.5× echo', 'no submission API'), unavailable(p99Name, 'ms', '≤ 2× echo', 'no submission API')];
    }
    const dataDir = makeTmpDir('submit');
    try {
      const count = ctx.durationSec * perSecondCeiling + 1;
      ctx.log(`seeding ${count} LKS responses`);
      const { form, responseIds } = await seedLksCycle(dataDir, count);
      const answers = JSON.stringify(completeAnswers(form, 0, 2, true));
      const bodyFor = (id: string) => `{"submissionId":"bench-${id}","rev":0,"answers":${answers}}`;
      const server = await spawnMonev(dataDir);
      try {
        await waitFor200(`${server.baseUrl}/readyz`, server.startedAt);
        const session = await signIn(server.baseUrl, BENCH_OPERATOR.username, BENCH_OPERATOR.password);
        const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json', accept: 'application/json' };
        // One submission first: it must be accepted, or the run would measure refusals.
        const first = await fetch(`${server.baseUrl}/api/tanggapan/${responseIds[0]}/kirim`, { method: 'POST', headers, body: bodyFor(responseIds[0]) });
        if (first.status !== 200) throw new Error(`a submission answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
        const queue = responseIds.slice(1);
        const setupClient = (client: autocannon.Client) => {
          client.setRequests([{
            method: 'POST',
            setupRequest: (request) => {
              const id = queue.shift();
              if (!id) throw new Error('ran out of seeded responses: raise perSecondCeiling');
              return { ...request, path: `/api/tanggapan/${id}/kirim`, body: bodyFor(id) };
            },
          }]);
        };
        const monev = await runCannon({ url: server.baseUrl, connections: ctx.connections, durationSec: ctx.durationSec, headers, setupClient });
        const problems = loadProblems(monev);
        if (problems) throw new Error(`submissions under load: ${problems}`);
        const body = bodyFor(responseIds[0]);
        const echo = await echoBaseline(ctx, body);
        const note = `body ${body.length} B; ${monev.requests} submissions; p50 ${monev.p50Ms} ms vs echo ${echo.p50Ms} ms`;
        return [
          measured({ name: throughputName, unit: 'req/s', value: monev.perSecond, baseline: { name: 'bare express JSON echo, same body', value: echo.perSecond }, target: '≥ 0.5× echo', note },
            (v, b) => b !== null && v >= 0.5 * b),
          measured({ name: p99Name, unit: 'ms', value: monev.p99Ms, baseline: { name: 'bare express JSON echo, same body', value: echo.p99Ms }, target: '≤ 2× echo' },
            (v, b) => b !== null && v <= 2 * b),
        ];
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
