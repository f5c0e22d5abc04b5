/**
 * The operator's side of a cycle an admin closed: the task list and every fill page say
 * "Siklus ditutup" and are read-only; saving a section, the JSON save, an evidence upload and
 * submitting (HTML and JSON) all answer 409.11 and store nothing, even while an extension for
 * that response still runs; after a reopen the same operator can work again.
 */
import { randomUUID } from 'node:crypto';
import { Cycle } from '../../../server/model/cycle';
import { ResponseModel } from '../../../server/model/response';
import { PDF_BYTES } from './fixtures';
import { adminAgent, openScenario, operatorOf, revOf, submissionIdOf, useFillEnv } from './setup';

const env = useFillEnv();
const section = (id: string, key: string) => `/tanggapan/${id}/bagian/${key}`;

async function adminClose(cycleId: string): Promise<Awaited<ReturnType<typeof adminAgent>>> {
  const admin = await adminAgent(env.app);
  const page = await admin.get(`/admin/siklus/${cycleId}/tutup`).expect(200);
  const rev = /name="rev" value="(\d+)"/.exec(page.text)![1];
  await admin.post(`/admin/siklus/${cycleId}/tutup`).type('form').send({ _csrf: admin.csrf, rev, confirm: 'yes' }).expect(303);
  return admin;
}

describe('a closed cycle, seen by the operator', () => {
  it('pages say "Siklus ditutup" and are read-only; every write answers 409.11 and stores nothing', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const editable = await op.get(section(s.responseA, 'profil')).expect(200);
    expect(editable.text).toContain('name="profil.namaLembaga"');
    const submitPage = await op.get(`/tanggapan/${s.responseA}/kirim`).expect(200);
    const submissionId = submissionIdOf(submitPage.text);
    await adminClose(s.cycleId);

    const tasks = await op.get('/tugas').expect(200);
    expect(tasks.text).toContain('Siklus ditutup');
    const overview = await op.get(`/tanggapan/${s.responseA}`).expect(200);
    expect(overview.text).toContain('Siklus ditutup oleh admin Dinas Sosial');
    const page = await op.get(section(s.responseA, 'profil')).expect(200);
    expect(page.text).toContain('fm-readonly');
    expect(page.text).not.toContain('name="profil.namaLembaga"');
    expect(page.text).toContain('Siklus ditutup oleh admin Dinas Sosial');
    const submit = await op.get(`/tanggapan/${s.responseA}/kirim`).expect(200);
    expect(() => submissionIdOf(submit.text)).toThrow(); // no submit button
    expect(submit.text).toContain('Siklus ditutup');

    // the forms the operator still had open
    const save = await op.post(section(s.responseA, 'profil')).type('form').set('Accept', 'application/json')
      .send({ _csrf: op.csrf, rev: String(revOf(editable.text)), 'profil.namaLembaga': 'Terlambat', _action: 'save' });
    expect(save.status).toBe(409);
    expect(save.body.code).toBe(409.11);
    const saveHtml = await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: String(revOf(editable.text)), 'profil.namaLembaga': 'Terlambat', _action: 'save' });
    expect(saveHtml.status).toBe(409);
    expect(saveHtml.text).toContain('Siklus evaluasi sudah ditutup');
    const sent = await op.post(`/tanggapan/${s.responseA}/kirim`).type('form').set('Accept', 'application/json')
      .send({ _csrf: op.csrf, rev: '0', submissionId });
    expect(sent.status).toBe(409);
    expect(sent.body.code).toBe(409.11);
    // the JSON client (offline phone sync)
    const put = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'API' } } });
    expect(put.status).toBe(409);
    expect(put.body.code).toBe(409.11);
    const apiSubmit = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId: randomUUID(), rev: 0, answers: { profil: { namaLembaga: 'API' } } });
    expect(apiSubmit.status).toBe(409);
    expect(apiSubmit.body.code).toBe(409.11);
    const upload = await op.post(`/api/tanggapan/${s.responseA}/bukti`).set('X-CSRF-Token', op.csrf).field('path', 'manajemen.tandaDaftar')
      .attach('file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' });
    expect(upload.status).toBe(409);
    expect(upload.body.code).toBe(409.11);

    expect(await ResponseModel.findById(s.responseA).lean()).toMatchObject({ state: 'draft', rev: 0, answers: {}, evidence: [] });
  });

  it('an extension granted before the close does not reopen the response; a reopen does', async () => {
    const s = await openScenario({ opensAt: new Date(Date.now() - 10 * 86400000), closesAt: new Date(Date.now() - 86400000) });
    const admin = await adminAgent(env.app);
    await admin.post(`/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`).type('form')
      .send({ _csrf: admin.csrf, until: '2099-01-31T17:00', reason: 'Listrik padam' }).expect(303);
    const op = await operatorOf(env.app, s.orgA);
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 1, answers: { profil: { namaLembaga: 'Dalam perpanjangan' } } }).expect(200);

    await adminClose(s.cycleId);
    const refused = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 2, answers: { profil: { namaLembaga: 'Setelah ditutup' } } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe(409.11);
    const tasks = await op.get('/tugas').expect(200);
    expect(tasks.text).toContain('Siklus ditutup');

    // reopened (the cycle deadline has passed, so with a new one): the extension and the new deadline apply again
    const reopenPage = await admin.get(`/admin/siklus/${s.cycleId}/buka-kembali`).expect(200);
    await admin.post(`/admin/siklus/${s.cycleId}/buka-kembali`).type('form')
      .send({ _csrf: admin.csrf, rev: /name="rev" value="(\d+)"/.exec(reopenPage.text)![1], closesAt: '2098-06-30', reason: 'Dibuka untuk Lebak' }).expect(303);
    expect((await Cycle.findById(s.cycleId).lean())!.status).toBe('open');
    await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).send({ rev: 2, answers: { profil: { namaLembaga: 'Setelah dibuka kembali' } } }).expect(200);
    const opB = await operatorOf(env.app, s.orgB);
    await opB.put(`/api/tanggapan/${s.responseB}`).set('X-CSRF-Token', opB.csrf).send({ rev: 0, answers: { profil: { namaLembaga: 'B' } } }).expect(200);
  });

  it('a response returned before the close stays returned and cannot be resubmitted (409.11)', async () => {
    const s = await openScenario();
    await ResponseModel.updateOne({ _id: s.responseA }, { $set: { state: 'returned', answers: { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 4 }, manajemen: { tandaDaftar: 0, rapat: 1 } } } });
    const op = await operatorOf(env.app, s.orgA);
    await adminClose(s.cycleId);
    const resubmit = await op.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', op.csrf)
      .send({ submissionId: randomUUID(), rev: 0, answers: { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 4 }, manajemen: { tandaDaftar: 0, rapat: 2 } } });
    expect(resubmit.status).toBe(409);
    expect(resubmit.body.code).toBe(409.11);
    expect((await ResponseModel.findById(s.responseA).lean())!.state).toBe('returned');
  });
});
