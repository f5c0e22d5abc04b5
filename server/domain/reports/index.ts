/**
 * Report shaping (pure): the dashboard pipeline as data and the figures made from its output,
 * the leadership summary and its narrative, report cards, export columns, filters, formatting.
 * No express, no mongoose: the query layer runs the pipelines, resources render the results.
 */
export { BUCKETS, type Bucket, bucketOf, isBucket, zeroBuckets } from './progress-buckets';
export { effectiveScore, pointsByPath, sectionScore, BASIS_CHOICES, type BasisChoice, type ScoreBasis, type StoredScore } from './score-basis';
export {
  figuresPipeline, notStartedPipeline, sectionCountPipeline, dashboardMatch, bucketFilter, gradeFilter, basesOf, and, safeSectionKeys,
  BASES, BASIS_FILTER, NOT_STARTED_OR, FIGURES_KEY,
  type Basis, type DashboardQueryInput, type ListLimits, type RawRow, type Filter, type Stage,
} from './pipeline';
export {
  fromFigures, hasDrafts, sectionsNeedingCounts, exactCounts, addExactCounts, basisOfKey,
  type FigureRow, type CountRow, type ScoreGroup, type StatusCount, type ExactCounts,
} from './figures';
export { listsFromFigures, type FigureLists } from './figure-lists';
export { dashboardResults, type QueryRunner } from './dashboard-queries';
export {
  shapeDashboard, listedOrganisationIds, kabkotaRanking, lowestBand, roundTo, round2,
  type Dashboard, type DashboardResults, type DashboardContext, type InstitutionRow, type CompletionRow, type KabkotaScore, type SectionAverage, type GradeCount,
} from './dashboard';
export { parseFilters, filterQuery, hasFilters, basisOf, FILTER_PARAMS, BASIS_PARAM_VALUES, type ReportFilters, type FilterChoices } from './filters';
export { buildSummary, compareDashboards, type SummaryInput, type Summary, type Comparison, type Change, type CycleRef } from './summary';
export { narrative } from './narrative';
export { buildReportCard, type ReportCard, type CardInput, type CardForm, type HistoryEntry } from './report-card';
export { identityRows, type CardOrganisation } from './card-identity';
export { exportPlan, type ExportPlan, type ExportDoc, type ExportOrg, type ExportForm } from './export-columns';
export * from './format';
export { parseLetter, todayWib, LETTER_NUMBER_MAX, LETTER_PARAMS, type Letter, type LetterResult } from './letter';
