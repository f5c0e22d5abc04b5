/**
 * The dashboard's lists from the figures pass (pipeline.ts `listAccumulators`): every group of a
 * basis brought its best totals (`hi`) and its worst (`lo`, more of them in the lowest band's
 * groups). The groups part the responses, so a basis' best n are the best n of the union of its
 * groups' best n, and likewise for the worst and for the lowest band. Order: total, then response
 * id, as the sort the database used (ObjectIds order as their hex text).
 */
import { basisOfKey, type FigureRow } from './figures';
import { BASES, LIST_ACC, PREFIX, SCORE_FIELD, type Basis, type ListLimits, type RawRow } from './pipeline';

export interface FigureLists {
  top: Record<Basis, RawRow[]>;
  bottom: Record<Basis, RawRow[]>;
  /** null when the instrument has no grade bands. */
  guidance: Record<Basis, RawRow[]> | null;
}

function totalOf(row: RawRow, basis: Basis): number {
  const total = row[SCORE_FIELD[basis] as 'verifiedScore' | 'selfScore']?.total;
  return typeof total === 'number' ? total : -Infinity;
}

function ordered(rows: RawRow[], basis: Basis, direction: 1 | -1, limit: number): RawRow[] {
  const keyed = rows.map((row) => ({ row, total: totalOf(row, basis), id: String(row._id) }));
  keyed.sort((a, b) => direction * (a.total - b.total) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.slice(0, limit).map((k) => k.row);
}

const listAt = (row: FigureRow, field: string): RawRow[] => (Array.isArray(row[field]) ? (row[field] as RawRow[]) : []);

export function listsFromFigures(rows: readonly FigureRow[], limits: ListLimits): FigureLists {
  const empty = (): Record<Basis, RawRow[]> => ({ verified: [], self: [] });
  const out: FigureLists = { top: empty(), bottom: empty(), guidance: limits.lowestGrade === null ? null : empty() };
  for (const basis of BASES) {
    const best: RawRow[] = [];
    const worst: RawRow[] = [];
    const lowest: RawRow[] = [];
    for (const row of rows) {
      if (basisOfKey(row._id) !== basis) continue;
      best.push(...listAt(row, `${PREFIX[basis]}${LIST_ACC.best}`));
      const lo = listAt(row, `${PREFIX[basis]}${LIST_ACC.worst}`);
      worst.push(...lo);
      const grade = basis === 'verified' ? row._id.v : row._id.g;
      if (limits.lowestGrade !== null && grade !== null && grade !== undefined && String(grade) === limits.lowestGrade) lowest.push(...lo);
    }
    out.top[basis] = ordered(best, basis, -1, limits.listLimit);
    out.bottom[basis] = ordered(worst, basis, 1, limits.listLimit);
    if (out.guidance) out.guidance[basis] = ordered(lowest, basis, 1, limits.guidanceLimit);
  }
  return out;
}
