/**
 * The LKS form page as an operator's phone gets it, on the largest section of the instrument
 * (/tanggapan/:id/bagian/:section, signed in): transferred weight with its CSS/JS, gzip
 * (target ≤ 60 KB; baseline the same files uncompressed), and server response time, warm,
 * sequential requests (p50; baseline a bare express "hello" measured the same way).
 */
import fs from 'node:fs';
import { questions } from '../../server/domain/forms';
import { BENCH_OPERATOR, seedLksCycle } from '../fixtures/seed';
import { signIn } from '../fixtures/session';
import { pageWeight } from '../page-weight';
import { makeTmpDir, spawnMonev, waitFor200 } from '../processes';
import { measured, type BenchContext, type Figure, type FigureResult } from '../report';
import { summarise, timeAsync } from '../stats';

const BUDGET_KB = 60;
const REQUESTS = 200;

async function timeGets(url: string, headers: Record<string, string>): Promise<number> {
  const samples = await timeAsync(async () => {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    await res.arrayBuffer();
  }, REQUESTS);
  return summarise(samples).p50;
}

export const formPage: Figure = {
  id: 'form-page',
  async run(ctx: BenchContext): Promise<FigureResult[]> {
    const dataDir = makeTmpDir('form-page');
    try {
      const { form, responseIds } = await seedLksCycle(dataDir, 3);
      const counts = new Map<string, number>();
      for (const q of questions(form)) if (q.kind === 'question') counts.set(q.section, (counts.get(q.section) ?? 0) + 1);
      const [section, items] = [...counts].sort((a, b) => b[1] - a[1])[0];
      const server = await spawnMonev(dataDir);
      try {
        await waitFor200(`${server.baseUrl}/readyz`, server.startedAt);
        const session = await signIn(server.baseUrl, BENCH_OPERATOR.username, BENCH_OPERATOR.password);
        const url = `${server.baseUrl}/tanggapan/${responseIds[0]}/bagian/${section}`;
        const headers = { cookie: session.cookie, accept: 'text/html', 'accept-encoding': 'gzip' };
        const weight = await pageWeight(url, { cookie: session.cookie });
        const page = await timeGets(url, headers);
        const bare = await ctx.bare();
        const hello = await timeGets(`${bare.baseUrl}/`, { 'accept-encoding': 'gzip' });
        return [
          measured({
            name: `LKS form page weight, section "${section}" (gzip, incl. CSS/JS)`, unit: 'KB', value: weight.gzipBytes / 1024,
            baseline: { name: 'same files uncompressed', value: weight.identityBytes / 1024 }, target: `≤ ${BUDGET_KB} KB`,
            note: `${items} questions; ${weight.files.map((f) => `${new URL(f.url).pathname} ${f.gzipBytes} B`).join(', ')}`,
          }, (v) => v <= BUDGET_KB),
          measured({
            name: `LKS form page response time, section "${section}" (warm, p50)`, unit: 'ms', value: page,
            baseline: { name: 'bare express hello, same client', value: hello }, target: null,
            note: `${REQUESTS} sequential requests after warm-up`,
          }),
        ];
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
