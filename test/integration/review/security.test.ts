/**
 * Access and input rules of the review area: scope (6), field allow-lists (8), roles (9),
 * audit entries with who/role/organisation/when/IP and no forged lines (37).
 */
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { COMPLETE, currentRev, evaluatorIn, openScenario, operatorOf, pimpinanAgent, revOf, startReview, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();

const json = <T extends { set(k: string, v: string): T }>(r: T): T => r.set('Accept', 'application/json');

describe('review security', () => {
  it('checklist 6: an evaluator of another kabupaten/kota gets 404 everywhere (page, form post, API, timeline, file) and authz.denied is audited', async () => {
    const s = await openScenario();
    const { fileId } = await submitAsOperator(env.app, s.orgA, s.responseA); // Lebak 36.02
    const serang = await evaluatorIn(env.app, ['36.73']);
    const rev = await currentRev(s.responseA);
    const attempts = [
      await serang.get(`/tinjauan/${s.responseA}`),
      await serang.post(`/tinjauan/${s.responseA}`).type('form').send({ _csrf: serang.csrf, rev: String(rev), _action: 'start-review' }),
      await json(serang.get(`/api/tinjauan/${s.responseA}`)),
      await serang.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', serang.csrf).send({ rev, action: 'start-review' }),
      await serang.get(`/tanggapan/${s.responseA}/riwayat`),
      await serang.get(`/bukti/${fileId}`),
    ];
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(attempts[2].body.code).toBe(404.1);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', targetId: s.responseA })).toBe(5);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', targetId: fileId })).toBe(1);
    const denied = await AuditEntry.findOne({ action: 'authz.denied', targetId: s.responseA }).lean();
    expect(denied).toMatchObject({ role: 'evaluator', targetType: 'response', ip: expect.any(String) });
    // a missing id is the same 404, without an audit entry
    const missing = await serang.get('/tinjauan/0123456789abcdef01234567');
    expect(missing.status).toBe(404);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', targetId: '0123456789abcdef01234567' })).toBe(0);
    // nothing changed, and the queue never lists it
    expect((await ResponseModel.findById(s.responseA).lean())!.state).toBe('submitted');
    const queue = await serang.get('/tinjauan?status=submitted').expect(200);
    expect(queue.text).not.toContain(s.responseA);
    expect(queue.text).toContain('0 tanggapan');
  });

  it('checklist 9: a leadership viewer posting a score gets 403; an operator gets 403; an evaluator cannot change the operator\'s answers', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);
    const rev = await startReview(ev, s.responseA);
    const pimpinan = await pimpinanAgent(env.app);
    const form = { _csrf: pimpinan.csrf, rev, _action: 'save', 'score.manajemen.rapat': '0', 'reason.manajemen.rapat': 'x' };
    const html = await pimpinan.post(`/tinjauan/${s.responseA}`).type('form').send(form);
    expect(html.status).toBe(403);
    const api = await pimpinan.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', pimpinan.csrf).send({ rev: Number(rev), items: [{ path: 'manajemen.rapat', verifiedPoints: 0, reason: 'x' }] });
    expect(api.status).toBe(403);
    expect(api.body.code).toBe(403.1);
    expect((await json(pimpinan.get('/tinjauan'))).status).toBe(403);
    expect((await pimpinan.get(`/tanggapan/${s.responseA}/riwayat`)).status).toBe(403);
    const op = await operatorOf(env.app, s.orgA);
    const opPost = await op.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: Number(rev), items: [{ path: 'manajemen.rapat', verifiedPoints: 4, reason: 'x' }] });
    expect(opPost.status).toBe(403);
    expect(await AuditEntry.countDocuments({ action: 'authz.denied', role: 'pimpinan' })).toBeGreaterThanOrEqual(3);

    // the evaluator: the operator's section route is refused, and answer fields in the review form are ignored
    const section = await ev.post(`/tanggapan/${s.responseA}/bagian/manajemen`).type('form').send({ _csrf: ev.csrf, rev, 'manajemen.rapat': '0' });
    expect(section.status).toBe(403);
    const sneaky = await ev.post(`/tinjauan/${s.responseA}`).type('form').send({ _csrf: ev.csrf, rev, _action: 'save', 'manajemen.rapat': '0', 'profil.namaLembaga': 'Diubah', 'manajemen.kunjungan': '3' });
    expect(sneaky.status).toBe(303);
    const doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc.answers).toEqual(COMPLETE);
    expect(doc.evaluatorAnswers).toEqual({ manajemen: { kunjungan: 3 } });
    expect(doc.review).toEqual([]);
  });

  it('checklist 8: state, scores, organisation and ids in a body are ignored (form) or refused (unknown item fields, 400.1)', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);
    const rev = await startReview(ev, s.responseA);
    const before = (await ResponseModel.findById(s.responseA).lean())!;
    const res = await ev.post(`/tinjauan/${s.responseA}`).type('form').send({
      _csrf: ev.csrf, rev, _action: 'save', state: 'verified', verifiedScore: '100', selfScore: '100', organisationId: s.orgB,
      kabkotaCode: '36.73', verifiedBy: 'someone', 'score.manajemen.rapat': '2', 'reason.manajemen.rapat': 'Cukup', 'score.profil.namaLembaga': '4',
    });
    expect(res.status).toBe(303);
    let after = (await ResponseModel.findById(s.responseA).lean())!;
    expect(after.state).toBe('in_review');
    expect(after.verifiedScore).toBeNull();
    expect(after.selfScore).toEqual(before.selfScore);
    expect(String(after.organisationId)).toBe(s.orgA);
    expect(after.kabkotaCode).toBe('36.02');
    expect(after.review.map((r) => r.path)).toEqual(['manajemen.rapat']);

    const api = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf)
      .send({ rev: after.rev, state: 'verified', verifiedScore: { total: 100, grade: 'A' }, organisationId: s.orgB, items: [{ path: 'manajemen.rapat', verifiedPoints: 3, reason: 'ok' }] });
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ state: 'in_review', verifiedScore: null, organisationId: s.orgA });
    const unknownField = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf)
      .send({ rev: after.rev + 1, items: [{ path: 'manajemen.rapat', verifiedPoints: 3, by: 'admin', at: '2020-01-01' }] });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe(400.1);
    const unknownItem = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf)
      .send({ rev: after.rev + 1, items: [{ path: 'profil.namaLembaga', verifiedPoints: 3 }] });
    expect(unknownItem.status).toBe(400);
    const operatorObject = await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf)
      .send({ rev: { $gt: 0 }, items: [] });
    expect(operatorObject.status).toBe(400);
    expect(operatorObject.body.code).toBe(400.1);
    after = (await ResponseModel.findById(s.responseA).lean())!;
    expect(after.review).toEqual([expect.objectContaining({ path: 'manajemen.rapat', verifiedPoints: 3 })]);
  });

  it('checklist 37: each review action writes one audit entry with who, role, organisation, time and IP; CR/LF in a comment cannot forge a line', async () => {
    const s = await openScenario();
    const { fileId } = await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02'], 'penilai.lebak');
    const rev = await startReview(ev, s.responseA);
    const forged = 'Perbaiki.\r\n2026-01-01T00:00:00.000Z login.success who=admin role=admin\u2028selesai';
    await ev.post(`/tinjauan/${s.responseA}`).type('form').send({
      _csrf: ev.csrf, rev, _action: 'return', 'score.manajemen.rapat': '1', 'reason.manajemen.rapat': 'Alasan\nbaris dua',
      [`verdict.${fileId}`]: 'valid', 'comment.manajemen.tandaDaftar': forged, 'needsFix.manajemen.tandaDaftar': 'on', 'manajemen.kunjungan': '1',
    }).expect(303);
    const entries = await AuditEntry.find({ targetId: s.responseA, actorName: 'penilai.lebak' }).sort({ at: 1, _id: 1 }).lean();
    expect(entries.map((e) => e.action)).toEqual(['response.start_review', 'score.change', 'evidence.verdict', 'review.comment', 'review.evaluator_answers', 'response.return']);
    for (const e of entries) {
      expect(e).toMatchObject({ role: 'evaluator', organisationId: s.orgA, targetType: 'response', ip: expect.stringMatching(/127\.0\.0\.1/) });
      expect(e.actorId).toEqual(expect.any(String));
      expect(e.at).toBeInstanceOf(Date);
      expect(JSON.stringify(e.details)).not.toMatch(/\\[rn]|\\u2028/);
    }
    const comment = entries.find((e) => e.action === 'review.comment')!.details as { comment: string };
    expect(comment.comment).toBe('Perbaiki.  2026-01-01T00:00:00.000Z login.success who=admin role=admin selesai');
    const timeline = await ev.get(`/tanggapan/${s.responseA}/riwayat`).expect(200);
    expect(timeline.text).not.toMatch(/Perbaiki\.\s*\n/);
    expect((timeline.text.match(/<li data-audit-action=/g) ?? []).length).toBe(await AuditEntry.countDocuments({ targetId: s.responseA }));
  });

  it('checklist 15: review, unlock and API posts without a valid CSRF token are refused (403.2) and change nothing', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);
    const rev = String(await currentRev(s.responseA));
    const noToken = await ev.post(`/tinjauan/${s.responseA}`).type('form').send({ rev, _action: 'start-review' });
    expect(noToken.status).toBe(403);
    const wrongToken = await json(ev.post(`/api/tinjauan/${s.responseA}`)).set('X-CSRF-Token', 'x'.repeat(43)).send({ rev: Number(rev), action: 'start-review' });
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.body.code).toBe(403.2);
    const foreign = await ev.post(`/tinjauan/${s.responseA}`).type('form').set('Origin', 'https://evil.example').send({ _csrf: ev.csrf, rev, _action: 'start-review' });
    expect(foreign.status).toBe(403);
    expect((await ResponseModel.findById(s.responseA).lean())!.state).toBe('submitted');
  });

  it('checklist 18: hostile answers and comments render inert on the review page and the timeline', async () => {
    const s = await openScenario();
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>{{constructor}}';
    await submitAsOperator(env.app, s.orgA, s.responseA, { ...COMPLETE, profil: { namaLembaga: hostile, kapasitas: 40 } });
    const ev = await evaluatorIn(env.app, ['36.02']);
    const rev = await startReview(ev, s.responseA);
    await ev.post(`/tinjauan/${s.responseA}`).type('form').send({ _csrf: ev.csrf, rev, _action: 'save', 'comment.manajemen.rapat': hostile }).expect(303);
    const page = await ev.get(`/tinjauan/${s.responseA}`).expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(revOf(page.text)).toBe(String(Number(rev) + 1));
    const timeline = await ev.get(`/tanggapan/${s.responseA}/riwayat`).expect(200);
    expect(timeline.text).not.toContain('<script>alert(1)</script>');
    expect(timeline.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
