/**
 * The order in which the dashboard asks the database (pipeline.ts has the queries): the figures
 * pass first, which also brings the listed institutions of the counted bases (figure-lists.ts;
 * verified only unless the input asks for all scores); then, in parallel and
 * only where that pass says they can return something, the not-started split (when there are
 * drafts) and the rare exact section counts. Pure: the caller passes how to run an aggregation
 * (mongoose in the query layer, mingo in the tests), so the same sequence is what the tests check.
 */
import type { DashboardResults } from './dashboard';
import { listsFromFigures } from './figure-lists';
import { addExactCounts, exactCounts, fromFigures, hasDrafts, sectionsNeedingCounts, type CountRow, type FigureRow } from './figures';
import { basesOf, dashboardMatch, figuresPipeline, notStartedPipeline, safeSectionKeys, sectionCountPipeline, type DashboardQueryInput, type Stage } from './pipeline';

export interface QueryRunner {
  aggregate<T>(pipeline: Stage[]): Promise<T[]>;
}

export async function dashboardResults(input: DashboardQueryInput, run: QueryRunner): Promise<DashboardResults> {
  const keys = safeSectionKeys(input.sectionKeys);
  const basis = input.basis ?? 'verified';
  const counted = basesOf(basis);
  const match = dashboardMatch(input);
  const rows = await run.aggregate<FigureRow>(figuresPipeline(match, keys, input, counted));
  const exact = exactCounts();
  const counts = Promise.all(sectionsNeedingCounts(rows, keys.length, counted).map(async ({ basis, index }) => {
    addExactCounts(exact, basis, index, await run.aggregate<CountRow>(sectionCountPipeline(match, basis, keys[index])));
  }));
  const notStarted = hasDrafts(rows)
    ? run.aggregate<{ _id: string | null; n: number }>(notStartedPipeline(match))
    : Promise.resolve([]);
  const [ns] = await Promise.all([notStarted, counts]);
  const { status, scores } = fromFigures(rows, keys.length, exact);
  const lists = listsFromFigures(rows, input);
  return {
    basis,
    status,
    notStarted: ns.map((r) => ({ kabkota: r._id ?? '', n: r.n })),
    scores,
    top: lists.top,
    bottom: lists.bottom,
    guidance: lists.guidance,
  };
}
