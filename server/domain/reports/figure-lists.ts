/**
 * The dashboard's list candidates from the figures pass (pipeline.ts `listAccumulators`): every
 * group of a basis brought its best totals (`hi`) and its worst (`lo`, more of them in the lowest
 * band's groups). The groups part the responses, so a basis' best n are among the union of its
 * groups' best n, and likewise for the worst and for the lowest band. The shaping orders them
 * (total, then response id, as the database's sort) and cuts them (dashboard.ts `merged`).
 */
import { basisOfKey, type FigureRow } from './figures';
import { BASES, LIST_ACC, PREFIX, type Basis, type ListLimits, type RawRow } from './pipeline';

export interface FigureLists {
  top: Record<Basis, RawRow[]>;
  bottom: Record<Basis, RawRow[]>;
  /** null when the instrument has no grade bands. */
  guidance: Record<Basis, RawRow[]> | null;
}

const listAt = (row: FigureRow, field: string): RawRow[] => (Array.isArray(row[field]) ? (row[field] as RawRow[]) : []);

export function listsFromFigures(rows: readonly FigureRow[], limits: Pick<ListLimits, 'lowestGrade'>): FigureLists {
  const empty = (): Record<Basis, RawRow[]> => ({ verified: [], self: [] });
  const out: FigureLists = { top: empty(), bottom: empty(), guidance: limits.lowestGrade === null ? null : empty() };
  for (const basis of BASES) {
    for (const row of rows) {
      if (basisOfKey(row._id) !== basis) continue;
      out.top[basis].push(...listAt(row, `${PREFIX[basis]}${LIST_ACC.best}`));
      const worst = listAt(row, `${PREFIX[basis]}${LIST_ACC.worst}`);
      out.bottom[basis].push(...worst);
      const grade = basis === 'verified' ? row._id.v : row._id.g;
      if (out.guidance && grade !== null && grade !== undefined && String(grade) === limits.lowestGrade) out.guidance[basis].push(...worst);
    }
  }
  return out;
}
