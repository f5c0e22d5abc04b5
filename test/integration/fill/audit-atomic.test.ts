/**
 * Audit completeness of the fill area: a draft save, an evidence change and its audit entries
 * are one transaction (neither exists without the other), and every evidence download is
 * recorded with who downloaded which file of which institution.
 */
import mongoose from 'mongoose';
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { PDF_BYTES } from './fixtures';
import { evaluatorAgent, openScenario, operatorOf, useFillEnv } from './setup';

const env = useFillEnv();

/**
 * Makes the next audit insert carrying `requestId` fail, as a full disk or a lost primary would
 * fail it: a unique index on requestId plus an entry already holding that id.
 */
async function auditWillFailFor(requestId: string): Promise<void> {
  const audits = mongoose.connection.db!.collection('auditentries');
  await audits.createIndex({ requestId: 1 }, { unique: true, partialFilterExpression: { requestId: { $type: 'string' } }, name: 'test_requestId_unique' });
  await audits.insertOne({ at: new Date(), action: 'login.success', requestId });
}

afterEach(async () => {
  await mongoose.connection.db!.collection('auditentries').dropIndex('test_requestId_unique').catch(() => undefined);
});

describe('fill audit', () => {
  it('a draft whose audit entry cannot be written is not saved either (one transaction)', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const ok = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).set('X-Request-Id', 'req-draft-ok-1')
      .send({ rev: 0, answers: { profil: { namaLembaga: 'LKS Harapan' } } });
    expect(ok.status).toBe(200);
    expect(await AuditEntry.countDocuments({ action: 'response.answers_changed', requestId: 'req-draft-ok-1', targetId: s.responseA })).toBe(1);

    await auditWillFailFor('req-draft-fails-1');
    const failed = await op.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', op.csrf).set('X-Request-Id', 'req-draft-fails-1')
      .send({ rev: 1, answers: { profil: { namaLembaga: 'Tidak tersimpan' } } });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const stored = (await ResponseModel.findById(s.responseA).lean())!;
    expect(stored.rev).toBe(1);
    expect((stored.answers as { profil?: { namaLembaga?: string } }).profil?.namaLembaga).toBe('LKS Harapan');
  });

  it('an upload whose audit entry cannot be written leaves neither the evidence entry nor the file', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    await auditWillFailFor('req-upload-fails-1');
    const res = await op.post(`/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json')
      .set('X-Request-Id', 'req-upload-fails-1').field('path', 'manajemen.tandaDaftar').attach('file', PDF_BYTES, { filename: 'sk.pdf', contentType: 'application/pdf' });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect((await ResponseModel.findById(s.responseA).lean())!.evidence).toEqual([]);
    expect(await mongoose.connection.db!.collection('evidence.files').countDocuments()).toBe(0);
  });

  it('every evidence download is audited with the downloader, the file and the institution', async () => {
    const s = await openScenario();
    const op = await operatorOf(env.app, s.orgA);
    const up = await op.post(`/tanggapan/${s.responseA}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', 'application/json')
      .field('path', 'manajemen.tandaDaftar').attach('file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(201);
    const fileId = up.body.files[0].id as string;

    const evaluator = await evaluatorAgent(env.app, 'all');
    expect((await evaluator.get(`/bukti/${fileId}`)).status).toBe(200);
    expect((await op.get(`/bukti/${fileId}`)).status).toBe(200);

    const entries = await AuditEntry.find({ action: 'evidence.download' }).sort({ at: 1 }).lean();
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.role)).toEqual(['evaluator', 'operator']);
    for (const e of entries) {
      expect(e).toMatchObject({ targetType: 'response', targetId: s.responseA, organisationId: s.orgA });
      expect(e.details).toMatchObject({ fileId, name: 'tanda-daftar.pdf', path: 'manajemen.tandaDaftar' });
    }
  });
});
