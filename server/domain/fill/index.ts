/** Pure helpers of the fill area: preparing answers for storage and the stored score shape. */
export { prepareDraft, keepEvaluatorOnly, carryOverSection, sectionOf, mergeSections, type DraftResult, type SectionMerge } from './answers';
export { scoreRecord, type ScoreRecord, type SectionScoreRecord, type ItemScoreRecord } from './score-record';
