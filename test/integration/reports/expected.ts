/**
 * Expected report figures computed straight from the seed list with plain loops (not with the
 * report code): the tests compare the API's figures with these. `basis` 'verified' (the reports'
 * default) counts verified scores only; 'all' counts the verified score, else the self score.
 */
import { ENTRIES, countedScore, type SeedEntry, type Seeded } from './seed';

export const round2 = (x: number): number => Math.round(x * 100) / 100;

export type ExpectedBasis = 'verified' | 'all';

export interface Expected {
  responses: number;
  byBucket: Record<string, number>;
  byKabkota: Record<string, Record<string, number>>;
  scored: number;
  verifiedBasis: number;
  selfBasis: number;
  avgTotal: number | null;
  grades: Record<string, number>;
  sections: Record<string, number | null>;
  kabkotaAvg: Record<string, number | null>;
  /** response keys by total, best first (ties: insertion order) */
  ranking: string[];
  /** response keys by total, worst first (ties: insertion order) */
  bottom: string[];
  guidance: string[];
}

export function expectedFigures(seeded: Seeded, include: (e: SeedEntry) => boolean = () => true, which: 'now' | 'lastYear' = 'now', basis: ExpectedBasis = 'verified'): Expected {
  const rows = ENTRIES.filter(include).map((e) => ({
    e,
    s: which === 'now' ? (basis === 'verified' && e.expectBasis !== 'verified' ? null : countedScore(seeded, e)) : seeded.scores[e.key].lastYear,
    bucket: which === 'now' ? e.expectBucket : 'verified',
  })).filter((r) => which === 'now' || r.s !== null);
  const basisOf = (e: SeedEntry) => (which === 'lastYear' ? 'verified' : e.expectBasis);
  const byBucket: Record<string, number> = { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 };
  const byKabkota: Record<string, Record<string, number>> = {};
  const grades: Record<string, number> = {};
  const secSum: Record<string, number> = {};
  const secN: Record<string, number> = {};
  const kabSum: Record<string, number> = {};
  const kabN: Record<string, number> = {};
  let sum = 0;
  let scored = 0;
  let verifiedBasis = 0;
  let selfBasis = 0;
  for (const { e, s, bucket } of rows) {
    byBucket[bucket] += 1;
    byKabkota[e.kabkota] ??= { not_started: 0, draft: 0, submitted: 0, in_review: 0, returned: 0, verified: 0 };
    byKabkota[e.kabkota][bucket] += 1;
    if (basisOf(e) === 'verified') verifiedBasis += 1;
    if (basisOf(e) === 'self') selfBasis += 1;
    if (!s || s.total === null) continue;
    scored += 1;
    sum += s.total;
    kabSum[e.kabkota] = (kabSum[e.kabkota] ?? 0) + s.total;
    kabN[e.kabkota] = (kabN[e.kabkota] ?? 0) + 1;
    grades[s.grade as string] = (grades[s.grade as string] ?? 0) + 1;
    for (const [key, sec] of Object.entries(s.sections)) {
      if (sec.score === null) continue;
      secSum[key] = (secSum[key] ?? 0) + sec.score;
      secN[key] = (secN[key] ?? 0) + 1;
    }
  }
  const sections: Record<string, number | null> = {};
  for (const key of Object.keys(secSum)) sections[key] = round2(secSum[key] / secN[key]);
  const kabkotaAvg: Record<string, number | null> = {};
  for (const key of Object.keys(byKabkota)) kabkotaAvg[key] = kabN[key] ? round2(kabSum[key] / kabN[key]) : null;
  const withTotal = rows.filter((r) => r.s && r.s.total !== null);
  const order = ENTRIES.map((e) => e.key);
  const ranking = [...withTotal]
    .sort((a, b) => (b.s!.total as number) - (a.s!.total as number) || order.indexOf(a.e.key) - order.indexOf(b.e.key))
    .map((r) => r.e.key);
  const bottom = [...withTotal]
    .sort((a, b) => (a.s!.total as number) - (b.s!.total as number) || order.indexOf(a.e.key) - order.indexOf(b.e.key))
    .map((r) => r.e.key);
  return {
    bottom,
    responses: rows.length, byBucket, byKabkota, scored, verifiedBasis, selfBasis,
    avgTotal: scored ? round2(sum / scored) : null, grades, sections, kabkotaAvg, ranking,
    guidance: withTotal.filter((r) => r.s!.grade === 'D').map((r) => r.e.key),
  };
}

/** The dashboard fields both the figure tests and the scope tests compare. */
export interface CoreDashboard {
  totals: { responses: number; byBucket: Record<string, number>; scored: number; verifiedBasis: number; selfBasis?: number; avgTotal: number | null };
  completion: { kabkotaCode: string; counts: Record<string, number> }[];
  grades: { grade: string; count: number }[];
  sections: { key: string; avg: number | null }[];
}

/** Totals, completion by kab/kota, grade distribution and section averages equal `want`. */
export function expectCoreFigures(d: CoreDashboard, want: Expected): void {
  expect(d.totals.responses).toBe(want.responses);
  expect(d.totals.byBucket).toEqual(want.byBucket);
  expect(d.totals.scored).toBe(want.scored);
  expect(d.totals.verifiedBasis).toBe(want.verifiedBasis);
  if (d.totals.selfBasis !== undefined) expect(d.totals.selfBasis).toBe(want.selfBasis);
  if (want.avgTotal === null) expect(d.totals.avgTotal).toBeNull();
  else expect(d.totals.avgTotal).toBeCloseTo(want.avgTotal, 2);
  expect(Object.fromEntries(d.completion.map((c) => [c.kabkotaCode, c.counts]))).toEqual(want.byKabkota);
  expect(Object.fromEntries(d.grades.filter((g) => g.count > 0).map((g) => [g.grade, g.count]))).toEqual(want.grades);
  for (const s of d.sections) {
    if (want.sections[s.key] === undefined) expect(s.avg).toBeNull();
    else expect(s.avg).toBeCloseTo(want.sections[s.key] as number, 2);
  }
}
