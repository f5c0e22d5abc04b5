/**
 * The home page, the one page that exists today: transferred weight on a phone (gzip, with its
 * CSS/JS) against the ≤ 60 KB page budget, and throughput/p99 at 64 connections against a bare
 * express "hello" (the cost of the whole stack: headers, sessions, templates, compression).
 */
import { loadProblems, runCannon } from '../cannon';
import { pageWeight } from '../page-weight';
import { measured, type BenchContext, type Figure, type FigureResult } from '../report';

const BUDGET_KB = 60;

export const homePage: Figure = {
  id: 'home-page',
  async run(ctx: BenchContext): Promise<FigureResult[]> {
    const monev = await ctx.monev();
    const weight = await pageWeight(`${monev.baseUrl}/`);
    const results: FigureResult[] = [measured({
      name: 'home page weight (gzip, incl. CSS/JS)', unit: 'KB', value: weight.gzipBytes / 1024,
      baseline: { name: 'same files uncompressed', value: weight.identityBytes / 1024 },
      target: `≤ ${BUDGET_KB} KB`,
      note: `${weight.files.length} file(s): ${weight.files.map((f) => `${new URL(f.url).pathname} ${f.gzipBytes} B`).join(', ')}`,
    }, (v) => v <= BUDGET_KB)];

    const bare = await ctx.bare();
    const headers = { 'accept-encoding': 'gzip', accept: 'text/html' };
    const base = await runCannon({ url: `${bare.baseUrl}/`, connections: ctx.connections, durationSec: ctx.durationSec, headers });
    const page = await runCannon({ url: `${monev.baseUrl}/`, connections: ctx.connections, durationSec: ctx.durationSec, headers });
    const problems = loadProblems(page);
    if (problems) throw new Error(`home page under load: ${problems}`);
    results.push(
      measured({
        name: `home page throughput, ${ctx.connections} connections`, unit: 'req/s', value: page.perSecond,
        baseline: { name: 'bare express hello', value: base.perSecond }, target: null,
      }),
      measured({
        name: `home page p99 latency, ${ctx.connections} connections`, unit: 'ms', value: page.p99Ms,
        baseline: { name: 'bare express hello', value: base.p99Ms }, target: null,
      }),
    );
    return results;
  },
};
