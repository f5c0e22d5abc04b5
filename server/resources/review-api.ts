/**
 * The review as JSON (GET /api/tinjauan/:id and the answer of the POSTs): state, version, scores
 * (self, live verified, stored verified) and every reviewable item with its self points, the
 * evaluator's record and its evidence files. Evaluator-only answers are listed apart.
 */
import { liveScore, type ReviewContext } from './review-context';

function scoreJson(s: { total?: number | null; grade?: unknown; gradeLabel?: unknown } | null | undefined) {
  if (!s) return null;
  const grade = typeof s.grade === 'string' ? s.grade : (s.grade as { grade?: string } | null)?.grade ?? null;
  return { total: s.total ?? null, grade };
}

export function reviewApiView(ctx: ReviewContext, extra: Record<string, unknown> = {}) {
  const { response } = ctx;
  const live = liveScore(ctx);
  const review = new Map((response.review ?? []).map((r) => [r.path, r]));
  return {
    ...extra,
    id: String(response._id),
    state: response.state,
    rev: response.rev,
    organisationId: String(response.organisationId),
    organisationName: ctx.organisationName,
    kabkotaCode: response.kabkotaCode,
    formId: response.formId,
    formVersion: response.formVersion,
    submittedAt: response.submittedAt ?? null,
    selfScore: scoreJson(response.selfScore as never),
    liveScore: scoreJson({ total: live.total, grade: live.grade }),
    verifiedScore: scoreJson(response.verifiedScore as never),
    verifiedAt: response.verifiedAt ?? null,
    verifiedBy: response.verifiedBy ?? null,
    answers: response.answers ?? {},
    evaluatorAnswers: response.evaluatorAnswers ?? {},
    items: ctx.items.map((i) => {
      const r = review.get(i.path);
      return {
        path: i.path,
        section: i.section,
        title: i.title,
        scored: i.scored,
        evaluatorOnly: i.evaluatorOnly,
        selfPoints: i.reviewable.selfPoints,
        maxPoints: i.reviewable.maxPoints,
        verifiedPoints: r?.verifiedPoints ?? null,
        reason: r?.reason ?? null,
        comment: r?.comment ?? null,
        needsFix: Boolean(r?.needsFix),
        evidence: (response.evidence ?? []).filter((e) => e.path === i.path).map((e) => ({
          id: String(e.fileId), name: e.name, type: e.type, size: e.size, verdict: e.verdict ?? null, href: `/bukti/${String(e.fileId)}`,
        })),
      };
    }),
  };
}
