/**
 * The report card (rapor) of one response: identity and register data, grade and total, section
 * scores (self, verified, and the one that counts), every scored item with both points and the
 * evaluator's notes, the weakest sections with the instrument's recommendations
 * (`x-recommendation`), and the organisation's earlier years side by side. Pure: it takes stored
 * records and the compiled form, and returns plain data the views print.
 */
import type { GradeBand, Question } from '../forms/types';
import { t } from '../../i18n';
import { identityRows, type CardOrganisation, type IdentityRow } from './card-identity';
import { type Bucket, bucketOf } from './progress-buckets';
import { effectiveScore, pointsByPath, sectionScore, type ScoreBasis, type StoredScore } from './score-basis';

export interface CardForm {
  id: string;
  version: string;
  title: string;
  subjectType: string | null;
  grades: readonly GradeBand[];
  recommendationThreshold: number;
  sections: readonly { key: string; title: string; weight: number | null; scored: boolean }[];
  questions: readonly Question[];
}

export interface CardReview { path: string; verifiedPoints?: number | null; reason?: string | null; comment?: string | null }

export interface CardResponse {
  id: string;
  state: string;
  answers?: unknown;
  rev?: number;
  prefilledFrom?: unknown;
  submittedAt?: Date | null;
  verifiedAt?: Date | null;
  selfScore?: StoredScore | null;
  verifiedScore?: StoredScore | null;
  review?: readonly CardReview[];
}

export interface HistoryEntry { cycleName: string; year: number; selfScore?: StoredScore | null; verifiedScore?: StoredScore | null }

export interface CardInput {
  response: CardResponse;
  organisation: CardOrganisation;
  cycle: { id: string; name: string; year: number };
  form: CardForm;
  /** The same organisation's other responses to the same instrument (any version), any order. */
  history: readonly HistoryEntry[];
}

export interface ScoreSummary { total: number | null; grade: string | null; gradeLabel: string | null }
export interface CardSection { key: string; title: string; weight: number | null; self: number | null; verified: number | null; effective: number | null }
export interface CardItem {
  path: string; title: string; max: number;
  self: number | null; verified: number | null; effective: number | null;
  status: string | null; reason: string | null; comment: string | null; recommendation: string | null;
}
export interface WeakSection extends CardSection { recommendations: { title: string; points: number | null; max: number; text: string }[] }
export interface HistoryColumn { label: string; cycleName: string; current: boolean; basis: ScoreBasis | null }
export interface HistoryRow { label: string; values: (number | string | null)[]; kind: 'score' | 'grade' }

export interface ReportCard {
  responseId: string;
  cycle: { id: string; name: string; year: number };
  form: { id: string; version: string; title: string };
  organisation: { nama: string; kabkotaCode: string };
  identity: IdentityRow[];
  state: string;
  bucket: Bucket;
  submittedAt: Date | null;
  verifiedAt: Date | null;
  basis: ScoreBasis | null;
  score: ScoreSummary;
  self: ScoreSummary | null;
  verified: ScoreSummary | null;
  caps: string[];
  sections: CardSection[];
  items: { key: string; title: string; rows: CardItem[] }[];
  weakSections: WeakSection[];
  history: { columns: HistoryColumn[]; rows: HistoryRow[] };
}

const WEAK_SECTION_COUNT = 3;

function summary(s: StoredScore | null | undefined, grades: readonly GradeBand[]): ScoreSummary | null {
  if (!s || typeof s.total !== 'number') return null;
  return { total: s.total, grade: s.grade ?? null, gradeLabel: s.gradeLabel ?? grades.find((g) => g.grade === s.grade)?.label ?? null };
}

function itemRows(input: CardInput, eff: StoredScore | null): CardItem[] {
  const self = pointsByPath(input.response.selfScore);
  const verified = pointsByPath(input.response.verifiedScore);
  const effective = pointsByPath(eff);
  const reviews = new Map((input.response.review ?? []).map((r) => [r.path, r]));
  const rows: CardItem[] = [];
  for (const q of input.form.questions) {
    if (q.kind !== 'question' || q.scoreMax === null || q.inRepeat) continue;
    const e = effective.get(q.path);
    if (e?.status === 'hidden') continue; // not asked of this organisation
    const s = self.get(q.path);
    const v = verified.get(q.path);
    const review = reviews.get(q.path);
    const counted = (i: typeof s) => (i && i.counted !== false && typeof i.points === 'number' ? i.points : null);
    rows.push({
      path: q.path, title: q.title, max: q.scoreMax,
      self: counted(s), verified: counted(v), effective: counted(e),
      status: e?.status ?? null,
      reason: review?.reason?.trim() || null,
      comment: review?.comment?.trim() || null,
      recommendation: q.recommendation ?? null,
    });
  }
  return rows;
}

function weakSections(sections: CardSection[], items: CardInput['form']['questions'], rows: CardItem[], threshold: number): WeakSection[] {
  const bySection = new Map<string, CardItem[]>();
  const sectionOfPath = new Map(items.map((q) => [q.path, q.section]));
  for (const row of rows) {
    const key = sectionOfPath.get(row.path) ?? '';
    bySection.set(key, [...(bySection.get(key) ?? []), row]);
  }
  return sections
    .filter((s) => s.effective !== null)
    .sort((a, b) => (a.effective as number) - (b.effective as number))
    .slice(0, WEAK_SECTION_COUNT)
    .map((s) => ({
      ...s,
      recommendations: (bySection.get(s.key) ?? [])
        .filter((r) => r.recommendation && r.effective !== null && r.effective < threshold * r.max)
        .sort((a, b) => (a.effective as number) / a.max - (b.effective as number) / b.max)
        .map((r) => ({ title: r.title, points: r.effective, max: r.max, text: r.recommendation as string })),
    }));
}

function history(input: CardInput, currentBasis: ScoreBasis | null): ReportCard['history'] {
  const entries = [...input.history]
    .sort((a, b) => a.year - b.year)
    .map((h) => ({ label: String(h.year), cycleName: h.cycleName, current: false, eff: effectiveScore(h) }));
  const current = { label: String(input.cycle.year), cycleName: input.cycle.name, current: true, eff: effectiveScore(input.response) };
  const all = [...entries, current];
  const columns = all.map((c) => ({ label: c.label, cycleName: c.cycleName, current: c.current, basis: c.current ? currentBasis : c.eff?.basis ?? null }));
  const rows: HistoryRow[] = [
    { label: t('report.card.history.total'), kind: 'score', values: all.map((c) => c.eff?.score.total ?? null) },
    { label: t('report.card.history.grade'), kind: 'grade', values: all.map((c) => c.eff?.score.grade ?? null) },
    ...input.form.sections.filter((s) => s.scored).map((s) => ({
      label: s.title, kind: 'score' as const, values: all.map((c) => (c.eff ? sectionScore(c.eff.score, s.key) : null)),
    })),
  ];
  return { columns, rows };
}

export function buildReportCard(input: CardInput): ReportCard {
  const { response, form } = input;
  const eff = effectiveScore(response);
  const sections: CardSection[] = form.sections.filter((s) => s.scored).map((s) => ({
    key: s.key, title: s.title, weight: s.weight,
    self: sectionScore(response.selfScore, s.key),
    verified: sectionScore(response.verifiedScore, s.key),
    effective: eff ? sectionScore(eff.score, s.key) : null,
  }));
  const rows = itemRows(input, eff?.score ?? null);
  const sectionOf = new Map(form.questions.map((q) => [q.path, q.section]));
  return {
    responseId: response.id,
    cycle: input.cycle,
    form: { id: form.id, version: form.version, title: form.title },
    organisation: { nama: input.organisation.nama, kabkotaCode: input.organisation.kabkotaCode },
    identity: identityRows(input.organisation),
    state: response.state,
    bucket: bucketOf(response),
    submittedAt: response.submittedAt ?? null,
    verifiedAt: response.verifiedAt ?? null,
    basis: eff?.basis ?? null,
    score: summary(eff?.score, form.grades) ?? { total: null, grade: null, gradeLabel: null },
    self: summary(response.selfScore, form.grades),
    verified: summary(response.verifiedScore, form.grades),
    caps: (eff?.score.caps ?? []).map((c) => c.reason),
    sections,
    items: sections.map((s) => ({ key: s.key, title: s.title, rows: rows.filter((r) => sectionOf.get(r.path) === s.key) })),
    weakSections: weakSections(sections, form.questions, rows, form.recommendationThreshold),
    history: history(input, eff?.basis ?? null),
  };
}
