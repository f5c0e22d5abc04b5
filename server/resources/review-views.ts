/**
 * The review page's view model: per section, the renderer's HTML of the answers (review mode
 * while the review is open: evaluator-only questions editable, the rest read-only) and, per
 * reviewable item, the operator's answer, self points and evidence beside the evaluator's fields.
 * Field values come from the stored review, or from what was just posted when it is re-shown
 * with errors. No requests, no writes.
 */
import Handlebars from 'handlebars';
import type { FieldError, ScoreResult } from '../domain/forms';
import type { ReviewIssue } from '../domain/workflow/review';
import { STATE_LABELS } from '../domain/workflow/state-machine';
import { renderForm } from '../render';
import { idPart } from '../render/paths';
import { t } from '../i18n';
import { evidenceByPath } from '../model/query/responses';
import { questionAnchor } from './fill-views';
import { liveScore, type ReviewContext, type ReviewItemInfo } from './review-context';
import { evidenceShortfalls, itemEvidence } from './review-evidence';
import type { PostedItem } from './review-input';
import { answerAt, answerText, formatScore, kabkotaName, pointsText, when } from './review-format';

export interface PageErrors {
  issues?: readonly ReviewIssue[];
  answerErrors?: readonly FieldError[];
  /** a refusal shown at the top (409.8, 422.2 …) */
  message?: string;
}

function baseId(path: string): string {
  return `rv-${path.split('.').map(idPart).join('-')}`;
}

/** The stored review as form strings (what the fields show before anything is posted). */
function storedValues(ctx: ReviewContext, item: ReviewItemInfo): PostedItem {
  const r = (ctx.response.review ?? []).find((x) => x.path === item.path);
  const verdicts: Record<string, string> = {};
  for (const e of ctx.response.evidence ?? []) if (e.path === item.path) verdicts[String(e.fileId)] = e.verdict ?? '';
  return {
    score: typeof r?.verifiedPoints === 'number' ? String(r.verifiedPoints) : '',
    reason: r?.reason ?? '', comment: r?.comment ?? '', needsFix: Boolean(r?.needsFix), verdicts,
  };
}

function fieldErrors(issues: readonly ReviewIssue[], path: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of issues) {
    if (i.path !== path) continue;
    const field = i.field === 'verifiedPoints' ? 'score' : i.field.startsWith('evidenceVerdicts.') ? `file:${i.field.slice(17)}` : i.field || 'score';
    (out[field] ??= []).push(i.message);
  }
  return out;
}

function selfText(item: ReviewItemInfo): string {
  if (item.evaluatorOnly) return t('review.item.evaluatorOnly');
  if (item.selfStatus === 'notApplicable') return t('review.item.notApplicable');
  return pointsText(item.reviewable.selfPoints, item.reviewable.maxPoints);
}

function itemView(ctx: ReviewContext, item: ReviewItemInfo, values: PostedItem, issues: readonly ReviewIssue[], live: ScoreResult, shortfalls: Map<string, string>) {
  const id = baseId(item.path);
  const errs = fieldErrors(issues, item.path);
  const self = item.reviewable.selfPoints;
  const allowed = item.reviewable.allowedPoints ?? [];
  const liveItem = live.items.find((i) => i.path === item.path);
  const evidence = itemEvidence(ctx, item, id, values.verdicts, errs, shortfalls);
  return {
    path: item.path, id, title: item.title, scored: item.scored, evaluatorOnly: item.evaluatorOnly,
    answer: answerText(item.question, answerAt(ctx.merged, item.path)) || t('review.item.unanswered'),
    self: selfText(item),
    effective: item.scored && liveItem ? pointsText(liveItem.counted ? liveItem.points : null, item.reviewable.maxPoints) : '',
    showScore: item.scored && !item.evaluatorOnly,
    scoreOptions: [
      { value: '', label: self === null ? t('review.item.keepNone') : t('review.item.keepSelf', { points: formatScore(self) }), selected: values.score === '' },
      ...allowed.map((p) => ({ value: String(p), label: String(p), selected: values.score === String(p) })),
    ],
    freeScore: item.scored && !item.evaluatorOnly && allowed.length === 0,
    max: formatScore(item.reviewable.maxPoints),
    values,
    verifiedText: values.score === '' ? t('review.item.sameAsSelf') : pointsText(Number(values.score), item.reviewable.maxPoints),
    changed: values.score !== '' && self !== null && Number(values.score) !== self,
    evidence,
    errors: { score: errs.score ?? [], reason: errs.reason ?? [], comment: errs.comment ?? [], needsFix: errs.needsFix ?? [], path: errs.path ?? [] },
    invalid: Object.keys(errs).length > 0,
  };
}

function scoreSummary(s: { total?: number | null; grade?: { grade: string; label: string } | null | string; gradeLabel?: string | null } | null) {
  if (!s) return null;
  const grade = typeof s.grade === 'string' ? s.grade : s.grade?.grade ?? null;
  const label = typeof s.grade === 'string' ? s.gradeLabel ?? '' : s.grade?.label ?? '';
  return { total: formatScore(s.total ?? null), grade: grade ?? '–', gradeLabel: label };
}

function errorSummary(ctx: ReviewContext, errors: PageErrors): { href?: string; text: string }[] {
  const out: { href?: string; text: string }[] = [];
  if (errors.message) out.push({ text: errors.message });
  for (const i of errors.issues ?? []) {
    const title = ctx.items.find((x) => x.path === i.path)?.title ?? i.path;
    const field = i.field === 'verifiedPoints' ? 'score' : i.field.startsWith('evidenceVerdicts.') ? `file-${i.field.slice(17)}` : i.field;
    out.push({ href: ctx.items.some((x) => x.path === i.path) ? `#${baseId(i.path)}-${field || 'score'}` : undefined, text: `${title}: ${i.message}` });
  }
  for (const e of errors.answerErrors ?? []) out.push({ href: `#${questionAnchor(e.path)}`, text: e.message });
  return out;
}

export function reviewPage(ctx: ReviewContext, opts: { posted?: Map<string, PostedItem>; errors?: PageErrors; answers?: unknown; isAdmin: boolean; verifierName?: string }) {
  const { response, form } = ctx;
  const editable = response.state === 'in_review';
  const cycleClosed = ctx.cycle.status === 'closed';
  const live = liveScore(ctx);
  const issues = opts.errors?.issues ?? [];
  const answers = opts.answers ?? ctx.merged;
  const evidence = evidenceByPath(response.evidence ?? []);
  const shortfalls = evidenceShortfalls(ctx);
  const sections = form.sections.map((s) => {
    const items = ctx.items.filter((i) => i.section === s.key);
    const html = renderForm({
      form, answers, section: s.key, mode: editable ? 'review' : 'readonly', role: 'evaluator',
      errors: (opts.errors?.answerErrors ?? []).map((e) => ({ path: e.path, message: e.message })),
      evidence, evidenceUrl: '/bukti/{id}',
    });
    const evaluatorQuestions = form.questions.some((q) => q.section === s.key && q.evaluatorOnly);
    return {
      key: s.key, title: s.title, answersHtml: new Handlebars.SafeString(html), openAnswers: editable && evaluatorQuestions,
      items: items.map((i) => itemView(ctx, i, opts.posted?.get(i.path) ?? storedValues(ctx, i), issues, live, shortfalls)),
    };
  });
  const verified = response.state === 'verified' ? scoreSummary(response.verifiedScore as never) : null;
  const summary = opts.errors ? errorSummary(ctx, opts.errors) : [];
  return {
    styles: ['form.css', 'review.css'], scripts: ['form.js'],
    title: t('review.page.title', { name: ctx.organisationName }),
    id: String(response._id), rev: response.rev, state: response.state, stateLabel: STATE_LABELS[response.state] ?? response.state,
    organisationName: ctx.organisationName, kabkota: kabkotaName(response.kabkotaCode), cycleName: ctx.cycle.name,
    formTitle: form.title, formVersion: form.version, submittedAt: when(response.submittedAt),
    self: scoreSummary(response.selfScore as never), live: scoreSummary(live), liveCaps: live.caps.map((c) => c.reason),
    verified, verifiedAt: when(response.verifiedAt ?? null), verifierName: opts.verifierName ?? '',
    // A closed cycle: the institution could not resubmit, so returning is not offered (409.12).
    editable, canReturn: editable && !cycleClosed,
    canStart: response.state === 'submitted' || response.state === 'resubmitted',
    canUnlock: opts.isAdmin && response.state === 'verified', returned: response.state === 'returned',
    sections, errorSummary: summary, hasErrors: summary.length > 0,
    historyHref: `/tanggapan/${String(response._id)}/riwayat`,
    unlockError: opts.errors?.message && response.state === 'verified' ? opts.errors.message : '',
  };
}
