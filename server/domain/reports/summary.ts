/**
 * The leadership summary (ringkasan pimpinan): the cycle's dashboard figures, the change against
 * the previous cycle of the same instrument (same formId, the latest earlier year), and the
 * generated narrative. The comparison is like with like: both years' dashboards are computed with
 * the same scope and filters and count VERIFIED scores only, whatever basis the page's own
 * figures use, and it says how many verified scores each year has.
 */
import { kabkotaRanking, round2, type Dashboard } from './dashboard';
import { narrative } from './narrative';

export interface CycleRef { id: string; name: string; year: number }

export interface Change { now: number | null; before: number | null; delta: number | null }

export interface Comparison {
  previous: CycleRef;
  /** Always 'verified': the years are compared on verified scores only. */
  basis: 'verified';
  /** How many verified scores each side's score figures contain. */
  scores: { now: number; before: number };
  avgTotal: Change;
  verifiedPct: Change;
  responses: Change;
  guidance: Change;
  grades: ({ grade: string; label: string } & Change)[];
  sections: ({ key: string; title: string } & Change)[];
  kabkota: ({ kabkotaCode: string; kabkotaName: string } & Change)[];
}

export interface Summary {
  cycle: CycleRef;
  subjectLabel: string;
  dashboard: Dashboard;
  comparison: Comparison | null;
  narrative: string[];
}

function change(now: number | null | undefined, before: number | null | undefined): Change {
  const n = typeof now === 'number' ? now : null;
  const b = typeof before === 'number' ? before : null;
  return { now: n, before: b, delta: n !== null && b !== null ? round2(n - b) : null };
}

/** The change from `before` to `now`; both must count verified scores only (else a programming error). */
export function compareDashboards(now: Dashboard, before: Dashboard, previous: CycleRef): Comparison {
  if (now.basis !== 'verified' || before.basis !== 'verified') throw new Error('compareDashboards: both dashboards must count verified scores only');
  const beforeGrades = new Map(before.grades.map((g) => [g.grade, g.count]));
  const beforeSections = new Map(before.sections.map((s) => [s.key, s.avg]));
  const beforeKab = new Map(before.byKabkota.map((k) => [k.kabkotaCode, k.avgTotal]));
  return {
    previous,
    basis: 'verified',
    scores: { now: now.totals.scored, before: before.totals.scored },
    avgTotal: change(now.totals.avgTotal, before.totals.avgTotal),
    verifiedPct: change(now.totals.verifiedPct, before.totals.verifiedPct),
    responses: change(now.totals.responses, before.totals.responses),
    guidance: change(now.totals.guidance, before.totals.guidance),
    grades: now.grades.map((g) => ({ grade: g.grade, label: g.label, ...change(g.count, beforeGrades.get(g.grade) ?? 0) })),
    sections: now.sections.map((s) => ({ key: s.key, title: s.title, ...change(s.avg, beforeSections.get(s.key) ?? null) })),
    kabkota: kabkotaRanking(now).map((k) => ({ kabkotaCode: k.kabkotaCode, kabkotaName: k.kabkotaName, ...change(k.avgTotal, beforeKab.get(k.kabkotaCode) ?? null) })),
  };
}

export interface SummaryInput {
  cycle: CycleRef;
  subjectLabel: string;
  /** The page's figures, with the basis the reader chose. */
  dashboard: Dashboard;
  /** This cycle's figures of verified scores only; needed when `dashboard` counts all scores. */
  verified?: Dashboard;
  /** The previous cycle's figures of verified scores only. */
  previous: { cycle: CycleRef; dashboard: Dashboard } | null;
}

export function buildSummary(input: SummaryInput): Summary {
  const verifiedNow = input.dashboard.basis === 'verified' ? input.dashboard : input.verified;
  if (input.previous && !verifiedNow) throw new Error('buildSummary: the comparison needs this cycle\'s verified figures');
  const comparison = input.previous && verifiedNow ? compareDashboards(verifiedNow, input.previous.dashboard, input.previous.cycle) : null;
  return {
    cycle: input.cycle,
    subjectLabel: input.subjectLabel,
    dashboard: input.dashboard,
    comparison,
    narrative: narrative({ cycle: input.cycle, subject: input.subjectLabel, dashboard: input.dashboard, comparison }),
  };
}
