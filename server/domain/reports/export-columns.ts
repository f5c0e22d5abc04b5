/**
 * The columns of a cycle export (CSV and XLSX): one row per response with identity, state and
 * dates, the self / verified / final score and grade, each section's final score, then every
 * question of the instrument labelled "<section> – <question>" (from `questions(form)`), each
 * scored question followed by its final points. Choice answers are written as their option
 * titles; numbers stay numbers. The plan is compiled once per export, so building a row is one
 * pass over the questions and one over the stored score items.
 *
 * Everything that is the same for every row (labels of states, buckets, bases, kab/kota, jenis
 * pelayanan; option titles) is looked up once per export, not per row: a national cycle is tens
 * of thousands of rows × ~180 columns.
 *
 * Cells are NOT neutralised here (checklist 29 is the writers'): the CSV writer neutralises each
 * field (csvField), and the XLSX writer writes text as string cells, which are never formulas.
 */
import type { ExportCell } from '../register/spreadsheet-safety';
import type { Question } from '../forms/types';
import { t } from '../../i18n';
import { JENIS_PELAYANAN, labelOf } from '../register/vocabularies';
import { regionLabel } from '../../data/regions';
import { isoLocal } from './format';
import { fillAnswerCells, pathTrie } from './export-bson';
import { bucketOf } from './progress-buckets';
import { effectiveScore, type StoredScore } from './score-basis';

export interface ExportDoc {
  _id: unknown;
  organisationId: unknown;
  kabkotaCode?: string;
  state: string;
  answers?: Record<string, unknown> | null;
  rev?: number;
  prefilledFrom?: unknown;
  submittedAt?: Date | null;
  verifiedAt?: Date | null;
  updatedAt?: Date | null;
  formVersion?: string;
  selfScore?: StoredScore | null;
  verifiedScore?: StoredScore | null;
}

export interface ExportOrg { nama: string; jenisPelayanan?: string | null }

/** Stands for "some answers" where only their presence matters. */
const NOT_EMPTY: Readonly<Record<string, unknown>> = Object.freeze({ answered: true });

export interface ExportForm {
  sections: readonly { key: string; title: string; scored: boolean }[];
  questions: readonly Question[];
  version?: string;
}

/**
 * The stored order of a score record's items for one form version (the scoring engine writes one
 * item per scored item of the form, always in the same order: `score(form, {}).items`). With it,
 * an export reads only a record's `countedPoints` (its items' points by position), not the items
 * (40 % of a response's bytes, and 60 small objects): position i of a record of that version with
 * that many points is path i.
 */
export interface ItemOrder { version: string; paths: readonly string[] }

export interface ExportPlan {
  headers: string[];
  row(doc: ExportDoc, org: ExportOrg | undefined): ExportCell[];
  /**
   * The same row from a response read as raw BSON (export thread): `doc` decoded without its
   * answers, `bytes[answers.start, answers.end)` the answers document (null: none).
   */
  rowFromBson(doc: ExportDoc, org: ExportOrg | undefined, bytes: Buffer, answers: { start: number; end: number } | null): ExportCell[];
  /**
   * Whether the counted score's points cannot be placed from `countedPoints` (a record stored
   * before it existed, or of another form version): then the query layer fetches its items.
   */
  needsItems(doc: ExportDoc): boolean;
}

interface AnswerColumn {
  /** index of this question's answer column */
  at: number;
  segments: string[];
  options: Map<string, string> | null;
  repeat: boolean;
  /** index of this question's points column, or -1 */
  pointsAt: number;
}

function scalar(value: unknown, options: Map<string, string> | null): ExportCell {
  if (value === null || value === undefined) return null;
  if (options) return options.get(String(value)) ?? String(value);
  if (typeof value === 'boolean') return value ? t('report.export.yes') : t('report.export.no');
  if (typeof value === 'number' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

function answerCell(answers: unknown, col: AnswerColumn): ExportCell {
  let node: unknown = answers;
  for (const s of col.segments) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[s];
  }
  return valueCell(node, col);
}

/** The cell of a question's stored value (also for values read from BSON, export-bson.ts). */
function valueCell(node: unknown, col: AnswerColumn): ExportCell {
  if (node === undefined || node === null) return null;
  if (col.repeat && Array.isArray(node)) {
    // A repeat group in one cell: its rows, each as its values, separated by " | ".
    return node.map((row) => (row && typeof row === 'object' ? Object.values(row).map((v) => String(scalar(v, null) ?? '')).join(', ') : String(row))).join(' | ');
  }
  if (Array.isArray(node)) return node.map((v) => String(scalar(v, col.options) ?? '')).join('; ');
  return scalar(node, col.options);
}

/** A label lookup remembered for the export (keys are a handful of codes). */
function memo(compute: (key: string) => string): (key: string) => string {
  const seen = new Map<string, string>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined) seen.set(key, (v = compute(key)));
    return v;
  };
}

export function exportPlan(form: ExportForm, itemOrder: ItemOrder | null = null): ExportPlan {
  const sectionTitle = new Map(form.sections.map((s) => [s.key, s.title]));
  const scoredSections = form.sections.filter((s) => s.scored);
  const headers = [
    'report.export.col.responseId', 'report.export.col.nama', 'report.export.col.kabkota', 'report.export.col.jenisPelayanan',
    'report.export.col.state', 'report.export.col.bucket', 'report.export.col.submittedAt', 'report.export.col.verifiedAt', 'report.export.col.updatedAt',
    'report.export.col.selfTotal', 'report.export.col.selfGrade', 'report.export.col.verifiedTotal', 'report.export.col.verifiedGrade',
    'report.export.col.finalTotal', 'report.export.col.finalGrade', 'report.export.col.basis',
  ].map((k) => t(k));
  for (const s of scoredSections) headers.push(t('report.export.col.section', { title: s.title }));
  const columns: AnswerColumn[] = [];
  const pointsIndex = new Map<string, number>();
  for (const q of form.questions) {
    if (q.inRepeat || (q.kind !== 'question' && q.kind !== 'repeat')) continue;
    headers.push(`${sectionTitle.get(q.section) ?? q.sectionTitle} – ${q.title}`);
    const options = q.options && q.options.length > 0 ? new Map(q.options.map((o) => [String(o.value), o.title])) : null;
    const col: AnswerColumn = { at: headers.length - 1, segments: q.path.split('.'), options, repeat: q.kind === 'repeat', pointsAt: -1 };
    if (q.kind === 'question' && q.scoreMax !== null) {
      headers.push(t('report.export.col.points', { title: q.title, max: q.scoreMax }));
      col.pointsAt = headers.length - 1;
      pointsIndex.set(q.path, col.pointsAt);
    }
    columns.push(col);
  }
  const width = headers.length;
  const stateLabel = memo((s) => t(`report.state.${s}`));
  const bucketLabel = memo((b) => t(`report.bucket.${b}`));
  const kabkotaName = memo((code) => regionLabel(code));
  const jenisLabel = memo((code) => labelOf(JENIS_PELAYANAN, code));
  const basisLabel = { verified: t('report.basis.verified'), self: t('report.basis.self') };
  const sectionKeys = scoredSections.map((s) => s.key);

  function row(doc: ExportDoc, org: ExportOrg | undefined): ExportCell[] {
    return rowWith(doc, org, (cells) => {
      for (const col of columns) cells[col.at] = answerCell(doc.answers, col);
    });
  }

  const bsonColumns = pathTrie(columns.map((col) => ({ segments: col.segments, column: { at: col.at, cell: (v: unknown) => valueCell(v, col) } })));

  function rowFromBson(doc: ExportDoc, org: ExportOrg | undefined, bytes: Buffer, answers: { start: number; end: number } | null): ExportCell[] {
    if (!answers) return row(doc, org); // no answers document: whatever bson decoded is the answers
    // Only whether there are answers matters beyond the cells (the completion bucket).
    const withAnswers = { ...doc, answers: answers.end - answers.start > 5 ? NOT_EMPTY : {} };
    return rowWith(withAnswers, org, (cells) => fillAnswerCells(bytes, answers.start, answers.end, bsonColumns, cells));
  }

  function rowWith(doc: ExportDoc, org: ExportOrg | undefined, fillAnswers: (cells: ExportCell[]) => void): ExportCell[] {
    const cells: ExportCell[] = new Array(width).fill(null);
    const eff = effectiveScore(doc);
    const self = doc.selfScore;
    const ver = doc.verifiedScore;
    const code = doc.kabkotaCode ?? '';
    cells[0] = String(doc._id);
    cells[1] = org?.nama ?? String(doc.organisationId);
    cells[2] = code ? kabkotaName(code) : null;
    cells[3] = org?.jenisPelayanan ? jenisLabel(org.jenisPelayanan) : null;
    cells[4] = stateLabel(doc.state);
    cells[5] = bucketLabel(bucketOf(doc));
    cells[6] = isoLocal(doc.submittedAt);
    cells[7] = isoLocal(doc.verifiedAt);
    cells[8] = isoLocal(doc.updatedAt);
    cells[9] = typeof self?.total === 'number' ? self.total : null;
    cells[10] = self?.grade ?? null;
    cells[11] = typeof ver?.total === 'number' ? ver.total : null;
    cells[12] = ver?.grade ?? null;
    cells[13] = eff ? (eff.score.total as number) : null;
    cells[14] = eff?.score.grade ?? null;
    cells[15] = eff ? basisLabel[eff.basis] : null;
    const sections = eff?.score.sections;
    if (sections) {
      for (let i = 0; i < sectionKeys.length; i++) {
        const v = sections[sectionKeys[i]]?.score;
        if (typeof v === 'number') cells[16 + i] = v;
      }
    }
    fillAnswers(cells);
    const points = eff?.score.countedPoints;
    const positions = points ? byPosition(doc, points.length) : null;
    if (points && positions) {
      for (let i = 0; i < points.length; i++) {
        const v = points[i];
        if (positions[i] >= 0 && typeof v === 'number') cells[positions[i]] = v;
      }
    } else {
      for (const item of eff?.score.items ?? []) {
        const idx = typeof item?.path === 'string' ? pointsIndex.get(item.path) : undefined;
        if (idx !== undefined && item.counted !== false && typeof item.points === 'number') cells[idx] = item.points;
      }
    }
    return cells;
  }

  // Column of each stored item position (-1: not a column), for records of `itemOrder.version`.
  const positionColumns = itemOrder ? itemOrder.paths.map((p) => pointsIndex.get(p) ?? -1) : null;
  function byPosition(doc: ExportDoc, count: number): number[] | null {
    return positionColumns && itemOrder && doc.formVersion === itemOrder.version && count === positionColumns.length ? positionColumns : null;
  }
  function needsItems(doc: ExportDoc): boolean {
    const score = effectiveScore(doc)?.score;
    if (!score) return false;
    if (score.countedPoints && byPosition(doc, score.countedPoints.length)) return false;
    return !(score.items && score.items.length > 0 && typeof score.items[0]?.path === 'string');
  }

  return { headers, row, rowFromBson, needsItems };
}
