/**
 * The leadership dashboard and the XLSX export over a cycle of 35,000 submitted LKS responses
 * (BENCH_RESPONSES to change), seeded into an empty database. The app runs against an embedded
 * database server started by this script (as against a separate MongoDB), so the baselines can
 * read the same data directly in the same run:
 *  - dashboard (GET /api/dasbor/:cycleId, warm, p50) vs reading the fields it needs
 *    (state, kab/kota, self score) of every response with a plain find().toArray();
 *  - XLSX export (GET /laporan/:cycleId/ekspor.xlsx, whole download) vs the CSV export of the
 *    same rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded-db';
import { BENCH_ADMIN, seedLksCycle } from '../fixtures/seed';
import { signIn } from '../fixtures/session';
import { makeTmpDir, spawnMonev, waitFor200 } from '../processes';
import { measured, type BenchContext, type Figure, type FigureResult } from '../report';
import { summarise, timeAsync } from '../stats';

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 35_000);

async function download(url: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const start = process.hrtime.bigint();
  const res = await fetch(url, { headers: { cookie, 'accept-encoding': 'identity' } });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes };
}

export const dashboard: Figure = {
  id: 'dashboard',
  async run(ctx: BenchContext): Promise<FigureResult[]> {
    const dataDir = makeTmpDir('dashboard');
    const n = RESPONSES.toLocaleString('en-US');
    try {
      ctx.log(`seeding ${n} submitted LKS responses`);
      const seedStart = Date.now();
      const { cycleId } = await seedLksCycle(dataDir, RESPONSES, { submitted: true });
      ctx.log(`seeded in ${Math.round((Date.now() - seedStart) / 1000)} s`);
      const db = await startEmbeddedMongo({ dataDir: path.join(dataDir, 'db'), port: 0 });
      await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 5000 });
      const server = await spawnMonev(makeTmpDir('dashboard-app'), { MONGODB_URI: db.uri });
      try {
        await waitFor200(`${server.baseUrl}/readyz`, server.startedAt);
        const { cookie } = await signIn(server.baseUrl, BENCH_ADMIN.username, BENCH_ADMIN.password);
        const dash = summarise(await timeAsync(async () => {
          const res = await fetch(`${server.baseUrl}/api/dasbor/${cycleId}`, { headers: { cookie, accept: 'application/json' } });
          if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
          await res.arrayBuffer();
        }, 10, 2));
        const responses = mongoose.connection.db!.collection('responses');
        const cycle = new mongoose.Types.ObjectId(cycleId);
        const read = summarise(await timeAsync(() => responses.find({ cycleId: cycle }, { projection: { state: 1, kabkotaCode: 1, 'selfScore.total': 1, 'selfScore.grade': 1 } }).toArray(), 10, 2));
        const xlsx = await download(`${server.baseUrl}/laporan/${cycleId}/ekspor.xlsx`, cookie);
        const csv = await download(`${server.baseUrl}/laporan/${cycleId}/ekspor.csv`, cookie);
        return [
          measured({
            name: `dashboard, ${n} responses (warm, p50)`, unit: 'ms', value: dash.p50,
            baseline: { name: 'find().toArray() of the fields it needs', value: read.p50 }, target: null,
            note: `p99 ${dash.p99.toFixed(0)} ms over 10 requests`,
          }),
          measured({
            name: `XLSX export, ${n} responses`, unit: 'ms', value: xlsx.ms,
            baseline: { name: 'CSV export of the same rows', value: csv.ms }, target: null,
            note: `XLSX ${(xlsx.bytes / 1048576).toFixed(1)} MB, CSV ${(csv.bytes / 1048576).toFixed(1)} MB`,
          }),
        ];
      } finally {
        await server.stop();
        await mongoose.disconnect();
        await db.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
