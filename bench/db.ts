// Embedded database benchmark through mongoose (npm run bench:db). Not a test: it measures and
// prints, and writes artifacts/bench-db.json. Durable (dataDir set, fsync on every acknowledged
// write). Targets from the brief: durable concurrent single inserts >= 2,000/s (group commit),
// indexed equality findOne().lean() p50 <= 100 µs (rows "decomposition:" show where that time goes),
// and the reports-scale queries of issue 7 over 35,000 response-shaped documents.
import fs from 'fs';
import os from 'os';
import path from 'path';
import net from 'net';
import mongoose, { Schema } from 'mongoose';
import { BSON, MongoClient, ObjectId } from 'mongodb';
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

/** One request at a time over a raw socket: hand-built OP_MSG, reply bytes not decoded. */
class WireClient {
  private waiting: ((reply: Buffer) => void) | null = null;
  private chunks: Buffer[] = [];
  private have = 0;
  private requestId = 1;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.have += d.length;
      if (this.have < 4) return;
      if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks)];
      if (this.have < this.chunks[0].readInt32LE(0)) return;
      const reply = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      this.chunks = [];
      this.have = 0;
      this.waiting?.(reply);
    });
  }

  static connect(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  call(command: object): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      const body = Buffer.from(BSON.serialize(command));
      const head = Buffer.alloc(21);
      head.writeInt32LE(21 + body.length, 0);
      head.writeInt32LE(this.requestId++, 4);
      head.writeInt32LE(2013, 12); // OP_MSG, flags 0, section kind 0
      this.socket.write(Buffer.concat([head, body]));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

const REPORT_DOCS = Number(process.env.BENCH_REPORT_DOCS ?? 35_000);
const KAB = ['3601', '3602', '3603', '3604', '3671', '3672', '3673', '3674'];
const STATES = ['draft', 'submitted', 'verified', 'returned'];

/** A response-shaped document of ~2.6 KB: 40 answers, a score with 8 sections and 40 items. */
function responseDoc(i: number, cycleId: ObjectId) {
  const answers: Record<string, unknown> = {};
  for (let q = 0; q < 40; q++) answers[`q${q}`] = q % 3 === 0 ? `jawaban panjang nomor ${i} ${q} lorem ipsum dolor` : q % 3 === 1 ? i % 5 : true;
  const sections: Record<string, unknown> = {};
  for (let s = 0; s < 8; s++) sections[`s${s}`] = { score: (i * (s + 1)) % 100, max: 100 };
  const items: Record<string, unknown> = {};
  for (let q = 0; q < 40; q++) items[`q${q}`] = (i + q) % 4;
  const score = { total: i % 100, grade: 'ABCD'[i % 4], gradeLabel: 'Baik', sections, items, caps: [], computedAt: new Date() };
  return {
    cycleId, organisationId: new ObjectId(), kabkotaCode: KAB[i % 8], formId: 'lks', formVersion: '1', state: STATES[i % 4], answers,
    evaluatorAnswers: {}, rev: 3, selfScore: score, verifiedScore: i % 2 ? score : null, review: [], evidence: [], createdAt: new Date(), updatedAt: new Date(),
  };
}

/**
 * Issue 7 scale: the queries the reports dashboard and export make, over 35,000 response-shaped
 * documents of one cycle, through the raw driver (wall time of the whole call, client decoding
 * included; the wire row is the server side alone: execution + loopback, reply not decoded).
 */
async function reportScale(uri: string): Promise<Row[]> {
  progress(`reports scale: ${REPORT_DOCS} response documents`);
  const client = await new MongoClient(uri).connect();
  const rows: Row[] = [];
  try {
    const coll = client.db('bench_reports').collection('responses');
    await coll.createIndex({ cycleId: 1, organisationId: 1 }, { unique: true });
    await coll.createIndex({ cycleId: 1, kabkotaCode: 1, state: 1 });
    await coll.createIndex({ organisationId: 1 });
    const cycleId = new ObjectId();
    const orgIds: ObjectId[] = [];
    for (let i = 0; i < REPORT_DOCS; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, REPORT_DOCS - i) }, (_, k) => responseDoc(i + k, cycleId));
      for (let k = 0; k < batch.length; k += 7) orgIds.push(batch[k].organisationId);
      await coll.insertMany(batch);
    }
    const projection = { organisationId: 1, kabkotaCode: 1, state: 1, 'verifiedScore.total': 1 };
    const group: Record<string, unknown> = { _id: { k: '$kabkotaCode', g: '$verifiedScore.grade' }, n: { $sum: 1 }, sum: { $sum: '$verifiedScore.total' } };
    for (let s = 0; s < 8; s++) {
      group[`s${s}`] = { $sum: `$verifiedScore.sections.s${s}.score` };
      group[`a${s}`] = { $avg: `$verifiedScore.sections.s${s}.score` };
    }
    const ids = orgIds.slice(0, 3000);
    const n = REPORT_DOCS.toLocaleString('en');
    rows.push(await measure(`find({cycleId}) 4-field projection, toArray of ${n}`, 5, 1, () => coll.find({ cycleId }, { projection }).toArray()));
    const wire = await WireClient.connect(Number(new URL(uri).port));
    try {
      rows.push(await measure(`  same find, server side (wire, ${n} docs in one batch)`, 5, 1, () =>
        wire.call({ find: 'responses', filter: { cycleId }, projection, batchSize: REPORT_DOCS, $db: 'bench_reports' })));
      rows.push(await measure(`  same find, full documents, server side (wire)`, 3, 1, () =>
        wire.call({ find: 'responses', filter: { cycleId }, batchSize: REPORT_DOCS, $db: 'bench_reports' })));
    } finally {
      wire.close();
    }
    rows.push(await measure(`aggregate $match{cycleId}+$group count by kab x state (${n})`, 5, 1, () =>
      coll.aggregate([{ $match: { cycleId } }, { $group: { _id: { k: '$kabkotaCode', s: '$state' }, n: { $sum: 1 } } }]).toArray()));
    rows.push(await measure(`aggregate $match+$group, 18 accumulators (${n})`, 5, 1, () =>
      coll.aggregate([{ $match: { cycleId, verifiedScore: { $ne: null } } }, { $group: group }]).toArray()));
    rows.push(await measure(`aggregate $match+$facet of two $group (${n})`, 5, 1, () =>
      coll.aggregate([{ $match: { cycleId } }, { $facet: { a: [{ $group: { _id: '$state', n: { $sum: 1 } } }], b: [{ $group: { _id: '$kabkotaCode', n: { $sum: 1 } } }] } }]).toArray()));
    rows.push(await measure(`find organisationId $in ${ids.length} ObjectIds (indexed)`, 5, 1, () => coll.find({ organisationId: { $in: ids } }, { projection: { state: 1 } }).toArray()));
    rows.push(await measure(`find {cycleId, kab $in 4, organisationId $in ${ids.length}}`, 5, 1, () =>
      coll.find({ cycleId, kabkotaCode: { $in: KAB.slice(0, 4) }, organisationId: { $in: ids } }, { projection: { state: 1 } }).toArray()));
    rows.push(await measure('find sort verifiedScore.total desc limit 10 (top-k scan)', 5, 1, () =>
      coll.find({ cycleId, verifiedScore: { $ne: null } }, { projection: { organisationId: 1, 'verifiedScore.total': 1 } }).sort({ 'verifiedScore.total': -1, _id: 1 }).limit(10).toArray()));
    await coll.drop();
  } finally {
    await client.close();
  }
  return rows;
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
    // Where the findOne time goes: the same lookup without mongoose (raw driver), the driver's
    // fixed cost per operation (ping), and without any driver (hand-built OP_MSG on a socket:
    // server execution + loopback round trip; the ping the same way is the loopback floor).
    const raw = await new MongoClient(srv.uri).connect();
    try {
      const rawColl = raw.db(conn.db!.databaseName).collection('bench');
      const admin = raw.db('admin');
      await measure('warm-up (raw driver)', 2000, 1, (i) => rawColl.findOne({ code: code(i) }));
      rows.push(await measure('  decomposition: driver findOne({code}) (no mongoose)', 20_000, 1, (i) => rawColl.findOne({ code: code(i) })));
      rows.push(await measure('  decomposition: driver command ping', 20_000, 1, () => admin.command({ ping: 1 })));
    } finally {
      await raw.close();
    }
    const wire = await WireClient.connect(srv.port);
    try {
      const dbName = conn.db!.databaseName;
      rows.push(await measure('  decomposition: wire find({code}) limit 1 (server + loopback)', 20_000, 1, (i) =>
        wire.call({ find: 'bench', filter: { code: code(i) }, limit: 1, singleBatch: true, $db: dbName })));
      rows.push(await measure('  decomposition: wire ping (loopback floor)', 20_000, 1, () => wire.call({ ping: 1, $db: 'admin' })));
    } finally {
      wire.close();
    }
    rows.push(await measure(`findOne({code}).lean() indexed, ${CONCURRENCY} concurrent`, 20_000, CONCURRENCY, (i) => Bench.findOne({ code: code(i) }).lean()));
    rows.push(await measure('find({region}).limit(20).lean() indexed', 2000, 1, (i) => Bench.find({ region: REGIONS[i % REGIONS.length] }).limit(20).lean()));

    rows.push(await measure('updateOne({code}, $inc) sequential, durable', 2000, 1, (i) => Bench.updateOne({ code: code(i) }, { $inc: { score: 1 } })));
    rows.push(await measure(`updateOne({code}, $inc) ${CONCURRENCY} concurrent, durable`, 5000, CONCURRENCY, (i) => Bench.updateOne({ code: code(i + 3) }, { $set: { category: 'upd' } })));

    rows.push(await measure('aggregate $match(region)+$group (≈1/8 of docs)', 20, 1, (i) =>
      Bench.aggregate([{ $match: { region: REGIONS[i % REGIONS.length] } }, { $group: { _id: '$category', n: { $sum: 1 }, avg: { $avg: '$score' } } }])));
    rows.push(await measure('aggregate $group over all docs', 10, 1, () =>
      Bench.aggregate([{ $group: { _id: '$region', n: { $sum: 1 }, max: { $max: '$score' } } }, { $sort: { _id: 1 } }])));
    rows.push(await measure('countDocuments({region})', 50, 1, (i) => Bench.countDocuments({ region: REGIONS[i % REGIONS.length] })));
    rows.push(...await reportScale(srv.uri));
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
