/**
 * The one-line hooks the workflow calls inside its transactions (after the state change and its
 * audit entry, with the same session): each builds the event from what the caller already holds
 * and queues its notices (enqueue.ts; it looks up the organisation's name when the caller has none). Keys name the occurrence (the response's new `rev` for a
 * transition), so a retried transaction writes the same notices once.
 */
import type { ClientSession } from 'mongoose';
import type { About, FlaggedItem } from '../domain/notify';
import type { WorkflowAction } from '../domain/workflow/state-machine';
import { sectionOf } from '../domain/fill';
import { questionAnchor, sectionUrl } from '../resources/fill-views';
import type { ReviewContext } from '../resources/review-context';
import { enqueueNotices } from './enqueue';

type Id = unknown;

interface ResponseRef {
  _id: Id;
  organisationId: Id;
  kabkotaCode: string;
}

interface CycleRef {
  _id: Id;
  name: string;
}

function aboutOf(response: ResponseRef, cycle: CycleRef, organisationName: string): About {
  return {
    responseId: String(response._id), organisationId: String(response.organisationId), organisationName,
    kabkotaCode: response.kabkotaCode, cycleId: String(cycle._id), cycleName: cycle.name,
  };
}

/** Cycle opened: the operators of every organisation that got a response. */
export async function noticeCycleOpened(session: ClientSession, cycle: CycleRef & { closesAt: Date }, responses: readonly ResponseRef[]): Promise<void> {
  await enqueueNotices(session, responses.map((r) => ({
    kind: 'cycle_opened' as const, key: `cycle_opened:${String(cycle._id)}:${String(r._id)}`, deadline: cycle.closesAt, about: aboutOf(r, cycle, ''),
  })));
}

/** Submitted or resubmitted (`rev` is the response's version after the write): its evaluators. */
export async function noticeSubmitted(session: ClientSession, response: ResponseRef, cycle: CycleRef, organisationName: string, next: string, rev: number): Promise<void> {
  await enqueueNotices(session, [{
    kind: 'response_submitted', key: `response_submitted:${String(response._id)}:${rev}`, resubmitted: next === 'resubmitted',
    about: aboutOf(response, cycle, organisationName),
  }]);
}

/** Returned for revision (with the flagged items) or verified (with the score): the operators. */
export async function noticeReviewed(session: ClientSession, ctx: ReviewContext, action: WorkflowAction, $set: Record<string, unknown>, rev: number): Promise<void> {
  const about = aboutOf(ctx.response, ctx.cycle, ctx.organisationName);
  const id = String(ctx.response._id);
  if (action === 'returnForRevision') {
    const titles = new Map(ctx.items.map((i) => [i.path, i.title]));
    const review = ($set.review ?? []) as { path: string; comment?: string | null; needsFix?: boolean }[];
    const items: FlaggedItem[] = review.filter((r) => r.needsFix).map((r) => ({
      title: titles.get(r.path) ?? r.path, comment: r.comment ?? '', href: `${sectionUrl(id, sectionOf(r.path))}#${questionAnchor(r.path)}`,
    }));
    await enqueueNotices(session, [{ kind: 'response_returned', key: `response_returned:${id}:${rev}`, about, items }]);
  } else if (action === 'verify') {
    const score = ($set.verifiedScore ?? {}) as { total?: number | null; grade?: string | null; gradeLabel?: string | null };
    await enqueueNotices(session, [{
      kind: 'response_verified', key: `response_verified:${id}:${rev}`, about,
      total: score.total ?? null, grade: score.grade ?? null, gradeLabel: score.gradeLabel ?? null,
    }]);
  }
}

/** An admin extended one response's deadline: its operators. */
export async function noticeExtension(session: ClientSession, response: ResponseRef, cycle: CycleRef, until: Date, reason: string, rev: number): Promise<void> {
  await enqueueNotices(session, [{
    kind: 'extension_granted', key: `extension_granted:${String(response._id)}:${rev}`, until, reason,
    about: aboutOf(response, cycle, ''),
  }]);
}
