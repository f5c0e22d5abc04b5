/**
 * The dashboard queries (run by mingo, the engine of the embedded database, in the order
 * dashboard-queries.ts asks them) give the same figures as a plain loop over the same documents,
 * for random cycles: any mix of states, empty and pre-filled drafts, self and verified scores (a
 * missing verified score and a null one), sections without a score or scored exactly 0 (the
 * exact section counts), every filter, and both score bases (verified only, the default; or all
 * effective scores). The loop here is written from the rules in progress-buckets.ts /
 * score-basis.ts, not with their code; both round an average the same way, once (round2).
 */
import { BSON } from 'bson';
import fc from 'fast-check';
import { Aggregator } from 'mingo/aggregator';
import { AGG_CONTEXT } from '../../../server/embedded-db/query/mingo-context';
import {
  dashboardResults, figuresPipeline, notStartedPipeline, round2, sectionCountPipeline, shapeDashboard, type BasisChoice, type QueryRunner, type Stage,
} from '../../../server/domain/reports';

const SECTIONS = ['manajemen', 'program', 'sdm'];
const GRADES = [{ grade: 'A', label: 'Sangat Baik', min: 86 }, { grade: 'B', label: 'Baik', min: 71 }, { grade: 'C', label: 'Cukup', min: 56 }, { grade: 'D', label: 'Perlu Pembinaan Intensif', min: 0 }];
const KAB = ['36.01', '36.02', '36.71'];
const STATES = ['draft', 'submitted', 'in_review', 'returned', 'resubmitted', 'verified'] as const;

const gradeOf = (total: number) => GRADES.find((g) => total >= g.min)!;
const scoreArb = fc.record({
  total: fc.integer({ min: 0, max: 10000 }).map((n) => n / 100),
  sections: fc.array(fc.oneof(fc.constant(null), fc.constant(0), fc.integer({ min: 0, max: 10000 }).map((n) => n / 100)), { minLength: 3, maxLength: 3 }),
}).map(({ total, sections }) => ({
  total, grade: gradeOf(total).grade, gradeLabel: gradeOf(total).label,
  sections: Object.fromEntries(SECTIONS.map((k, i) => [k, { score: sections[i] }]).filter((_, i) => i !== 2 || sections[2] !== null)),
}));

const docArb = fc.record({
  kabkotaCode: fc.constantFrom(...KAB),
  state: fc.constantFrom(...STATES),
  empty: fc.boolean(),
  prefilled: fc.boolean(),
  rev: fc.constantFrom(0, 0, 1, 4),
  self: fc.option(scoreArb, { nil: null }),
  verified: fc.option(scoreArb, { nil: null }),
  /** A response never reviewed has no verifiedScore field at all (else null or a record). */
  noVerifiedField: fc.boolean(),
});

type Gen = typeof docArb extends fc.Arbitrary<infer T> ? T : never;

function toDocs(gens: Gen[]) {
  return gens.map((g, i) => ({
    _id: `r${String(i).padStart(4, '0')}`,
    cycleId: 'c1',
    organisationId: `o${i}`,
    kabkotaCode: g.kabkotaCode,
    state: g.state,
    rev: g.rev,
    answers: g.empty ? {} : { profil: { nama: 'x' } },
    ...(g.prefilled ? { prefilledFrom: 'p' } : {}),
    selfScore: g.self,
    ...(g.verified === null && g.noVerifiedField ? {} : { verifiedScore: g.verified }),
  }));
}

type Filter = { kab?: string; grade?: string; bucket?: string; basis: BasisChoice };

/** The rules, written out plainly. */
function plain(gens: Gen[], filter: Filter, guidanceLimit: number) {
  const rows = gens.map((g, i) => {
    let bucket: string = g.state;
    if (g.state === 'draft') bucket = g.empty || (g.prefilled && g.rev === 0) ? 'not_started' : 'draft';
    if (g.state === 'resubmitted') bucket = 'submitted';
    const basis = g.verified ? 'verified' : g.self ? 'self' : null;
    // verified only: a self score is never counted; all: the verified score, else the self score
    const counted = filter.basis === 'verified' ? g.verified : g.verified ?? g.self;
    return { id: `r${String(i).padStart(4, '0')}`, g, bucket, counted, basis };
  }).filter((r) => (!filter.kab || r.g.kabkotaCode === filter.kab) && (!filter.grade || r.counted?.grade === filter.grade) && (!filter.bucket || r.bucket === filter.bucket));
  const byBucket: Record<string, number> = { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 };
  for (const r of rows) byBucket[r.bucket] += 1;
  const scored = rows.filter((r) => r.counted);
  const avg = (xs: number[]) => (xs.length ? round2(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  const sectionAvg = Object.fromEntries(SECTIONS.map((k) => [k, avg(scored.map((r) => (r.counted!.sections as Record<string, { score: number | null }>)[k]?.score).filter((v): v is number => typeof v === 'number'))]));
  const ranking = [...scored].sort((a, b) => b.counted!.total - a.counted!.total || a.id.localeCompare(b.id)).map((r) => r.id);
  return {
    responses: rows.length, byBucket, scored: scored.length,
    verified: rows.filter((r) => r.basis === 'verified').length, self: rows.filter((r) => r.basis === 'self').length,
    listedBases: new Set(scored.map((r) => r.basis)),
    avgTotal: avg(scored.map((r) => r.counted!.total)), sectionAvg,
    top: ranking.slice(0, 5),
    bottom: [...scored].sort((a, b) => a.counted!.total - b.counted!.total || a.id.localeCompare(b.id)).map((r) => r.id).slice(0, 5),
    guidance: scored.filter((r) => r.counted!.grade === 'D').sort((a, b) => a.counted!.total - b.counted!.total || a.id.localeCompare(b.id)).map((r) => r.id),
    guidanceLimit,
  };
}

/**
 * Runs queries over `docs` with the embedded database's operators (its direct $group, $topN
 * included), through BSON as results travel over the wire (doubles arrive as numbers). Not with
 * mingo's own $topN: it evaluates an `n` that depends on the group key wrongly when that key has
 * a null or missing field (the engine's own is checked in test/embedded-db/group-accumulators).
 */
function mingoRunner(docs: unknown[], log: string[] = []): QueryRunner {
  const options = { context: AGG_CONTEXT };
  const run = (pipeline: unknown[]) => BSON.deserialize(BSON.serialize({ r: new Aggregator(pipeline as never, options as never).run(docs as never) })).r as never[];
  return {
    aggregate: async <T>(pipeline: Stage[]) => { log.push(`aggregate ${Object.keys((pipeline[1] as { $group: object }).$group).length}`); return run(pipeline) as T[]; },
  };
}

const GRADE_CTX = { grades: GRADES, sections: SECTIONS.map((k) => ({ key: k, title: k, weight: 1 })), kabkotaName: (c: string) => c, orgNames: new Map<string, string>() };

async function viaQueries(gens: Gen[], filter: Filter, guidanceLimit: number) {
  const match: Record<string, unknown> = { cycleId: 'c1' };
  if (filter.kab) match.kabkotaCode = filter.kab;
  const input = { match, sectionKeys: SECTIONS, lowestGrade: 'D', grade: filter.grade, bucket: filter.bucket as never, basis: filter.basis, listLimit: 5, guidanceLimit };
  const results = await dashboardResults(input, mingoRunner(toDocs(gens)));
  return shapeDashboard(results, GRADE_CTX, { list: 5, guidance: guidanceLimit });
}

describe('dashboard pipeline = plain loop', () => {
  it('for random cycles and filters', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(docArb, { maxLength: 40 }),
      fc.record({
        kab: fc.option(fc.constantFrom(...KAB), { nil: undefined }), grade: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: undefined }),
        bucket: fc.option(fc.constantFrom('not_started', 'draft', 'submitted', 'in_review', 'returned', 'verified'), { nil: undefined }),
        basis: fc.constantFrom<BasisChoice>('verified', 'all'),
      }),
      fc.constantFrom(2, 1000),
      async (gens, filter, guidanceLimit) => {
        const want = plain(gens, filter, guidanceLimit);
        const got = await viaQueries(gens, filter, guidanceLimit);
        expect(got.totals.responses).toBe(want.responses);
        expect(got.totals.byBucket).toEqual(want.byBucket);
        expect(got.basis).toBe(filter.basis);
        expect(got.totals.scored).toBe(want.scored);
        expect(got.totals.verifiedBasis).toBe(want.verified);
        expect(got.totals.selfBasis).toBe(want.self);
        // a self score is listed only when the reader asked for all scores, and then says so
        for (const r of [...got.top, ...got.bottom, ...got.guidance.rows]) {
          expect(want.listedBases.has(r.basis)).toBe(true);
          if (filter.basis === 'verified') expect(r.basis).toBe('verified');
        }
        if (want.avgTotal === null) expect(got.totals.avgTotal).toBeNull();
        else expect(got.totals.avgTotal).toBe(want.avgTotal);
        for (const s of got.sections) {
          if (want.sectionAvg[s.key] === null) expect(s.avg).toBeNull();
          else expect(s.avg).toBe(want.sectionAvg[s.key]);
        }
        expect(got.top.map((r) => r.responseId)).toEqual(want.top);
        expect(got.bottom.map((r) => r.responseId)).toEqual(want.bottom);
        expect(got.guidance.rows.map((r) => r.responseId)).toEqual(want.guidance.slice(0, guidanceLimit));
        expect(got.guidance.count).toBe(want.guidance.length);
        expect(got.guidance.truncated).toBe(want.guidance.length > guidanceLimit);
      },
    ), { numRuns: 250 });
  });

  it('every query starts from the cycle (indexed cycleId) and groups by stored fields only (no per-document expressions)', () => {
    const match = { cycleId: 'c1' };
    const limits = { listLimit: 10, guidanceLimit: 500, lowestGrade: 'D' };
    const pipelines = [figuresPipeline(match, SECTIONS, limits), notStartedPipeline(match), sectionCountPipeline(match, 'self', 'sdm'), sectionCountPipeline(match, 'verified', 'sdm')];
    /** The strings of an expression's values (operator names are keys, not values). */
    const leaves = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(leaves) : []);
    let lists = 0;
    for (const p of pipelines) {
      expect(p.map((stage) => Object.keys(stage)[0])).toEqual(['$match', '$group']);
      expect(JSON.stringify(p[0])).toContain('"cycleId":"c1"');
      const group = (p[1] as { $group: Record<string, unknown> }).$group;
      for (const [field, acc] of Object.entries(group)) {
        if (field === '_id') continue;
        const [op, operand] = Object.entries(acc as Record<string, unknown>)[0];
        if (op === '$topN') {
          lists += 1;
          const { n, sortBy, output } = operand as { n: unknown; sortBy: Record<string, number>; output: unknown };
          // sorted on stored fields, outputs stored fields, n computed from the group key alone
          expect(Object.keys(sortBy).every((k) => /^[a-zA-Z_.]+$/.test(k))).toBe(true);
          expect(leaves(output).every((x) => /^\$[a-zA-Z_.]+$/.test(x))).toBe(true);
          expect(leaves(n).every((x) => x === '$v' || x === '$g' || x === 'D')).toBe(true);
        } else {
          expect(operand === 1 || (typeof operand === 'string' && operand.startsWith('$'))).toBe(true);
        }
      }
    }
    expect(lists).toBe(4); // best and worst of each basis
  });

  it('asks one grouped pass (figures and lists), then only the splits that can return rows', async () => {
    const submitted = Array.from({ length: 30 }, (_, i) => ({
      _id: `r${i}`, cycleId: 'c1', organisationId: `o${i}`, kabkotaCode: KAB[i % 3], state: 'submitted', rev: 1, answers: { a: 1 },
      selfScore: { total: 40 + i, grade: gradeOf(40 + i).grade, sections: { manajemen: { score: 50 }, program: { score: 60 }, sdm: { score: 70 } } },
    }));
    const log: string[] = [];
    const d = shapeDashboard(await dashboardResults({ match: { cycleId: 'c1' }, sectionKeys: SECTIONS, lowestGrade: 'D', listLimit: 10, guidanceLimit: 500, basis: 'all' }, mingoRunner(submitted, log)), GRADE_CTX, { list: 10, guidance: 500 });
    // No drafts (no not-started split), no zero averages. One pass brings figures and lists: n,
    // and per basis Σ total, Σ and average per section, best and worst.
    expect(log).toEqual([`aggregate ${2 + 2 * (1 + 2 * SECTIONS.length + 2)}`]);
    expect(d.totals.scored).toBe(30);
    expect(d.guidance.count).toBe(16);
    expect(d.top[0].responseId).toBe('r29');
    expect(d.top[0].basis).toBe('self');

    // Verified only (the default): the self scores are counted as left out, never listed; their
    // lists are not even asked for.
    const logV: string[] = [];
    const v = shapeDashboard(await dashboardResults({ match: { cycleId: 'c1' }, sectionKeys: SECTIONS, lowestGrade: 'D', listLimit: 10, guidanceLimit: 500 }, mingoRunner(submitted, logV)), GRADE_CTX, { list: 10, guidance: 500 });
    expect(logV).toEqual([`aggregate ${2 + 2 * (1 + 2 * SECTIONS.length) + 2}`]);
    expect(v.basis).toBe('verified');
    expect(v.totals).toMatchObject({ scored: 0, verifiedBasis: 0, selfBasis: 30, avgTotal: null, guidance: 0 });
    expect([...v.top, ...v.bottom, ...v.guidance.rows]).toEqual([]);

    const drafts = [...submitted, { _id: 'd1', cycleId: 'c1', organisationId: 'x', kabkotaCode: '36.01', state: 'draft', rev: 0, answers: {} }];
    const log2: string[] = [];
    const d2 = shapeDashboard(await dashboardResults({ match: { cycleId: 'c1' }, sectionKeys: SECTIONS, lowestGrade: 'D', listLimit: 10, guidanceLimit: 500 }, mingoRunner(drafts, log2)), GRADE_CTX, { list: 10, guidance: 500 });
    expect(log2.filter((l) => l.startsWith('aggregate'))).toHaveLength(2);
    expect(d2.totals.byBucket.not_started).toBe(1);
  });

  it('rounds an average the same whatever order the database sums in (27.355 is 27.36 both ways)', async () => {
    // program scores 0.12 + 66.66 (self group) + 42.64 (verified group) = 109.42 over 4: the
    // grouped sum and the plain sum differ in the last binary digit, on either side of 27.355.
    const score = (program: number | null) => ({ total: 0, grade: 'D', gradeLabel: 'x', sections: { manajemen: { score: 0 }, program: { score: program } } });
    const docs = [
      { _id: 'r0', cycleId: 'c1', organisationId: 'o0', kabkotaCode: '36.01', state: 'draft', rev: 0, answers: { a: 1 }, selfScore: score(0), verifiedScore: null },
      { _id: 'r1', cycleId: 'c1', organisationId: 'o1', kabkotaCode: '36.01', state: 'draft', rev: 0, answers: { a: 1 }, selfScore: score(0.12), verifiedScore: null },
      { _id: 'r2', cycleId: 'c1', organisationId: 'o2', kabkotaCode: '36.01', state: 'draft', rev: 0, answers: { a: 1 }, selfScore: null, verifiedScore: score(42.64) },
      { _id: 'r3', cycleId: 'c1', organisationId: 'o3', kabkotaCode: '36.01', state: 'draft', rev: 0, answers: { a: 1 }, selfScore: score(66.66), verifiedScore: null },
    ];
    const d = shapeDashboard(await dashboardResults({ match: { cycleId: 'c1' }, sectionKeys: SECTIONS, lowestGrade: 'D', listLimit: 5, guidanceLimit: 5, basis: 'all' }, mingoRunner(docs)), GRADE_CTX, { list: 5, guidance: 5 });
    expect(d.sections.find((x) => x.key === 'program')!.avg).toBe(27.36);
    expect(round2((0 + 0.12 + 42.64 + 66.66) / 4)).toBe(27.36);
    expect(round2((42.64 + (0 + 0.12 + 66.66)) / 4)).toBe(27.36);
    expect(round2(-62.905)).toBe(-62.91);
  });

  it('never turns an unsafe section key into a field name', () => {
    const text = JSON.stringify([figuresPipeline({ cycleId: 'c1' }, ['ok', '$where', 'a.b', 'x y'])]);
    expect(text).toContain('sections.ok.score');
    expect(text).not.toContain('$where');
    expect(text).not.toContain('a.b');
  });
});
