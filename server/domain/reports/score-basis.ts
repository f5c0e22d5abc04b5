/**
 * Which figure a report shows for a response. Scores are stored with each response: `selfScore`
 * (the operator's answers, computed at submit) and `verifiedScore` (the evaluator's re-scoring,
 * written when the response is verified and withdrawn when it is unlocked). A response's
 * EFFECTIVE score is its verified score when it has one, else its self score; a response with
 * neither (a draft) has no score and is left out of averages and grade counts.
 *
 * Leadership figures (dashboard, summary, print) count VERIFIED scores only unless the reader
 * asks to include self scores (`BasisChoice` 'all', `?dasar=semua`): then they count effective
 * scores, and every listed row says which basis it has. A comparison across years always
 * compares verified with verified (summary.ts). Report cards and exports show both scores beside
 * the effective one, with its basis.
 */
export type ScoreBasis = 'verified' | 'self';

/** Which scores a leadership figure counts: verified only (the default), or all effective scores. */
export type BasisChoice = 'verified' | 'all';
export const BASIS_CHOICES: readonly BasisChoice[] = ['verified', 'all'];

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
