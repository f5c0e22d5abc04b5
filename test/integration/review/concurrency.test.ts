/**
 * Checklist 32: two evaluators save the same review from the same version. Exactly one write
 * succeeds; the other gets 409.3 (a conflict page for the form, the problem JSON for the API);
 * the stored review is the winner's, whole, and only the winner's change is audited.
 */
import type { Request } from 'express';
import { AuditEntry } from '../../../server/model/audit';
import { loadReviewContext } from '../../../server/resources/review-context';
import { saveReview } from '../../../server/resources/review-save';
import { ResponseModel } from '../../../server/model/response';
import { currentRev, evaluatorIn, openScenario, revOf, startReview, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();

const storedReview = async (id: string) => ((await ResponseModel.findById(id).lean())!.review ?? []).map((r) => ({ path: r.path, verifiedPoints: r.verifiedPoints, reason: r.reason }));

describe('concurrent reviews', () => {
  it('checklist 32: two evaluators posting the review form from the same rev → one 303, one 409.3 page; the data is the winner\'s', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const first = await evaluatorIn(env.app, ['36.02']);
    const second = await evaluatorIn(env.app, 'all');
    await startReview(first, s.responseA);
    const [pageA, pageB] = await Promise.all([first.get(`/tinjauan/${s.responseA}`), second.get(`/tinjauan/${s.responseA}`)]);
    expect(revOf(pageA.text)).toBe(revOf(pageB.text));
    const rev = revOf(pageA.text);
    const post = (agent: typeof first, points: string, reason: string) => agent.post(`/tinjauan/${s.responseA}`).type('form')
      .send({ _csrf: agent.csrf, rev, _action: 'save', 'score.manajemen.rapat': points, 'reason.manajemen.rapat': reason });
    const [a, b] = await Promise.all([post(first, '1', 'Alasan evaluator pertama'), post(second, '2', 'Alasan evaluator kedua')]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.text).toContain('Tinjauan diubah oleh pengguna lain');
    expect(loser.text).toContain('409.3');
    const winner = a.status === 303 ? { points: 1, reason: 'Alasan evaluator pertama' } : { points: 2, reason: 'Alasan evaluator kedua' };
    expect(await storedReview(s.responseA)).toEqual([{ path: 'manajemen.rapat', verifiedPoints: winner.points, reason: winner.reason }]);
    expect(await currentRev(s.responseA)).toBe(Number(rev) + 1);
    const audited = await AuditEntry.find({ targetId: s.responseA, action: 'score.change' }).lean();
    expect(audited.map((e) => (e.details as { to: number }).to)).toEqual([winner.points]);
  });

  it('checklist 32: the JSON API — parallel saves from one rev: exactly one 200 and one 409.3; a retry from the new rev succeeds', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const first = await evaluatorIn(env.app, ['36.02']);
    const second = await evaluatorIn(env.app, ['36.02']);
    await startReview(first, s.responseA);
    const rev = await currentRev(s.responseA);
    const save = (agent: typeof first, points: number) => agent.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', agent.csrf)
      .send({ rev, items: [{ path: 'manajemen.tandaDaftar', verifiedPoints: points, reason: `alasan ${points}` }] });
    const results = await Promise.all([save(first, 1), save(second, 3), save(first, 0), save(second, 2)]);
    const ok = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(3);
    for (const c of conflicts) expect(c.body.code).toBe(409.3);
    const winner = ok[0].body.items.find((i: { path: string }) => i.path === 'manajemen.tandaDaftar').verifiedPoints as number;
    expect((await storedReview(s.responseA))[0]).toEqual({ path: 'manajemen.tandaDaftar', verifiedPoints: winner, reason: `alasan ${winner}` });
    expect(ok[0].body.rev).toBe(rev + 1);
    const retry = await second.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', second.csrf)
      .send({ rev: rev + 1, items: [{ path: 'manajemen.tandaDaftar', verifiedPoints: 4 }] });
    expect(retry.status).toBe(200);
    expect(retry.body.rev).toBe(rev + 2);
  });

  it('checklist 32: the write itself is guarded — a save that passed the version check on a stale read still gets 409.3', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);
    await startReview(ev, s.responseA);
    const req = { user: { id: 'evaluator-x', role: 'evaluator', kabkota: ['36.02'], organisationIds: [], disabled: false, name: 'E', username: 'e' }, ip: '127.0.0.1', id: 'req-1', method: 'POST', path: '/test' } as unknown as Request;
    // both requests read version N before either writes
    const [ctx1, ctx2] = await Promise.all([loadReviewContext(req, s.responseA), loadReviewContext(req, s.responseA)]);
    const rev = ctx1.response.rev;
    const item = (points: number) => ({ rev, action: 'save' as const, clearVerdicts: [], items: [{ path: 'manajemen.rapat', verifiedPoints: points, reason: `r${points}` }] });
    await expect(saveReview(req, ctx1, item(1))).resolves.toMatchObject({ kind: 'saved', rev: rev + 1 });
    await expect(saveReview(req, ctx2, item(2))).rejects.toMatchObject({ code: 409.3 });
    expect(await storedReview(s.responseA)).toEqual([{ path: 'manajemen.rapat', verifiedPoints: 1, reason: 'r1' }]);
    expect(await AuditEntry.countDocuments({ targetId: s.responseA, action: 'score.change' })).toBe(1); // the loser's entry rolled back
  });
});
