/**
 * The operator's journey: assignments, two sections saved as drafts (completeness and self score
 * follow), evidence uploaded and downloaded, submission; and the draft rules (valid parts kept,
 * hidden answers pruned, repeat rows without JavaScript, stale rev refused).
 */
import { Readable } from 'node:stream';
import mongoose from 'mongoose';
import { evidencePolicy } from '../../../server/domain/files';
import { removeOrphanEvidence, storeEvidence } from '../../../server/model/evidence-store';
import { evidenceIsReferenced } from '../../../server/model/query/responses';
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { PDF_BYTES, PNG_BYTES } from './fixtures';
import { openScenario, operatorOf, revOf, submissionIdOf, useFillEnv } from './setup';

const env = useFillEnv();

const section = (id: string, key: string) => `/tanggapan/${id}/bagian/${key}`;

describe('operator fills in a response', () => {
  it('lists the assignment, saves two sections as drafts, shows completeness and self score, uploads and downloads evidence, submits', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);

    const tasks = await op.get('/tugas').expect(200);
    expect(tasks.text).toContain('Monev Uji 2026');
    expect(tasks.text).toContain(`data-response-id="${s.responseA}"`);
    expect(tasks.text).not.toContain(s.responseB);

    const profil = await op.get(section(s.responseA, 'profil')).expect(200);
    expect(profil.text).toContain('data-section="profil"');
    expect(profil.text).toMatch(/enctype="multipart\/form-data"/);
    let rev = revOf(profil.text);
    const saved1 = await op.post(section(s.responseA, 'profil')).type('form')
      .send({ _csrf: op.csrf, rev: String(rev), 'profil.namaLembaga': 'LKSA Harapan', 'profil.kapasitas': '40', 'profil.layananAnak': 'false', _action: 'next' });
    expect(saved1.status).toBe(303);
    expect(saved1.headers.location).toBe(section(s.responseA, 'manajemen'));

    const manajemen = await op.get(section(s.responseA, 'manajemen')).expect(200);
    rev = revOf(manajemen.text);
    expect(rev).toBe(1);
    // multipart: answers and a file in one post, as the browser sends the section form
    const saved2 = await op.post(`${section(s.responseA, 'manajemen')}?_csrf=${encodeURIComponent(op.csrf)}`)
      .field('rev', String(rev)).field('manajemen.tandaDaftar', '4').field('manajemen.rapat', '2').field('_action', 'save')
      .attach('manajemen.tandaDaftar.~file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' });
    expect(saved2.status).toBe(303);

    const stored = await ResponseModel.findById(s.responseA).lean();
    expect(stored!.answers).toEqual({ profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40, layananAnak: false }, manajemen: { tandaDaftar: 4, rapat: 2 } });
    expect(stored!.rev).toBe(2);
    expect(stored!.evidence).toHaveLength(1);
    expect(stored!.evidence[0]).toMatchObject({ path: 'manajemen.tandaDaftar', name: 'tanda-daftar.pdf', type: 'application/pdf', size: PDF_BYTES.length });

    const overview = await op.get(`/tanggapan/${s.responseA}`).expect(200);
    expect(overview.text).toContain('data-response-state="draft"');
    expect(overview.text).toContain('<progress id="progress-all" max="100" value="100">');
    expect(overview.text).toMatch(/Nilai total[\s\S]*?<strong>75<\/strong>/); // (4 + 2) / 8
    expect(overview.text).toMatch(/Predikat[\s\S]*?<strong>B<\/strong>/);

    // a second evidence file through the upload endpoint; then download both
    const up = await op.post(`/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`)
      .field('path', 'manajemen.tandaDaftar').attach('file', PNG_BYTES, { filename: 'foto.png', contentType: 'image/png' });
    expect(up.status).toBe(303);
    const files = (await ResponseModel.findById(s.responseA).lean())!.evidence;
    expect(files.map((f) => f.type)).toEqual(['application/pdf', 'image/png']);
    const pdf = await op.get(`/bukti/${String(files[0].fileId)}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(pdf.body as Buffer, PDF_BYTES)).toBe(0);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="tanda-daftar.pdf"; filename*=UTF-8''tanda-daftar.pdf`);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');

    const submitPage = await op.get(`/tanggapan/${s.responseA}/kirim`).expect(200);
    expect(submitPage.text).toContain('value="submit"');
    const sent = await op.post(`/tanggapan/${s.responseA}/kirim`).type('form')
      .send({ _csrf: op.csrf, submissionId: submissionIdOf(submitPage.text), rev: String(revOf(submitPage.text)), _action: 'submit' });
    expect(sent.status).toBe(303);
    const done = await ResponseModel.findById(s.responseA).lean();
    expect(done!.state).toBe('submitted');
    expect(done!.submittedAt).toBeInstanceOf(Date);
    expect(done!.selfScore).toMatchObject({ total: 75, grade: 'B', gradeLabel: 'Baik' });
    expect((done!.selfScore as { sections: Record<string, unknown> }).sections.manajemen).toMatchObject({ score: 75 });
    expect(await AuditEntry.countDocuments({ action: 'response.submit', targetId: s.responseA })).toBe(1);
    expect(await AuditEntry.countDocuments({ action: 'response.answers_changed', targetId: s.responseA })).toBe(2);
    expect(await AuditEntry.countDocuments({ action: 'evidence.upload', targetId: s.responseA })).toBe(2);
    const after = await op.get(`/tanggapan/${s.responseA}`).expect(200);
    expect(after.text).toContain('data-response-state="submitted"');
  });
});

describe('evidence removal', () => {
  it("removes a file with the section form's remove button and with the delete route; the stored bytes go too", async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const url = `/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`;
    for (const name of ['satu.pdf', 'dua.pdf']) {
      await op.post(url).field('path', 'manajemen.tandaDaftar').attach('file', PDF_BYTES, { filename: name, contentType: 'application/pdf' }).expect(303);
    }
    const files = () => mongoose.connection.db!.collection('evidence.files').countDocuments();
    expect(await files()).toBe(2);
    const page = await op.get(section(s.responseA, 'manajemen')).expect(200);
    const remove = /name="_action" value="(remove-file:[^"]+)"/.exec(page.text)?.[1];
    expect(remove).toMatch(/^remove-file:manajemen\.tandaDaftar:[0-9a-f]{24}$/);
    const removed = await op.post(section(s.responseA, 'manajemen')).type('form')
      .send({ _csrf: op.csrf, rev: String(revOf(page.text)), 'manajemen.rapat': '1', _action: remove });
    expect(removed.status).toBe(303);
    let doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc.evidence.map((e) => e.name)).toEqual(['dua.pdf']);
    expect(doc.answers).toEqual({ manajemen: { rapat: 1 } });
    expect(await files()).toBe(1);
    const gone = await op.post(`/bukti/${String(doc.evidence[0].fileId)}/hapus`).type('form').send({ _csrf: op.csrf });
    expect(gone.status).toBe(303);
    expect(gone.headers.location).toBe(`/tanggapan/${s.responseA}/bagian/manajemen#f-manajemen-tandaDaftar`);
    doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc.evidence).toEqual([]);
    expect(await files()).toBe(0);
    expect(await AuditEntry.countDocuments({ action: 'evidence.delete', targetId: s.responseA })).toBe(2);
  });
});

describe('orphaned evidence', () => {
  it('removeOrphanEvidence deletes stored files no response refers to, and keeps the referenced ones', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await op.post(`/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).field('path', 'manajemen.tandaDaftar')
      .attach('file', PDF_BYTES, { filename: 'tetap.pdf', contentType: 'application/pdf' }).expect(303);
    // a file stored by a process that died before recording it on the response
    const orphan = await storeEvidence(Readable.from([PDF_BYTES]), { responseId: s.responseA, organisationId: s.orgA, path: 'manajemen.tandaDaftar', originalName: 'yatim.pdf', uploadedBy: 'x' }, evidencePolicy(undefined));
    const files = () => mongoose.connection.db!.collection('evidence.files').countDocuments();
    expect(await files()).toBe(2);
    expect(await removeOrphanEvidence(evidenceIsReferenced, 60_000)).toBe(0); // too young: maybe an upload in progress
    expect(await removeOrphanEvidence(evidenceIsReferenced, -1000)).toBe(1);
    expect(await files()).toBe(1);
    expect(await mongoose.connection.db!.collection('evidence.files').findOne({ _id: orphan.fileId })).toBeNull();
  });
});
