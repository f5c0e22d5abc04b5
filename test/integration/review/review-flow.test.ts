/**
 * The evaluator's loop through the real pages: queue → start review → two scores changed with
 * reasons, an evidence file judged, a comment flagged "needs fix", the evaluator-only question
 * answered → return (409.8 without a flagged comment) → the operator sees the flags, saves and
 * resubmits (evaluator answers survive) → review again → verify locks (operator edit → 409.7) →
 * admin unlock needs a reason (422.2) → back in review. Self and verified scores are both kept.
 */
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { itemsToFixFor, type ReviewDoc } from '../../../server/model/query/review';
import { adminAgent, COMPLETE, currentRev, evaluatorIn, openScenario, startReview, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();

const doc = async (id: string) => (await ResponseModel.findById(id).lean()) as unknown as ReviewDoc & { evaluatorAnswers: Record<string, unknown> };

describe('evaluator review loop', () => {
  it('reviews, returns, sees the resubmission, verifies; admin unlocks with a reason', async () => {
    const s = await openScenario();
    const { op, fileId } = await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);

    const queue = await ev.get('/tinjauan').expect(200);
    expect(queue.text).toContain('LKSA Harapan');
    expect(queue.text).toContain(`href="/tinjauan/${s.responseA}"`);
    expect(queue.text).not.toContain('LKSA Bina Insani'); // Kota Serang: another evaluator's

    const first = await ev.get(`/tinjauan/${s.responseA}`).expect(200);
    expect(first.text).toContain('data-response-state="submitted"');
    expect(first.text).toContain('name="_action" value="start-review"');
    let rev = await startReview(ev, s.responseA);
    expect((await doc(s.responseA)).state).toBe('in_review');

    const page = await ev.get(`/tinjauan/${s.responseA}`).expect(200);
    expect(page.text).toContain('data-response-state="in_review"');
    for (const key of ['manajemen.tandaDaftar', 'manajemen.rapat']) {
      expect(page.text).toContain(`data-review-item="${key}"`);
      expect(page.text).toContain(`name="score.${key}"`);
      expect(page.text).toContain(`name="reason.${key}"`);
      expect(page.text).toContain(`name="comment.${key}"`);
      expect(page.text).toContain(`name="needsFix.${key}"`);
    }
    expect(page.text).toContain(`href="/bukti/${fileId}"`);
    expect(page.text).toContain(`name="verdict.${fileId}"`);
    expect(page.text).toContain('name="manajemen.kunjungan"'); // the evaluator-only question, editable here
    expect(page.text).toContain('Sesuai nilai mandiri (4)');

    // a changed score without a reason is refused, nothing stored
    const noReason = await ev.post(`/tinjauan/${s.responseA}`).type('form')
      .send({ _csrf: ev.csrf, rev, _action: 'save', 'score.manajemen.tandaDaftar': '2' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Alasan wajib diisi bila nilai verifikasi berbeda');
    expect(noReason.text).toContain('href="#rv-manajemen-tandaDaftar-reason"');
    expect((await doc(s.responseA)).review).toEqual([]);

    const review = {
      _csrf: ev.csrf, rev, _action: 'save',
      'score.manajemen.tandaDaftar': '2', 'reason.manajemen.tandaDaftar': 'Tanda daftar sudah kedaluwarsa',
      'score.manajemen.rapat': '1', 'reason.manajemen.rapat': 'Notulen hanya satu kali rapat',
      [`verdict.${fileId}`]: 'invalid',
      'comment.manajemen.tandaDaftar': 'Lampirkan tanda daftar yang masih berlaku',
      'manajemen.kunjungan': '2',
    };
    const saved = await ev.post(`/tinjauan/${s.responseA}`).type('form').send(review);
    expect(saved.status).toBe(303);
    let d = await doc(s.responseA);
    expect(d.review.map((r) => [r.path, r.verifiedPoints, r.reason, r.needsFix])).toEqual([
      ['manajemen.tandaDaftar', 2, 'Tanda daftar sudah kedaluwarsa', false],
      ['manajemen.rapat', 1, 'Notulen hanya satu kali rapat', false],
    ]);
    expect(d.evidence[0].verdict).toBe('invalid');
    expect(d.evaluatorAnswers).toEqual({ manajemen: { kunjungan: 2 } });
    expect(d.answers).toEqual(COMPLETE); // the operator's answers are untouched
    const changes = await AuditEntry.find({ targetId: s.responseA, action: 'score.change' }).sort({ at: 1 }).lean();
    expect(changes.map((c) => c.details)).toEqual([
      { path: 'manajemen.tandaDaftar', from: null, to: 2, selfPoints: 4, reason: 'Tanda daftar sudah kedaluwarsa' },
      { path: 'manajemen.rapat', from: null, to: 1, selfPoints: 3, reason: 'Notulen hanya satu kali rapat' },
    ]);
    expect(await AuditEntry.countDocuments({ targetId: s.responseA, action: 'evidence.verdict' })).toBe(1);
    expect(await AuditEntry.countDocuments({ targetId: s.responseA, action: 'review.evaluator_answers' })).toBe(1);

    // live verified score: (2 + 1 + 2) / 12 = 41.67 → D; the self score stays 87.5 / A
    const live = await ev.get(`/api/tinjauan/${s.responseA}`).set('Accept', 'application/json').expect(200);
    expect(live.body.liveScore).toEqual({ total: 41.67, grade: 'D' });
    expect(live.body.selfScore).toEqual({ total: 87.5, grade: 'A' });

    // return without a flagged comment → 409.8, state unchanged
    rev = String(await currentRev(s.responseA));
    const noFlag = await ev.post(`/tinjauan/${s.responseA}`).type('form').send({ ...review, rev, _action: 'return' });
    expect(noFlag.status).toBe(409);
    expect(noFlag.text).toContain('minimal satu komentar butir');
    expect((await doc(s.responseA)).state).toBe('in_review');

    const returned = await ev.post(`/tinjauan/${s.responseA}`).type('form').send({ ...review, rev, _action: 'return', 'needsFix.manajemen.tandaDaftar': 'on' });
    expect(returned.status).toBe(303);
    d = await doc(s.responseA);
    expect(d.state).toBe('returned');
    expect(itemsToFixFor(d)).toEqual([{ path: 'manajemen.tandaDaftar', comment: 'Lampirkan tanda daftar yang masih berlaku' }]);
    const ret = await AuditEntry.findOne({ targetId: s.responseA, action: 'response.return' }).lean();
    expect(ret!.details).toMatchObject({ from: 'in_review', to: 'returned', items: [{ path: 'manajemen.tandaDaftar' }] });

    // the operator sees which item to fix, saves (sending an evaluator-only value, ignored) and resubmits
    const overview = await op.get(`/tanggapan/${s.responseA}`).expect(200);
    expect(overview.text).toContain('data-needs-fix="manajemen.tandaDaftar"');
    expect(overview.text).toContain('Lampirkan tanda daftar yang masih berlaku');
    const fixed = { ...COMPLETE, manajemen: { tandaDaftar: 3, rapat: 3, kunjungan: 0 } };
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: await currentRev(s.responseA), answers: fixed }).expect(200);
    await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId: 'f2a1c0de-0000-4000-8000-000000000001', rev: await currentRev(s.responseA), answers: fixed }).expect(200);
    d = await doc(s.responseA);
    expect(d.state).toBe('resubmitted');
    expect(d.evaluatorAnswers).toEqual({ manajemen: { kunjungan: 2 } }); // operator saves never drop or change them
    expect(d.answers).toEqual({ ...COMPLETE, manajemen: { tandaDaftar: 3, rapat: 3 } });

    // review continues: the evaluator accepts the fixed item, verifies
    rev = await startReview(ev, s.responseA);
    const verify = await ev.post(`/tinjauan/${s.responseA}`).type('form').send({
      _csrf: ev.csrf, rev, _action: 'verify', 'score.manajemen.rapat': '1', 'reason.manajemen.rapat': 'Notulen hanya satu kali rapat',
      [`verdict.${fileId}`]: 'valid', 'manajemen.kunjungan': '2',
    });
    expect(verify.status).toBe(303);
    d = await doc(s.responseA);
    expect(d.state).toBe('verified');
    // tandaDaftar back to its self score 3, rapat 1, kunjungan 2: 6 / 12 = 50 → D; self (3+3)/8 = 75 → B
    expect(d.verifiedScore).toMatchObject({ total: 50, grade: 'D' });
    expect(d.selfScore).toMatchObject({ total: 75, grade: 'B' });
    expect(d.verifiedAt).toBeInstanceOf(Date);
    expect(typeof d.verifiedBy).toBe('string');
    const verifiedPage = await ev.get(`/tinjauan/${s.responseA}`).expect(200);
    expect(verifiedPage.text).toContain('data-response-state="verified"');
    expect(verifiedPage.text).not.toContain('name="_action" value="verify"');

    // locked: the operator's edit → 409.7, the evaluator's save → 409.7
    const opEdit = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: d.rev, answers: COMPLETE });
    expect(opEdit.status).toBe(409);
    expect(opEdit.body.code).toBe(409.7);
    const evEdit = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf).send({ rev: d.rev, items: [] });
    expect(evEdit.status).toBe(409);
    expect(evEdit.body.code).toBe(409.7);
    const evUnlock = await ev.post(`/tinjauan/${s.responseA}/buka`).type('form').send({ _csrf: ev.csrf, rev: String(d.rev), reason: 'x' });
    expect(evUnlock.status).toBe(403);

    // admin unlock: no reason → 422.2; with a reason → in review, verified score withdrawn
    const admin = await adminAgent(env.app);
    const adminPage = await admin.get(`/tinjauan/${s.responseA}`).expect(200);
    expect(adminPage.text).toContain('action="/tinjauan/' + s.responseA + '/buka"');
    const blank = await admin.post(`/api/tinjauan/${s.responseA}/buka`).set('X-CSRF-Token', admin.csrf).send({ rev: d.rev, reason: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body.code).toBe(422.2);
    const blankForm = await admin.post(`/tinjauan/${s.responseA}/buka`).type('form').send({ _csrf: admin.csrf, rev: String(d.rev), reason: '' });
    expect(blankForm.status).toBe(422);
    expect(blankForm.text).toContain('Alasan wajib diisi.');
    expect((await doc(s.responseA)).state).toBe('verified');
    const unlocked = await admin.post(`/tinjauan/${s.responseA}/buka`).type('form').send({ _csrf: admin.csrf, rev: String(d.rev), reason: 'Salah hitung pada butir rapat' });
    expect(unlocked.status).toBe(303);
    d = await doc(s.responseA);
    expect(d.state).toBe('in_review');
    expect(d.verifiedScore).toBeNull();
    expect(d.selfScore).toMatchObject({ total: 75 });
    const unlockEntry = await AuditEntry.findOne({ targetId: s.responseA, action: 'response.unlock' }).lean();
    expect(unlockEntry!.details).toMatchObject({ from: 'verified', to: 'in_review', reason: 'Salah hitung pada butir rapat', previousTotal: 50, previousGrade: 'D' });
    expect(unlockEntry!.role).toBe('admin');
  });

  it('illegal transitions answer 409 with the state machine code', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);
    const rev = await currentRev(s.responseA);
    // verify and return need a review in progress
    for (const action of ['verify', 'return', 'save']) {
      const res = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf).send({ rev, action });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe(409.1);
    }
    // a draft cannot be taken into review
    const draft = await ev.post(`/api/tinjauan/${s.responseB}`).set('X-CSRF-Token', ev.csrf).send({ rev: 0, action: 'start-review' });
    expect(draft.status).toBe(404); // Kota Serang is not this evaluator's
    const all = await evaluatorIn(env.app, 'all');
    const draft2 = await all.post(`/api/tinjauan/${s.responseB}`).set('X-CSRF-Token', all.csrf).send({ rev: 0, action: 'start-review' });
    expect(draft2.status).toBe(409);
    expect(draft2.body.code).toBe(409.1);
    const started = await all.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', all.csrf).send({ rev, action: 'start-review' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: 'in_review', rev: rev + 1 });
    const noFix = await all.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', all.csrf).send({ rev: rev + 1, action: 'return' });
    expect(noFix.status).toBe(409);
    expect(noFix.body.code).toBe(409.8);
    const stale = await all.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', all.csrf).send({ rev, action: 'save' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe(409.3);
  });
});
