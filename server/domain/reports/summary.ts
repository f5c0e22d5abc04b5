/**
 * The leadership summary (ringkasan pimpinan): the cycle's dashboard figures, the change against
 * the previous cycle of the same instrument (same formId, the latest earlier year), and the
 * generated narrative. Both dashboards are computed with the same scope and filters, so the
 * comparison is like for like.
 */
import { kabkotaRanking, round2, type Dashboard } from './dashboard';
import { narrative } from './narrative';

export interface CycleRef { id: string; name: string; year: number }

export interface Change { now: number | null; before: number | null; delta: number | null }

export interface Comparison {
  previous: CycleRef;
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

export function compareDashboards(now: Dashboard, before: Dashboard, previous: CycleRef): Comparison {
  const beforeGrades = new Map(before.grades.map((g) => [g.grade, g.count]));
  const beforeSections = new Map(before.sections.map((s) => [s.key, s.avg]));
  const beforeKab = new Map(before.byKabkota.map((k) => [k.kabkotaCode, k.avgTotal]));
  return {
    previous,
    avgTotal: change(now.totals.avgTotal, before.totals.avgTotal),
    verifiedPct: change(now.totals.verifiedPct, before.totals.verifiedPct),
    responses: change(now.totals.responses, before.totals.responses),
    guidance: change(now.totals.guidance, before.totals.guidance),
    grades: now.grades.map((g) => ({ grade: g.grade, label: g.label, ...change(g.count, beforeGrades.get(g.grade) ?? 0) })),
    sections: now.sections.map((s) => ({ key: s.key, title: s.title, ...change(s.avg, beforeSections.get(s.key) ?? null) })),
    kabkota: kabkotaRanking(now).map((k) => ({ kabkotaCode: k.kabkotaCode, kabkotaName: k.kabkotaName, ...change(k.avgTotal, beforeKab.get(k.kabkotaCode) ?? null) })),
  };
}

export function buildSummary(input: { cycle: CycleRef; subjectLabel: string; dashboard: Dashboard; previous: { cycle: CycleRef; dashboard: Dashboard } | null }): Summary {
  const comparison = input.previous ? compareDashboards(input.dashboard, input.previous.dashboard, input.previous.cycle) : null;
  return {
    cycle: input.cycle,
    subjectLabel: input.subjectLabel,
    dashboard: input.dashboard,
    comparison,
    narrative: narrative({ cycle: input.cycle, subject: input.subjectLabel, dashboard: input.dashboard, comparison }),
  };
}
