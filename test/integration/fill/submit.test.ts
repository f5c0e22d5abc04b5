/**
 * Submission: completeness (422 with every missing item linked), idempotency by client instance
 * id (checklists 30-31), 20 parallel posts → one state change and one audit entry, resubmission
 * after a return, and the JSON endpoint the load test uses.
 */
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { PDF_BYTES } from './fixtures';
import { openScenario, operatorOf, revOf, submissionIdOf, useFillEnv } from './setup';

const env = useFillEnv();

const COMPLETE = { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 }, manajemen: { tandaDaftar: 0, rapat: 3 } };

async function fillDraft(op: Awaited<ReturnType<typeof operatorOf>>, id: string, answers: unknown): Promise<number> {
  const res = await op.put(`/api/tanggapan/${id}`).set('X-CSRF-Token', op.csrf).send({ rev: (await ResponseModel.findById(id).lean())!.rev, answers }).expect(200);
  expect(res.body.errors).toEqual([]);
  return res.body.rev as number;
}

describe('submit', () => {
  it('refuses an incomplete response with 422, listing every missing item with a link to it', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await fillDraft(op, s.responseA, { profil: { namaLembaga: 'LKSA Harapan' }, manajemen: { tandaDaftar: 3 } });
    const page = await op.get(`/tanggapan/${s.responseA}/kirim`).expect(200);
    const res = await op.post(`/tanggapan/${s.responseA}/kirim`).type('form')
      .send({ _csrf: op.csrf, submissionId: submissionIdOf(page.text), rev: String(revOf(page.text)), _action: 'submit' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Kapasitas');
    expect(res.text).toContain('Rapat pengurus rutin');
    expect(res.text).toContain('Tanda Daftar LKS masih berlaku'); // evidence minimum (score 3 needs a file)
    expect(res.text).toContain(`href="/tanggapan/${s.responseA}/bagian/profil?periksa#f-profil-kapasitas"`);
    expect(res.text).toContain(`href="/tanggapan/${s.responseA}/bagian/manajemen?periksa#f-manajemen-rapat"`);
    expect((await ResponseModel.findById(s.responseA).lean())!.state).toBe('draft');
    // issue 18: the link lands on a section page that shows the same messages at the fields
    const landed = await op.get(`/tanggapan/${s.responseA}/bagian/manajemen?periksa`).expect(200);
    expect(landed.text).toContain('id="f-manajemen-rapat--err"');
    expect(landed.text).toContain('id="f-manajemen-tandaDaftar--err"');
    expect(landed.text).toMatch(/aria-describedby="[^"]*f-manajemen-rapat--err"/);
    expect(landed.text).toContain('role="alert"');
    const plain = await op.get(`/tanggapan/${s.responseA}/bagian/manajemen`).expect(200);
    expect(plain.text).not.toContain('--err"');
    const json = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId: randomUUID(), rev: 1, answers: { profil: { namaLembaga: 'X' }, manajemen: {} } });
    expect(json.status).toBe(422);
    expect(json.body.code).toBe(422.1);
    expect(json.body.details.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['profil.kapasitas', 'manajemen.tandaDaftar', 'manajemen.rapat']));
  });

  it('checklist 30: the same submission posted 20 times in parallel changes the state once, with one audit entry', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const rev = await fillDraft(op, s.responseA, COMPLETE);
    const submissionId = randomUUID();
    const posts = Array.from({ length: 20 }, () => op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId, rev, answers: COMPLETE }));
    const results = await Promise.all(posts);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.filter((r) => r.body.replay === false)).toHaveLength(1);
    for (const r of results) expect(r.body).toMatchObject({ id: s.responseA, state: 'submitted', rev: rev + 1, selfScore: { total: 37.5, grade: 'D' } });
    expect(await AuditEntry.countDocuments({ action: 'response.submit', targetId: s.responseA })).toBe(1);
    const doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc.state).toBe('submitted');
    expect(doc.rev).toBe(rev + 1);
    expect(doc.submissionId).toBe(submissionId);
  });

  it('checklist 30-31: a replay answers the same result; the same id with different content is 409.4 and changes nothing', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await fillDraft(op, s.responseA, COMPLETE);
    const page = await op.get(`/tanggapan/${s.responseA}/kirim`).expect(200);
    const submissionId = submissionIdOf(page.text);
    const form = { _csrf: op.csrf, submissionId, rev: String(revOf(page.text)), _action: 'submit' };
    const first = await op.post(`/tanggapan/${s.responseA}/kirim`).type('form').send(form);
    expect(first.status).toBe(303);
    const again = await op.post(`/tanggapan/${s.responseA}/kirim`).type('form').send(form); // the browser retries
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    const before = (await ResponseModel.findById(s.responseA).lean())!;
    const replay = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf).send({ submissionId, rev: 0, answers: COMPLETE });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ state: 'submitted', replay: true, rev: before.rev });
    const different = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId, rev: before.rev, answers: { ...COMPLETE, manajemen: { tandaDaftar: 0, rapat: 4 } } });
    expect(different.status).toBe(409);
    expect(different.body.code).toBe(409.4);
    const after = (await ResponseModel.findById(s.responseA).lean())!;
    expect(after.answers).toEqual(before.answers);
    expect(after.rev).toBe(before.rev);
    expect(await AuditEntry.countDocuments({ action: 'response.submit', targetId: s.responseA })).toBe(1);
    // a new submission id on a submitted response is not a new submission
    const other = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf).send({ submissionId: randomUUID(), rev: before.rev, answers: COMPLETE });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe(409.1);
  });

  it('a returned response is resubmitted (state resubmitted), with evidence minimums checked', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await fillDraft(op, s.responseA, COMPLETE);
    const r1 = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf).send({ submissionId: randomUUID(), rev: 1, answers: COMPLETE }).expect(200);
    // an evaluator returned it (the review area does this; here directly)
    await ResponseModel.updateOne({ _id: s.responseA }, { $set: { state: 'returned', review: [{ path: 'manajemen.tandaDaftar', needsFix: true, comment: 'Lampirkan Tanda Daftar' }] }, $inc: { rev: 1 } });
    const overview = await op.get(`/tanggapan/${s.responseA}`).expect(200);
    expect(overview.text).toContain('data-needs-fix="manajemen.tandaDaftar"');
    expect(overview.text).toContain('Lampirkan Tanda Daftar');
    const sectionPage = await op.get(`/tanggapan/${s.responseA}/bagian/manajemen`).expect(200);
    // the flagged question's wrapper carries the mark and holds its inputs
    expect(sectionPage.text).toMatch(/<div data-needs-fix="manajemen.tandaDaftar" class="fm-field[^"]*">\s*<fieldset[^>]*>\s*<legend[^>]*>Tanda Daftar LKS[\s\S]*?name="manajemen.tandaDaftar"/);
    const fixed = { ...COMPLETE, manajemen: { tandaDaftar: 4, rapat: 3 } };
    const noFile = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf).send({ submissionId: randomUUID(), rev: r1.body.rev + 1, answers: fixed });
    expect(noFile.status).toBe(422);
    await op.post(`/api/tanggapan/${s.responseA}/bukti`).set('X-CSRF-Token', op.csrf).field('path', 'manajemen.tandaDaftar')
      .attach('file', PDF_BYTES, { filename: 'td.pdf', contentType: 'application/pdf' }).expect(201);
    const rev = (await ResponseModel.findById(s.responseA).lean())!.rev;
    const ok = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf).send({ submissionId: randomUUID(), rev, answers: fixed });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'resubmitted', selfScore: { total: 87.5, grade: 'A' } });
    const entries = await AuditEntry.find({ action: 'response.submit', targetId: s.responseA }).sort({ at: 1 }).lean();
    expect(entries.map((e) => (e.details as { to: string }).to)).toEqual(['submitted', 'resubmitted']);
  });
});
