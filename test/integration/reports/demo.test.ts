/**
 * The reports over the demo data (server/bootstrap/demo-seed.ts): dashboard figures equal a plain
 * computation over the stored demo responses, for the whole province and for the demo evaluator
 * of Lebak and Pandeglang; the summary compares with the demo's previous year.
 */
import { startTestDb, type TestDb } from '../../helpers/db';
import { seedDemo } from '../../../server/bootstrap/demo-seed';
import { createLogger } from '../../../server/http/logging';
import { Cycle } from '../../../server/model/cycle';
import { ResponseModel } from '../../../server/model/response';
import { buildDashboard } from '../../../server/model/query/reports';

let db: TestDb;
let currentId: string;

beforeAll(async () => {
  db = await startTestDb();
  const result = await seedDemo(createLogger('silent'), { nodeEnv: 'test', now: new Date('2026-07-15T03:00:00Z'), print: () => undefined });
  expect(result.seeded).toBe(true);
  const current = await Cycle.findOne({ demo: true }).sort({ year: -1 }).lean();
  currentId = String(current!._id);
}, 120000);

afterAll(async () => {
  await db.stop();
});

interface Doc {
  kabkotaCode: string; state: string; answers?: Record<string, unknown>; rev?: number; prefilledFrom?: unknown;
  selfScore?: { total?: number | null; grade?: string | null } | null; verifiedScore?: { total?: number | null; grade?: string | null } | null;
}

/** Plain figures straight from the stored documents: verified scores only, or (all) verified else self. */
function plain(docs: Doc[], basis: 'verified' | 'all') {
  const byBucket: Record<string, number> = { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 };
  const grades: Record<string, number> = {};
  let sum = 0;
  let n = 0;
  for (const d of docs) {
    const emptyAnswers = !d.answers || Object.keys(d.answers).length === 0;
    const bucket = d.state === 'draft' ? (emptyAnswers || (d.prefilledFrom && (d.rev ?? 0) === 0) ? 'not_started' : 'draft')
      : d.state === 'resubmitted' ? 'submitted' : d.state;
    byBucket[bucket] += 1;
    const counted = typeof d.verifiedScore?.total === 'number' ? d.verifiedScore : basis === 'all' && typeof d.selfScore?.total === 'number' ? d.selfScore : null;
    if (!counted) continue;
    n += 1;
    sum += counted.total as number;
    grades[counted.grade as string] = (grades[counted.grade as string] ?? 0) + 1;
  }
  return { responses: docs.length, byBucket, scored: n, avgTotal: n ? Math.round((sum / n) * 100) / 100 : null, grades };
}

describe('reports over the demo data', () => {
  it.each([
    ['the whole province', {}, 'verified'],
    ['the whole province, self scores included', {}, 'all'],
    ['the demo evaluator of Lebak and Pandeglang', { kabkotaCode: { $in: ['36.02', '36.01'] } }, 'verified'],
  ] as const)('dashboard for %s equals the plain computation', async (_who, scope, basis) => {
    const docs = (await ResponseModel.find({ cycleId: currentId, ...scope }).lean()) as unknown as Doc[];
    expect(docs.length).toBeGreaterThan(0);
    const want = plain(docs, basis);
    expect(want.scored).toBeGreaterThan(0);
    const d = await buildDashboard(currentId, scope, basis === 'all' ? { basis: 'all' } : {});
    expect(d.totals.responses).toBe(want.responses);
    expect(d.totals.byBucket).toEqual(want.byBucket);
    expect(d.totals.scored).toBe(want.scored);
    expect(d.totals.avgTotal).toBeCloseTo(want.avgTotal as number, 2);
    expect(Object.fromEntries(d.grades.filter((g) => g.count > 0).map((g) => [g.grade, g.count]))).toEqual(want.grades);
    if (Object.keys(scope).length > 0) expect(d.completion.every((c) => ['36.01', '36.02'].includes(c.kabkotaCode))).toBe(true);
    expect(d.top.every((r) => !/^[0-9a-f]{24}$/.test(r.nama))).toBe(true); // names resolved
  });
});
