/**
 * Baseline child of the dashboard figure: the same figures computed by a plain single-pass loop
 * over the cycle's responses, read with the raw driver's cursor (no mongoose, no aggregation).
 * It runs in its own process, as the app server does, so the database's work (in the bench
 * process) and the reading and counting here are split the same way as for the dashboard.
 *
 *   node dashboard-loop.js <json args>   → prints one JSON line: { samples: ms[], figures }
 *
 * Args: { uri, cycleId, sectionKeys, lowestGrade, iterations, warmup }.
 *
 * The loop reads only the fields the figures need: state, kab/kota, organisation, rev, prefill
 * mark and both stored scores' total, grade and section scores. A draft counts as "not started"
 * when it was never saved (rev 0): that is the completion rule (progress-buckets.ts) except for a
 * draft whose operator saved answers and then cleared every one of them, which would need the
 * answers themselves; the bench checks the loop's figures against the dashboard's.
 */
import { MongoClient, ObjectId, type Document } from 'mongodb';

interface Args { uri: string; cycleId: string; sectionKeys: string[]; lowestGrade: string | null; iterations: number; warmup: number }

interface Score { total?: unknown; grade?: unknown; sections?: Record<string, { score?: unknown } | undefined> | null }

export interface LoopFigures {
  responses: number;
  byBucket: Record<string, number>;
  scored: number;
  verifiedBasis: number;
  avgTotal: number | null;
  sections: Record<string, number | null>;
  grades: Record<string, number>;
  byKabkota: Record<string, Record<string, number>>;
  top: string[];
  bottom: string[];
  guidance: number;
}

/** The dashboard's rounding (domain/reports/dashboard.ts roundTo), so tied averages agree. */
const round2 = (x: number) => Math.round(Number((Math.abs(x) * 100).toPrecision(12))) / 100 * (x < 0 ? -1 : 1);
const LIST = 10;
const GUIDANCE_LIST = 500;

/** Keeps the `limit` best [total, id] pairs in order (insertion into a short sorted array). */
function keep(list: [number, string][], total: number, id: string, better: (a: number, b: number) => boolean, limit: number): void {
  if (list.length === limit) {
    const last = list[limit - 1];
    if (!(better(total, last[0]) || (total === last[0] && id < last[1]))) return;
    list.pop();
  }
  let i = list.length;
  while (i > 0 && (better(total, list[i - 1][0]) || (total === list[i - 1][0] && id < list[i - 1][1]))) i--;
  list.splice(i, 0, [total, id]);
}

async function once(coll: import('mongodb').Collection, args: Args): Promise<LoopFigures> {
  const projection: Document = { state: 1, kabkotaCode: 1, organisationId: 1, rev: 1, prefilledFrom: 1 };
  for (const s of ['selfScore', 'verifiedScore']) {
    projection[`${s}.total`] = 1;
    projection[`${s}.grade`] = 1;
    projection[`${s}.gradeLabel`] = 1;
    for (const k of args.sectionKeys) projection[`${s}.sections.${k}.score`] = 1;
  }
  const keys = args.sectionKeys;
  const byKabkota: Record<string, Record<string, number>> = {};
  const byBucket: Record<string, number> = { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 };
  const grades: Record<string, number> = {};
  const secSum = keys.map(() => 0);
  const secN = keys.map(() => 0);
  const top: [number, string][] = [];
  const bottom: [number, string][] = [];
  const guidance: [number, string][] = [];
  let responses = 0; let scored = 0; let verifiedBasis = 0; let sumTotal = 0; let guidanceCount = 0;
  const cursor = coll.find({ cycleId: new ObjectId(args.cycleId) }, { projection, batchSize: 1000 });
  for await (const doc of cursor) {
    responses++;
    const state = doc.state as string;
    let bucket = state === 'resubmitted' ? 'submitted' : state;
    if (state === 'draft' && (doc.rev ?? 0) === 0) bucket = 'not_started';
    if (!(bucket in byBucket)) bucket = 'draft';
    byBucket[bucket]++;
    const kab = (doc.kabkotaCode as string) ?? '';
    const counts = (byKabkota[kab] ??= { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 });
    counts[bucket]++;
    const v = doc.verifiedScore as Score | null | undefined;
    const s = doc.selfScore as Score | null | undefined;
    const score = v?.grade != null ? v : s?.grade != null ? s : null;
    if (!score || typeof score.total !== 'number') continue;
    scored++;
    if (score === v) verifiedBasis++;
    sumTotal += score.total;
    const grade = String(score.grade);
    grades[grade] = (grades[grade] ?? 0) + 1;
    for (let i = 0; i < keys.length; i++) {
      const x = score.sections?.[keys[i]]?.score;
      if (typeof x === 'number') { secSum[i] += x; secN[i]++; }
    }
    const id = String(doc._id);
    keep(top, score.total, id, (a, b) => a > b, LIST);
    keep(bottom, score.total, id, (a, b) => a < b, LIST);
    if (grade === args.lowestGrade) {
      guidanceCount++;
      keep(guidance, score.total, id, (a, b) => a < b, GUIDANCE_LIST);
    }
  }
  return {
    responses, byBucket, scored, verifiedBasis, avgTotal: scored ? round2(sumTotal / scored) : null,
    sections: Object.fromEntries(keys.map((k, i) => [k, secN[i] ? round2(secSum[i] / secN[i]) : null])),
    grades, byKabkota, top: top.map((r) => r[1]), bottom: bottom.map((r) => r[1]), guidance: guidanceCount,
  };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as Args;
  const client = await MongoClient.connect(args.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const coll = client.db().collection('responses');
    let figures: LoopFigures | null = null;
    for (let i = 0; i < args.warmup; i++) figures = await once(coll, args);
    const samples: number[] = [];
    for (let i = 0; i < args.iterations; i++) {
      const start = process.hrtime.bigint();
      figures = await once(coll, args);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    process.stdout.write(`${JSON.stringify({ samples, figures })}\n`);
  } finally {
    await client.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
