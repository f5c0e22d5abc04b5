/**
 * Report shaping (pure): the dashboard pipeline as data and the figures made from its output,
 * the leadership summary and its narrative, report cards, export columns, filters, formatting.
 * No express, no mongoose: the query layer runs the pipelines, resources render the results.
 */
export { BUCKETS, type Bucket, bucketOf, isBucket, zeroBuckets } from './progress-buckets';
export { effectiveScore, pointsByPath, sectionScore, type ScoreBasis, type StoredScore } from './score-basis';
export {
  dashboardQueries, dashboardMatch, bucketFilter, gradeFilter, and, zeroAverageSections, zeroScoreCount, safeSectionKeys, BASIS_FILTER, NOT_STARTED_OR,
  type Basis, type DashboardQueries, type DashboardQueryInput, type DashboardResults, type FindSpec, type RawRow, type ScoreGroup, type Filter,
} from './pipeline';
export {
  shapeDashboard, listedOrganisationIds, kabkotaRanking, lowestBand,
  type Dashboard, type DashboardContext, type InstitutionRow, type CompletionRow, type KabkotaScore, type SectionAverage, type GradeCount,
} from './dashboard';
export { parseFilters, filterQuery, hasFilters, FILTER_PARAMS, type ReportFilters, type FilterChoices } from './filters';
export { buildSummary, compareDashboards, type Summary, type Comparison, type Change, type CycleRef } from './summary';
export { narrative } from './narrative';
export { buildReportCard, type ReportCard, type CardInput, type CardForm, type HistoryEntry } from './report-card';
export { identityRows, kabkotaDisplay, type CardOrganisation } from './card-identity';
export { exportPlan, type ExportPlan, type ExportDoc, type ExportOrg, type ExportForm } from './export-columns';
export * from './format';
