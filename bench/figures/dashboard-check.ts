/**
 * The dashboard benchmark compares the app with a plain loop; that comparison only means
 * something if both computed the same figures. This checks them against each other and throws
 * (failing the figure) on any difference.
 */
import type { Dashboard } from '../../server/domain/reports';
import type { LoopFigures } from '../baselines/dashboard-loop';

export type DashboardJson = Pick<Dashboard, 'totals' | 'sections' | 'grades' | 'completion' | 'top' | 'bottom' | 'guidance'>;

export function compareWithLoop(d: DashboardJson, loop: LoopFigures): void {
  const diffs: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${what}: dashboard ${JSON.stringify(a)} vs loop ${JSON.stringify(b)}`);
  };
  same('responses', d.totals.responses, loop.responses);
  same('byBucket', d.totals.byBucket, loop.byBucket);
  same('scored', d.totals.scored, loop.scored);
  same('verifiedBasis', d.totals.verifiedBasis, loop.verifiedBasis);
  same('avgTotal', d.totals.avgTotal, loop.avgTotal);
  same('guidance', d.totals.guidance, loop.guidance);
  same('sections', Object.fromEntries(d.sections.map((s) => [s.key, s.avg])), loop.sections);
  same('grades', Object.fromEntries(d.grades.filter((g) => g.count > 0).map((g) => [g.grade, g.count] as const).sort()), Object.fromEntries(Object.entries(loop.grades).sort()));
  same('completion', Object.fromEntries(d.completion.map((c) => [c.kabkotaCode, c.counts])), loop.byKabkota);
  same('top', d.top.map((r) => r.responseId), loop.top);
  same('bottom', d.bottom.map((r) => r.responseId), loop.bottom);
  if (diffs.length > 0) throw new Error(`dashboard and plain loop disagree: ${diffs.join('; ')}`);
}
