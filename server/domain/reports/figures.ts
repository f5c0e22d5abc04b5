/**
 * From the figures pass (pipeline.ts `figuresPipeline`: one row per kab/kota × state × verified
 * grade × self grade) to what the dashboard shaping reads: completion counts per kab/kota and
 * state, and per basis the score groups (kab/kota × grade: how many, Σ total, per section Σ and
 * how many scores). The key decides the basis exactly as the queries' BASIS_FILTER does: a
 * verified grade (any non-null value) → verified score, else a self grade → self score, else
 * no score.
 *
 * Rows whose key differs only in null vs missing (MongoDB keeps `{v: null}` and `{}` apart) are
 * merged. A section's count is Σ / average, exact because both skip responses without a numeric
 * score, except where the average is exactly 0: then the count comes from `sectionCountPipeline`
 * (asked only for those sections, see `sectionsNeedingCounts`).
 */
import { BASES, PREFIX, type Basis } from './pipeline';

type Nullable<T> = T | null | undefined;

/** One row of the figures pass, as the database returns it. */
export interface FigureRow {
  _id: { k?: Nullable<string>; s?: Nullable<string>; v?: Nullable<string>; g?: Nullable<string> };
  n: number;
  [acc: string]: unknown;
}

/** One row of a section count pass (same key). */
export interface CountRow { _id: FigureRow['_id']; n: number }

/** A kab/kota × grade group of one basis, with exact per-section sums and counts. */
export interface ScoreGroup {
  kabkota: string;
  grade: string;
  n: number;
  sum: number;
  sections: { sum: number; n: number }[];
}

export interface StatusCount { kabkota: string; state: string; n: number }

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The basis a figures key stands for (null: no counted score). */
export function basisOfKey(id: FigureRow['_id']): Basis | null {
  if (id.v !== null && id.v !== undefined) return 'verified';
  if (id.g !== null && id.g !== undefined) return 'self';
  return null;
}

/** "kabkota|state|verified grade|self grade", with null and missing alike. */
export function keyText(id: FigureRow['_id']): string {
  return [id.k ?? '', id.s ?? '', str(id.v) ?? '\u0000', str(id.g) ?? '\u0000'].join('|');
}

/** Whether any row's state is a draft (then the not-started split is worth asking for). */
export function hasDrafts(rows: readonly FigureRow[]): boolean {
  return rows.some((r) => (r._id.s ?? 'draft') === 'draft' && num(r.n) > 0);
}

/** Sections (by basis, of the counted `bases`, and index) where some row of that basis averages exactly 0. */
export function sectionsNeedingCounts(rows: readonly FigureRow[], sectionCount: number, bases: readonly Basis[] = BASES): { basis: Basis; index: number }[] {
  const out: { basis: Basis; index: number }[] = [];
  for (const basis of bases) {
    for (let i = 0; i < sectionCount; i++) {
      if (rows.some((r) => basisOfKey(r._id) === basis && r[`${PREFIX[basis]}a${i}`] === 0)) out.push({ basis, index: i });
    }
  }
  return out;
}

/** Exact counts from `sectionCountPipeline`, by basis, section index and key text. */
export type ExactCounts = Record<Basis, Record<number, Map<string, number>>>;

export function exactCounts(): ExactCounts {
  return { verified: {}, self: {} };
}

export function addExactCounts(into: ExactCounts, basis: Basis, index: number, rows: readonly CountRow[]): void {
  const map = (into[basis][index] ??= new Map());
  for (const r of rows) map.set(keyText(r._id), (map.get(keyText(r._id)) ?? 0) + num(r.n));
}

/** Completion counts and score groups from the figures rows. */
export function fromFigures(rows: readonly FigureRow[], sectionCount: number, exact: ExactCounts): { status: StatusCount[]; scores: Record<Basis, ScoreGroup[]> } {
  const status = new Map<string, StatusCount>();
  const groups = new Map<string, ScoreGroup & { basis: Basis }>();
  // The exact counts are per full key; add each key's count once, however many rows share it.
  const counted = new Set<string>();
  for (const r of rows) {
    const n = num(r.n);
    const kabkota = r._id.k ?? '';
    const state = r._id.s ?? 'draft';
    const sk = `${kabkota}|${state}`;
    const st = status.get(sk) ?? { kabkota, state, n: 0 };
    st.n += n;
    status.set(sk, st);

    const basis = basisOfKey(r._id);
    if (!basis) continue;
    const p = PREFIX[basis];
    const grade = str(basis === 'verified' ? r._id.v : r._id.g) ?? '';
    const gk = `${basis}|${kabkota}|${grade}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { basis, kabkota, grade, n: 0, sum: 0, sections: Array.from({ length: sectionCount }, () => ({ sum: 0, n: 0 })) }));
    g.n += n;
    g.sum += num(r[`${p}t`]);
    const key = keyText(r._id);
    for (let i = 0; i < sectionCount; i++) {
      const sum = num(r[`${p}s${i}`]);
      const avg = r[`${p}a${i}`];
      g.sections[i].sum += sum;
      const exactMap = exact[basis][i];
      if (exactMap) {
        if (!counted.has(`${i}|${key}`)) g.sections[i].n += exactMap.get(key) ?? 0;
      } else if (typeof avg === 'number' && Number.isFinite(avg) && avg !== 0) {
        g.sections[i].n += Math.round(sum / avg);
      }
    }
    for (let i = 0; i < sectionCount; i++) if (exact[basis][i]) counted.add(`${i}|${key}`);
  }
  const scores: Record<Basis, ScoreGroup[]> = { verified: [], self: [] };
  for (const { basis, ...g } of groups.values()) scores[basis].push(g);
  return { status: [...status.values()], scores };
}
