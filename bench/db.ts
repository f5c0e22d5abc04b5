// Embedded database benchmark through mongoose (npm run bench:db). Not a test: it measures and
// prints, and writes artifacts/bench-db.json. Durable (dataDir set, fsync on every acknowledged
// write). Targets from the brief: durable concurrent single inserts >= 2,000/s (group commit),
// indexed equality findOne().lean() p50 <= 100 µs.
import fs from 'fs';
import os from 'os';
import path from 'path';
import mongoose, { Schema } from 'mongoose';
import { startEmbeddedMongo } from '../server/embedded-db';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const CONCURRENCY = 64;
const REGIONS = ['Serang', 'Cilegon', 'Tangerang', 'Lebak', 'Pandeglang', 'Tangsel', 'Kab. Serang', 'Kab. Tangerang'];

/** cpuUsPerOp: process CPU time per operation (client + server share this process); unlike
 *  wall-clock figures it barely depends on how busy the rest of the machine is. */
interface Row { name: string; ops: number; seconds: number; opsPerSec: number; cpuUsPerOp: number; p50us?: number; p99us?: number; target?: string }

const benchSchema = new Schema({
  code: { type: String, required: true, unique: true },
  region: { type: String, index: true },
  category: String,
  score: Number,
  tags: [String],
  createdAt: Date,
});

function docFor(i: number) {
  return { code: `LKS-${String(i).padStart(7, '0')}`, region: REGIONS[i % REGIONS.length], category: `K${i % 13}`, score: i % 100, tags: ['a', `t${i % 7}`], createdAt: new Date(1_700_000_000_000 + i * 1000) };
}

function percentile(sortedNs: bigint[], p: number): number {
  const idx = Math.min(sortedNs.length - 1, Math.floor((p / 100) * sortedNs.length));
  return Number(sortedNs[idx]) / 1000;
}

/** Runs `op(i)` for i in [0, n) with `concurrency` workers; records each latency. */
async function measure(name: string, n: number, concurrency: number, op: (i: number) => Promise<unknown>, target?: string): Promise<Row> {
  progress(name);
  const lat: bigint[] = new Array(n);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) {
      const t0 = process.hrtime.bigint();
      await op(i);
      lat[i] = process.hrtime.bigint() - t0;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, ops: n, seconds, opsPerSec: n / seconds, cpuUsPerOp: (cpu.user + cpu.system) / n, p50us: percentile(lat, 50), p99us: percentile(lat, 99), target };
}

/** Progress goes to stderr so a slow phase is visible while the benchmark runs. */
function progress(phase: string): void {
  process.stderr.write(`[bench:db] ${phase}\n`);
}

function fmt(rows: Row[]): string {
  const head = ['operation', 'ops', 'ops/s', 'p50 µs', 'p99 µs', 'CPU µs/op', 'target'];
  const body = rows.map((r) => [r.name, String(r.ops), r.opsPerSec.toFixed(0), r.p50us?.toFixed(0) ?? '-', r.p99us?.toFixed(0) ?? '-', r.cpuUsPerOp.toFixed(0), r.target ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-'));
  const srv = await startEmbeddedMongo({ dataDir, port: 0 });
  const conn = await mongoose.createConnection(srv.uri).asPromise();
  const Bench = conn.model('Bench', benchSchema, 'bench');
  await Bench.init();
  const rows: Row[] = [];
  try {
    const batch = 1000;
    progress(`insertMany ${DOCS} documents`);
    const bulkCpu = process.cpuUsage();
    const bulkStart = process.hrtime.bigint();
    for (let i = 0; i < DOCS; i += batch) {
      await Bench.insertMany(Array.from({ length: Math.min(batch, DOCS - i) }, (_, k) => docFor(i + k)), { ordered: false, lean: true });
    }
    const bulkSec = Number(process.hrtime.bigint() - bulkStart) / 1e9;
    const bulkCpuUs = process.cpuUsage(bulkCpu);
    rows.push({ name: `insertMany (bulk, ${batch}/batch, durable)`, ops: DOCS, seconds: bulkSec, opsPerSec: DOCS / bulkSec, cpuUsPerOp: (bulkCpuUs.user + bulkCpuUs.system) / DOCS });

    const singles = 5000;
    rows.push(await measure(`create() single, ${CONCURRENCY} concurrent, durable`, singles, CONCURRENCY,
      (i) => Bench.create(docFor(DOCS + i)), '>= 2,000/s'));
    rows.push(await measure('create() single, sequential, durable', 1000, 1, (i) => Bench.create(docFor(DOCS + singles + i))));
    // Same writes without mongoose's document layer, to tell mongoose cost from server cost.
    rows.push(await measure(`Model.collection.insertOne, ${CONCURRENCY} concurrent, durable`, 5000, CONCURRENCY,
      (i) => Bench.collection.insertOne(docFor(DOCS + singles + 1000 + i))));

    const total = DOCS + singles + 1000 + 5000;
    const code = (i: number) => docFor((i * 7919) % total).code;
    await measure('warm-up', 2000, 1, (i) => Bench.findOne({ code: code(i) }).lean());
    rows.push(await measure('findOne({code}).lean() indexed, sequential', 20_000, 1, (i) => Bench.findOne({ code: code(i) }).lean(), 'p50 <= 100 µs'));
    rows.push(await measure(`findOne({code}).lean() indexed, ${CONCURRENCY} concurrent`, 20_000, CONCURRENCY, (i) => Bench.findOne({ code: code(i) }).lean()));
    rows.push(await measure('find({region}).limit(20).lean() indexed', 2000, 1, (i) => Bench.find({ region: REGIONS[i % REGIONS.length] }).limit(20).lean()));

    rows.push(await measure('updateOne({code}, $inc) sequential, durable', 2000, 1, (i) => Bench.updateOne({ code: code(i) }, { $inc: { score: 1 } })));
    rows.push(await measure(`updateOne({code}, $inc) ${CONCURRENCY} concurrent, durable`, 5000, CONCURRENCY, (i) => Bench.updateOne({ code: code(i + 3) }, { $set: { category: 'upd' } })));

    rows.push(await measure('aggregate $match(region)+$group (≈1/8 of docs)', 20, 1, (i) =>
      Bench.aggregate([{ $match: { region: REGIONS[i % REGIONS.length] } }, { $group: { _id: '$category', n: { $sum: 1 }, avg: { $avg: '$score' } } }])));
    rows.push(await measure('aggregate $group over all docs', 10, 1, () =>
      Bench.aggregate([{ $group: { _id: '$region', n: { $sum: 1 }, max: { $max: '$score' } } }, { $sort: { _id: 1 } }])));
    rows.push(await measure('countDocuments({region})', 50, 1, (i) => Bench.countDocuments({ region: REGIONS[i % REGIONS.length] })));
  } finally {
    await conn.close();
    await srv.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const table = fmt(rows);
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  process.stdout.write(`\nEmbedded DB through mongoose, ${DOCS.toLocaleString('en')} documents, durable dataDir (Node ${process.version}, ${os.cpus().length} cores, load average ${load})\n${table}\n`);
  if (os.loadavg()[0] > os.cpus().length) process.stdout.write('Note: the machine was busy (load above core count); wall-clock figures are pessimistic, CPU µs/op is the steadier measure.\n');
  const out = path.resolve(__dirname, '../artifacts/bench-db.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadAverage: os.loadavg(), docs: DOCS, rows }, null, 2));
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
