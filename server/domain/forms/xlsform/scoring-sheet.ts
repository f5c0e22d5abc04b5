/**
 * Monev's one extra sheet, `scoring`, with a `type` per row like the survey sheet:
 *   grade  name = predikat (A), label = its words, min = lowest total that earns it
 *   cap    name = id, label = reason shown in the report, condition = expression, max_grade
 *   band   name = a number question, min (from, inclusive), max (below, exclusive), points, label
 */
import { numberCell } from './choices';
import { problemOf, text, type SheetNote, type SheetProblem } from './messages';
import type { TableReader } from './sheets';
import { SCORING_COLUMNS, SHEETS } from './vocabulary';

export interface GradeRow { row: number; grade: string; label: string; min: number }
export interface CapRow { row: number; id: string; reason: string; condition: string; maxGrade: string }
export interface BandRow { row: number; question: string; label?: string; min?: number; max?: number; points: number }

export interface ScoringSheet { grades: GradeRow[]; caps: CapRow[]; bands: Map<string, BandRow[]>; header: (c: string) => string }

const S = SHEETS.scoring;
const CAP_ID = /^[a-z][a-z0-9-]{0,63}$/;

export function readScoring(reader: TableReader | null, problems: SheetProblem[], notes: SheetNote[]): ScoringSheet {
  const out: ScoringSheet = { grades: [], caps: [], bands: new Map(), header: (c) => reader?.header(c) ?? c };
  if (!reader) return out;
  const col = out.header;
  for (const c of reader.unknownColumns(new Set(SCORING_COLUMNS))) notes.push({ sheet: S, row: null, column: c.header, message: text({ key: 'xlsform.note.ignoredColumn', vars: { column: c.header } }) });
  for (const r of reader.table.rows) {
    const add = (column: string, key: string, vars?: Record<string, unknown>) => problems.push(problemOf(S, r.row, col(column), { key: `xlsform.scoring.${key}`, vars }));
    const type = reader.get(r, 'type').toLowerCase();
    const name = reader.get(r, 'name');
    const label = reader.get(r, 'label');
    const num = (c: string): number | undefined | null => {
      const cell = reader.get(r, c);
      if (cell === '') return undefined;
      const n = numberCell(cell);
      if (n === null) add(c, 'notNumber', { column: c, value: cell });
      return n;
    };
    if (type === 'grade') {
      const min = num('min');
      if (!name) add('name', 'gradeName');
      if (!label) add('label', 'gradeLabel', { grade: name });
      if (min === undefined) add('min', 'gradeMin', { grade: name });
      else if (min !== null && (min < 0 || min > 100)) add('min', 'gradeRange', { grade: name });
      if (name && label && typeof min === 'number' && min >= 0 && min <= 100) out.grades.push({ row: r.row, grade: name, label, min });
    } else if (type === 'cap') {
      const condition = reader.get(r, 'condition');
      const maxGrade = reader.get(r, 'max_grade');
      if (!CAP_ID.test(name)) add('name', 'capId', { value: name });
      if (!label) add('label', 'capReason');
      if (!condition) add('condition', 'capCondition');
      if (!maxGrade) add('max_grade', 'capGrade');
      if (CAP_ID.test(name) && label && condition && maxGrade) out.caps.push({ row: r.row, id: name, reason: label, condition, maxGrade });
    } else if (type === 'band') {
      const min = num('min');
      const max = num('max');
      const points = num('points');
      if (!name) add('name', 'bandQuestion');
      if (points === undefined) add('points', 'bandPoints');
      else if (points !== null && (points < 0 || points > 1000)) add('points', 'bandPointsRange');
      if (!name || typeof points !== 'number' || points < 0 || points > 1000 || min === null || max === null) continue;
      const band: BandRow = { row: r.row, question: name, points, ...(label ? { label } : {}), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
      out.bands.set(name, [...(out.bands.get(name) ?? []), band]);
    } else {
      add('type', 'type', { value: reader.get(r, 'type') });
    }
  }
  out.grades.sort((a, b) => b.min - a.min);
  return out;
}
