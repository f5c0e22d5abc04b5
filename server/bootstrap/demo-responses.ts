/**
 * Demo responses in every workflow state, stored the way the fill and review code store them:
 * answers validated by the engine, `selfScore` computed at "submit" with the engine's `score()`,
 * evaluator review items (dotted item paths, verified points with a reason, fix requests with a
 * comment), `verifiedScore` = the score with the evaluator's points as overrides, and the
 * evidence files the instrument requires (demo-evidence.ts), returned as GridFS documents for
 * the seed's transaction.
 */
import mongoose from 'mongoose';
import { type LoadedForm, score } from '../domain/forms';
import { scoreRecord } from '../domain/fill/score-record';
import type { OrganisationRecord } from '../domain/register/record';
import { contentFingerprint } from '../domain/workflow/submission';
import type { ResponseState } from '../domain/workflow/state-machine';
import type { GridFsDocuments } from '../model/evidence-store';
import { demoAnswers, partialAnswers } from './demo-answers';
import { demoEvidence } from './demo-evidence';
import type { Rng } from './demo-random';

const DAY = 24 * 3600_000;

export interface DemoResponseInput {
  form: LoadedForm;
  cycleId: mongoose.Types.ObjectId;
  organisationId: mongoose.Types.ObjectId;
  org: OrganisationRecord;
  state: ResponseState;
  quality: number;
  rng: Rng;
  evaluatorId: string;
  opensAt: Date;
  /** The latest moment anything may have happened (closing time, or now for an open cycle). */
  until: Date;
}

interface ReviewItem { path: string; verifiedPoints: number | null; reason: string | null; comment: string | null; needsFix: boolean; by: string; at: Date }

function between(rng: Rng, from: Date, to: Date): Date {
  return new Date(from.getTime() + Math.floor(rng.next() * Math.max(0, to.getTime() - from.getTime())));
}

/** The evaluator's corrections: a few scored items lowered by one point (evidence incomplete). */
function corrections(result: ReturnType<typeof score>, rng: Rng, by: string, at: Date, count: number): ReviewItem[] {
  const candidates = result.items.filter((i) => i.status === 'scored' && i.points > 0);
  const chosen: ReviewItem[] = [];
  while (chosen.length < Math.min(count, candidates.length)) {
    const item = rng.pick(candidates);
    if (chosen.some((c) => c.path === item.path)) continue;
    chosen.push({ path: item.path, verifiedPoints: item.points - 1, reason: 'Bukti dukung belum lengkap saat diperiksa (demo).', comment: null, needsFix: false, by, at });
  }
  return chosen;
}

function fixRequests(result: ReturnType<typeof score>, rng: Rng, by: string, at: Date, taken: Set<string>): ReviewItem[] {
  const candidates = result.items.filter((i) => i.status === 'scored' && i.points < i.max && !taken.has(i.path));
  const out: ReviewItem[] = [];
  while (out.length < Math.min(2, candidates.length)) {
    const item = rng.pick(candidates);
    if (out.some((o) => o.path === item.path)) continue;
    out.push({ path: item.path, verifiedPoints: null, reason: null, comment: 'Mohon lampirkan bukti dukung terbaru untuk butir ini (demo).', needsFix: true, by, at });
  }
  return out;
}

/** Raise the answers of flagged scale items by one step (what an operator fixes after a return). */
function improve(form: LoadedForm, answers: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const copy = structuredClone(answers);
  for (const path of paths) {
    const item = form.runtime.items.find((i) => i.path === path);
    const [section, key] = path.split('.');
    const holder = copy[section] as Record<string, unknown> | undefined;
    const value = holder?.[key];
    if (item?.points && typeof value === 'number' && item.points.has(String(value + 1))) holder![key] = value + 1;
  }
  return copy;
}

export interface DemoResponse { doc: Record<string, unknown>; files: GridFsDocuments[] }

export function demoResponse(input: DemoResponseInput): DemoResponse {
  const { form, rng, state } = input;
  const generated = demoAnswers(form, input.org, rng, input.quality, input.until);
  if (!generated.ok) throw new Error(`demo answers do not validate: ${generated.errors.slice(0, 3).join('; ')}`);
  const _id = new mongoose.Types.ObjectId();
  const base = {
    _id, cycleId: input.cycleId, organisationId: input.organisationId, kabkotaCode: input.org.location.kabkotaCode,
    formId: form.id, formVersion: form.version, state, demo: true, review: [] as ReviewItem[],
  };
  const evidence = (answers: Record<string, unknown>, sections: Iterable<string>, before: Date, review: ReviewItem[] = []) => demoEvidence({
    form, answers, sections: new Set(sections), state, responseId: _id, organisationId: input.organisationId, organisationName: input.org.identity.nama,
    rng: rng.fork('evidence'), uploadedAt: between(rng.fork('uploaded'), input.opensAt, before),
    corrected: new Set(review.filter((r) => r.verifiedPoints !== null).map((r) => r.path)), flagged: new Set(review.filter((r) => r.needsFix).map((r) => r.path)),
  });
  if (state === 'draft') {
    const answers = partialAnswers(form, generated.answers, rng.int(1, Math.max(1, form.sections.length - 2)));
    const { entries, files } = evidence(generated.answers, Object.keys(answers), input.until);
    return { doc: { ...base, answers, evidence: entries, rev: rng.int(1, 4), selfScore: null, verifiedScore: null }, files };
  }
  let answers = generated.answers;
  let submittedAt = between(rng, input.opensAt, new Date(input.until.getTime() - 6 * DAY));
  let self = score(form, answers);
  const reviewAt = between(rng, submittedAt, new Date(input.until.getTime() - 3 * DAY));
  let review: ReviewItem[] = [];
  if (state !== 'submitted') review = corrections(self, rng, input.evaluatorId, reviewAt, rng.int(2, 5));
  if (state === 'returned' || state === 'resubmitted') review.push(...fixRequests(self, rng, input.evaluatorId, reviewAt, new Set(review.map((r) => r.path))));
  if (state === 'resubmitted') {
    answers = improve(form, answers, review.filter((r) => r.needsFix).map((r) => r.path));
    self = score(form, answers);
    submittedAt = between(rng, reviewAt, input.until);
  }
  const overrides = Object.fromEntries(review.filter((r) => r.verifiedPoints !== null).map((r) => [r.path, r.verifiedPoints as number]));
  const verifiedAt = state === 'verified' ? between(rng, reviewAt, input.until) : null;
  const { entries, files } = evidence(answers, Object.keys(answers), submittedAt, review);
  return { files, doc: {
    ...base, answers, review, evidence: entries, rev: rng.int(2, 6) + review.length,
    selfScore: scoreRecord(self, submittedAt),
    verifiedScore: verifiedAt ? scoreRecord(score(form, answers, overrides), verifiedAt) : null,
    submittedAt, submissionId: `demo-${input.organisationId.toHexString()}-${String(input.cycleId).slice(-6)}`, submissionHash: contentFingerprint(answers),
    verifiedAt, verifiedBy: verifiedAt ? input.evaluatorId : null,
  } };
}
