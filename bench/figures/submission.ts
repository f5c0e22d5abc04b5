/**
 * Full LKS submission at 64 connections against its baseline in the same run: a bare express JSON
 * echo (bench/servers/bare-express.ts POST /echo) receiving a body of the same size.
 * Targets: throughput ≥ 0.5× echo, p99 ≤ 2× echo.
 *
 * The built server runs on a DATA_DIR seeded with an open LKS cycle of many organisations, so
 * every request submits a different, never-submitted response. Each connection is a different
 * operator, signed in once, submitting the institutions of their own account (as on deadline day:
 * many operators at once, each with a few institutions). (POST /api/tanggapan/:id/kirim:
 * CSRF + session, scope check, submit-mode validation, scoring, one transaction with the audit
 * entry). Answers are complete and valid; items that ask for evidence are answered with a value
 * that needs none, so no upload is needed first.
 */
import fs from 'node:fs';
import type autocannon from 'autocannon';
import { loadProblems, runCannon, type CannonResult } from '../cannon';
import { cpuPerRequest } from '../proc-cpu';
import { completeAnswers } from '../fixtures/complete-response';
import { benchOperator, seedLksCycle } from '../fixtures/seed';
import { signIn } from '../fixtures/session';
import { ROOT, makeTmpDir, spawnMonev, waitFor200 } from '../processes';
import { measured, unavailable, type BenchContext, type Figure, type FigureResult } from '../report';

/** Responses to seed: more than 64 connections can submit in the run at a generous rate. */
const perSecondCeiling = 400;

export async function echoBaseline(ctx: BenchContext, body: string): Promise<CannonResult & { cpuMsPerRequest: number | null }> {
  const bare = await ctx.bare();
  const { result, cpuMsPerRequest } = await cpuPerRequest(bare.pid, () => runCannon({
    url: `${bare.baseUrl}/echo`, method: 'POST', body, connections: ctx.connections, durationSec: ctx.durationSec,
    headers: { 'content-type': 'application/json' },
  }), (r) => r.requests);
  const problems = loadProblems(result);
  if (problems) throw new Error(`echo baseline: ${problems}`);
  return { ...result, cpuMsPerRequest };
}

const cpuText = (ms: number | null) => (ms === null ? 'n/a' : `${ms.toFixed(2)} ms`);

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
      const { form, responseIds, operatorOf } = await seedLksCycle(dataDir, count, { operators: ctx.connections });
      const answers = JSON.stringify(completeAnswers(form, 0, 2, true));
      const bodyFor = (id: string) => `{"submissionId":"bench-${id}","rev":0,"answers":${answers}}`;
      const server = await spawnMonev(dataDir);
      try {
        await waitFor200(`${server.baseUrl}/readyz`, server.startedAt);
        const sessions = await Promise.all(Array.from({ length: ctx.connections }, (_, k) => signIn(server.baseUrl, benchOperator(k).username, benchOperator(k).password)));
        const headersOf = (k: number) => ({ cookie: sessions[k].cookie, 'x-csrf-token': sessions[k].csrf, 'content-type': 'application/json', accept: 'application/json' });
        // Each operator's own responses, in seeding order.
        const queues = sessions.map((): string[] => []);
        responseIds.forEach((id, i) => queues[operatorOf[i]].push(id));
        // One submission first: it must be accepted, or the run would measure refusals.
        const firstId = queues[0].shift()!;
        const first = await fetch(`${server.baseUrl}/api/tanggapan/${firstId}/kirim`, { method: 'POST', headers: headersOf(0), body: bodyFor(firstId) });
        if (first.status !== 200) throw new Error(`a submission answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
        let nextClient = 0;
        const setupClient = (client: autocannon.Client) => {
          const k = nextClient++ % sessions.length;
          const headers = headersOf(k);
          client.setRequests([{
            method: 'POST',
            setupRequest: (request) => {
              const id = queues[k].shift();
              if (!id) throw new Error('ran out of seeded responses: raise perSecondCeiling');
              return { ...request, headers: { ...request.headers, ...headers }, path: `/api/tanggapan/${id}/kirim`, body: bodyFor(id) };
            },
          }]);
        };
        const { result: monev, cpuMsPerRequest } = await cpuPerRequest(server.child.pid!,
          () => runCannon({ url: server.baseUrl, connections: ctx.connections, durationSec: ctx.durationSec, setupClient }), (r) => r.requests);
        const problems = loadProblems(monev);
        if (problems) throw new Error(`submissions under load: ${problems}`);
        const body = bodyFor(firstId);
        const echo = await echoBaseline(ctx, body);
        const note = `body ${body.length} B; ${monev.requests} submissions; p50 ${monev.p50Ms} ms vs echo ${echo.p50Ms} ms; `
          + `server CPU per request ${cpuText(cpuMsPerRequest)} vs echo ${cpuText(echo.cpuMsPerRequest)}`;
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
