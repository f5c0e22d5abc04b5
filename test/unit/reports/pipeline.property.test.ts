/**
 * The dashboard queries (run by mingo, the engine of the embedded database) give the same figures
 * as a plain loop over the same documents, for random cycles: any mix of states, empty and
 * pre-filled drafts, self and verified scores, sections without a score or scored exactly 0
 * (the zero-average counts), and every filter. The loop here is written from the rules in
 * progress-buckets.ts / score-basis.ts, not with their code.
 */
import { BSON } from 'bson';
import fc from 'fast-check';
import { Aggregator } from 'mingo/aggregator';
import { AGG_CONTEXT } from '../../../server/embedded-db/query/mingo-context';
import {
  dashboardMatch, dashboardQueries, shapeDashboard, zeroAverageSections, zeroScoreCount, type DashboardResults, type FindSpec,
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
    verifiedScore: g.verified,
  }));
}

/** The rules, written out plainly. */
function plain(gens: Gen[], filter: { kab?: string; grade?: string; bucket?: string }) {
  const rows = gens.map((g, i) => {
    let bucket: string = g.state;
    if (g.state === 'draft') bucket = g.empty || (g.prefilled && g.rev === 0) ? 'not_started' : 'draft';
    if (g.state === 'resubmitted') bucket = 'submitted';
    const counted = g.verified ?? g.self;
    return { id: `r${String(i).padStart(4, '0')}`, g, bucket, counted, basis: g.verified ? 'verified' : g.self ? 'self' : null };
  }).filter((r) => (!filter.kab || r.g.kabkotaCode === filter.kab) && (!filter.grade || r.counted?.grade === filter.grade) && (!filter.bucket || r.bucket === filter.bucket));
  const byBucket: Record<string, number> = { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 };
  for (const r of rows) byBucket[r.bucket] += 1;
  const scored = rows.filter((r) => r.counted);
  const avg = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
  const sectionAvg = Object.fromEntries(SECTIONS.map((k) => [k, avg(scored.map((r) => (r.counted!.sections as Record<string, { score: number | null }>)[k]?.score).filter((v): v is number => typeof v === 'number'))]));
  const ranking = [...scored].sort((a, b) => b.counted!.total - a.counted!.total || a.id.localeCompare(b.id)).map((r) => r.id);
  return {
    responses: rows.length, byBucket, scored: scored.length, verified: scored.filter((r) => r.basis === 'verified').length,
    avgTotal: avg(scored.map((r) => r.counted!.total)), sectionAvg,
    top: ranking.slice(0, 5),
    bottom: [...scored].sort((a, b) => a.counted!.total - b.counted!.total || a.id.localeCompare(b.id)).map((r) => r.id).slice(0, 5),
    guidance: scored.filter((r) => r.counted!.grade === 'D').map((r) => r.id).sort(),
  };
}

function viaQueries(gens: Gen[], filter: { kab?: string; grade?: string; bucket?: string }) {
  const docs = toDocs(gens);
  // Through BSON, as results travel over the wire (the engine keeps doubles in wrappers).
  const run = (pipeline: unknown[]) => BSON.deserialize(BSON.serialize({ r: new Aggregator(pipeline as never, { context: AGG_CONTEXT } as never).run(docs as never) })).r as never[];
  const find = (f: FindSpec) => run([{ $match: f.filter }, { $sort: f.sort }, { $limit: f.limit }, { $project: f.projection }]);
  const match: Record<string, unknown> = { cycleId: 'c1' };
  if (filter.kab) match.kabkotaCode = filter.kab;
  const input = { match, sectionKeys: SECTIONS, lowestGrade: 'D', grade: filter.grade, bucket: filter.bucket as never, listLimit: 5, guidanceLimit: 1000 };
  const q = dashboardQueries(input);
  const results: DashboardResults = {
    status: run(q.status), notStarted: run(q.notStarted), scores: { verified: run(q.scores.verified), self: run(q.scores.self) },
    zeroCounts: { verified: {}, self: {} },
    top: { verified: find(q.top.verified), self: find(q.top.self) },
    bottom: { verified: find(q.bottom.verified), self: find(q.bottom.self) },
    guidance: q.guidance && { verified: find(q.guidance.verified), self: find(q.guidance.self) },
  };
  for (const { basis, index } of zeroAverageSections(results.scores, SECTIONS.length)) {
    const rows = run(zeroScoreCount(dashboardMatch(input), basis, SECTIONS[index])) as { _id: { k: string; g: string }; n: number }[];
    results.zeroCounts[basis][index] = Object.fromEntries(rows.map((r) => [`${r._id.k}|${r._id.g}`, r.n]));
  }
  return shapeDashboard(results, {
    grades: GRADES, sections: SECTIONS.map((k) => ({ key: k, title: k, weight: 1 })), kabkotaName: (c) => c, orgNames: new Map(),
  }, { list: 5, guidance: 1000 });
}

describe('dashboard pipeline = plain loop', () => {
  it('for random cycles and filters', () => {
    fc.assert(fc.property(
      fc.array(docArb, { maxLength: 40 }),
      fc.record({ kab: fc.option(fc.constantFrom(...KAB), { nil: undefined }), grade: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: undefined }), bucket: fc.option(fc.constantFrom('not_started', 'draft', 'submitted', 'in_review', 'returned', 'verified'), { nil: undefined }) }),
      (gens, filter) => {
        const want = plain(gens, filter);
        const got = viaQueries(gens, filter);
        expect(got.totals.responses).toBe(want.responses);
        expect(got.totals.byBucket).toEqual(want.byBucket);
        expect(got.totals.scored).toBe(want.scored);
        expect(got.totals.verifiedBasis).toBe(want.verified);
        if (want.avgTotal === null) expect(got.totals.avgTotal).toBeNull();
        else expect(got.totals.avgTotal).toBeCloseTo(want.avgTotal, 6);
        for (const s of got.sections) {
          if (want.sectionAvg[s.key] === null) expect(s.avg).toBeNull();
          else expect(s.avg).toBeCloseTo(want.sectionAvg[s.key] as number, 6);
        }
        expect(got.top.map((r) => r.responseId)).toEqual(want.top);
        expect(got.bottom.map((r) => r.responseId)).toEqual(want.bottom);
        expect(got.guidance.rows.map((r) => r.responseId).sort()).toEqual(want.guidance);
        expect(got.guidance.count).toBe(want.guidance.length);
      },
    ), { numRuns: 150 });
  });

  it('every query starts from the cycle (indexed cycleId) and groups by stored fields only (no per-document expressions)', () => {
    const q = dashboardQueries({ match: { cycleId: 'c1' }, sectionKeys: SECTIONS, lowestGrade: 'D', listLimit: 10, guidanceLimit: 500, bucket: 'draft', grade: 'B' });
    const pipelines = [q.status, q.notStarted, q.scores.verified, q.scores.self];
    for (const p of pipelines) {
      expect(Object.keys(p[0])).toEqual(['$match']);
      expect(JSON.stringify(p[0])).toContain('"cycleId":"c1"');
      const group = (p[1] as { $group: Record<string, unknown> }).$group;
      for (const [field, acc] of Object.entries(group)) {
        if (field === '_id') continue;
        const operand = Object.values(acc as Record<string, unknown>)[0];
        expect(operand === 1 || (typeof operand === 'string' && operand.startsWith('$'))).toBe(true);
      }
    }
    for (const f of [q.top.verified, q.top.self, q.bottom.verified, q.bottom.self, q.guidance!.verified, q.guidance!.self]) {
      expect(JSON.stringify(f.filter)).toContain('"cycleId":"c1"');
      expect(f.limit).toBeGreaterThan(0);
    }
  });

  it('never turns an unsafe section key into a field name', () => {
    const q = dashboardQueries({ match: { cycleId: 'c1' }, sectionKeys: ['ok', '$where', 'a.b', 'x y'], lowestGrade: null, listLimit: 1, guidanceLimit: 1 });
    const text = JSON.stringify(q);
    expect(text).toContain('sections.ok.score');
    expect(text).not.toContain('$where');
    expect(text).not.toContain('a.b');
  });
});
