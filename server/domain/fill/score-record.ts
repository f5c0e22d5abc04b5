/**
 * The stored shape of a computed score (a response's `selfScore`; the review may use it for
 * `verifiedScore`): plain data, no dotted keys (item paths are values, not keys, so MongoDB stores
 * them safely). Sections by key, items as a list in the form's order, and `countedPoints`, the
 * same items' points as one array of numbers (null where an item does not count): what an export
 * reads, a tenth of the bytes and none of the objects of the items (export-columns.ts).
 */
import type { ScoreResult } from '../forms';

export interface SectionScoreRecord {
  title: string;
  weight: number;
  score: number | null;
  points: number;
  max: number;
}

export interface ItemScoreRecord {
  path: string;
  section: string;
  points: number;
  max: number;
  status: string;
  counted: boolean;
}

export interface ScoreRecord {
  total: number | null;
  grade: string | null;
  gradeLabel: string | null;
  sections: Record<string, SectionScoreRecord>;
  items: ItemScoreRecord[];
  countedPoints: (number | null)[];
  caps: { id: string; maxGrade: string; reason: string }[];
  computedAt: Date;
}

export function scoreRecord(result: ScoreResult, now = new Date()): ScoreRecord {
  const sections: Record<string, SectionScoreRecord> = {};
  for (const s of result.sections) sections[s.key] = { title: s.title, weight: s.weight, score: s.score, points: s.points, max: s.max };
  return {
    total: result.total,
    grade: result.grade?.grade ?? null,
    gradeLabel: result.grade?.label ?? null,
    sections,
    items: result.items.map((i) => ({ path: i.path, section: i.section, points: i.points, max: i.max, status: i.status, counted: i.counted })),
    countedPoints: result.items.map((i) => (i.counted ? i.points : null)),
    caps: result.caps.map((c) => ({ id: c.id, maxGrade: c.maxGrade, reason: c.reason })),
    computedAt: now,
  };
}
