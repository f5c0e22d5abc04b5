/**
 * The order in which the dashboard asks the database (pipeline.ts has the queries): the figures
 * pass first; then, in parallel and only where that pass says they can return something, the
 * not-started split (when there are drafts), the lists of each basis present (the lowest-band
 * list only when that band has rows of the basis) and the rare exact section counts. Pure: the
 * caller passes how to run an aggregation and a find (mongoose in the query layer, mingo in the
 * tests), so the same sequence is what the tests check.
 */
import type { DashboardResults } from './dashboard';
import { addExactCounts, basesPresent, exactCounts, fromFigures, hasDrafts, sectionsNeedingCounts, type CountRow, type FigureRow } from './figures';
import {
  BASES, dashboardMatch, figuresPipeline, listSpecs, notStartedPipeline, safeSectionKeys, sectionCountPipeline,
  type Basis, type DashboardQueryInput, type FindSpec, type RawRow, type Stage,
} from './pipeline';

export interface QueryRunner {
  aggregate<T>(pipeline: Stage[]): Promise<T[]>;
  find<T>(spec: FindSpec): Promise<T[]>;
}

export async function dashboardResults(input: DashboardQueryInput, run: QueryRunner): Promise<DashboardResults> {
  const keys = safeSectionKeys(input.sectionKeys);
  const match = dashboardMatch(input);
  const rows = await run.aggregate<FigureRow>(figuresPipeline(match, keys));
  const present = basesPresent(rows, input.lowestGrade);
  const none = Promise.resolve([] as RawRow[]);
  const lists = BASES.map((basis) => {
    if (!present[basis].any) return { top: none, bottom: none, guidance: none };
    const specs = listSpecs(match, basis, input, present[basis].lowest ? input.lowestGrade : null, present[basis].only);
    return {
      top: run.find<RawRow>(specs.top),
      bottom: run.find<RawRow>(specs.bottom),
      guidance: specs.guidance ? run.find<RawRow>(specs.guidance) : none,
    };
  });
  const exact = exactCounts();
  const counts = Promise.all(sectionsNeedingCounts(rows, keys.length).map(async ({ basis, index }) => {
    addExactCounts(exact, basis, index, await run.aggregate<CountRow>(sectionCountPipeline(match, basis, keys[index])));
  }));
  const notStarted = hasDrafts(rows)
    ? run.aggregate<{ _id: string | null; n: number }>(notStartedPipeline(match))
    : Promise.resolve([]);
  const [v, s, ns] = await Promise.all([
    Promise.all([lists[0].top, lists[0].bottom, lists[0].guidance]),
    Promise.all([lists[1].top, lists[1].bottom, lists[1].guidance]),
    notStarted,
    counts,
  ]);
  const { status, scores } = fromFigures(rows, keys.length, exact);
  const per = (i: 0 | 1 | 2): Record<Basis, RawRow[]> => ({ verified: v[i], self: s[i] });
  return {
    status,
    notStarted: ns.map((r) => ({ kabkota: r._id ?? '', n: r.n })),
    scores,
    top: per(0),
    bottom: per(1),
    guidance: input.lowestGrade === null ? null : per(2),
  };
}
