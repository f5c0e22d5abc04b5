/**
 * Which figure a report shows for a response. Scores are stored with each response: `selfScore`
 * (the operator's answers, computed at submit) and `verifiedScore` (after the evaluator's
 * re-scoring, computed at review/verify time). Every aggregate figure (dashboard, summary,
 * rankings, grade distribution, exports' "Skor akhir") uses the VERIFIED score when the response
 * has one, else the SELF score; a response with neither (a draft) has no score and is left out of
 * averages and grade counts. Report cards and exports show both columns beside the chosen one.
 */
export type ScoreBasis = 'verified' | 'self';

export interface StoredSection {
  title?: string;
  weight?: number;
  score?: number | null;
  points?: number;
  max?: number;
}

export interface StoredItem {
  path: string;
  section?: string;
  points?: number;
  max?: number;
  status?: string;
  counted?: boolean;
}

/** The stored score record (server/domain/fill/score-record.ts), read defensively. */
export interface StoredScore {
  total?: number | null;
  grade?: string | null;
  gradeLabel?: string | null;
  sections?: Record<string, StoredSection> | null;
  items?: StoredItem[] | null;
  /** The items' points by position, null where an item does not count (records since 2026-11). */
  countedPoints?: (number | null)[] | null;
  caps?: { id: string; maxGrade: string; reason: string }[] | null;
  computedAt?: Date | string | null;
}

export interface ScoredDoc {
  selfScore?: StoredScore | null;
  verifiedScore?: StoredScore | null;
}

/**
 * A stored score counts when it has a total and a grade (every total gets a grade: bands are
 * required and the last starts at 0). The database queries test the grade (pipeline.ts).
 */
const hasTotal = (s: StoredScore | null | undefined): s is StoredScore =>
  typeof s?.total === 'number' && Number.isFinite(s.total) && typeof s.grade === 'string' && s.grade !== '';

export function effectiveScore(doc: ScoredDoc): { basis: ScoreBasis; score: StoredScore } | null {
  if (hasTotal(doc.verifiedScore)) return { basis: 'verified', score: doc.verifiedScore };
  if (hasTotal(doc.selfScore)) return { basis: 'self', score: doc.selfScore };
  return null;
}

/** Points of each item path in a stored score (items are stored as a list). */
export function pointsByPath(score: StoredScore | null | undefined): Map<string, StoredItem> {
  const map = new Map<string, StoredItem>();
  for (const item of score?.items ?? []) if (item && typeof item.path === 'string') map.set(item.path, item);
  return map;
}

/** A section score (0-100) or null. */
export function sectionScore(score: StoredScore | null | undefined, key: string): number | null {
  const value = score?.sections?.[key]?.score;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
