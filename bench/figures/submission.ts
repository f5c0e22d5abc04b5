/**
 * Full LKS submission at 64 connections against its baseline in the same run: a bare express
 * JSON echo (bench/servers/bare-express.ts POST /echo) receiving the same ~11 KB body.
 * Targets: throughput ≥ 0.5× echo, p99 ≤ 2× echo.
 *
 * Not measurable yet: the submission endpoint and a valid complete LKS response body (built from
 * forms/lks-monev-tahunan.json) do not exist. When they do, this module posts that body with a
 * logged-in operator's cookie + CSRF token and a fresh instance id per request, and
 * `echoBaseline` below supplies the comparison.
 */
import { loadProblems, runCannon, type CannonResult } from '../cannon';
import { unavailable, type BenchContext, type Figure } from '../report';

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
  async run(ctx) {
    const reason = 'no submission endpoint yet';
    return [
      unavailable(`LKS submission throughput, ${ctx.connections} connections`, 'req/s', '≥ 0.5× echo', reason),
      unavailable(`LKS submission p99 latency, ${ctx.connections} connections`, 'ms', '≤ 2× echo', reason),
    ];
  },
};
