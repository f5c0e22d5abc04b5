/**
 * A real instrument with an evaluator-only SECTION: TKSK's "C. Verifikasi Evaluator" (required
 * `konfirmasiMasyarakat`, scored, weight 20). The operator never sees or sends it; the evaluator
 * fills it on the review page; verifying without it is refused (422); once filled, the verified
 * score counts it while the self score (operator's answers only) does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureBundledInstruments } from '../../../server/bootstrap/instruments';
import { ResponseModel } from '../../../server/model/response';
import { createOrganisation } from '../fill/fixtures';
import { adminAgent, evaluatorIn, revOf, startReview, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();
const ROOT = path.join(__dirname, '..', '..', '..');
const ANSWERS = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'forms', 'tksk-kinerja-tahunan.complete.json'), 'utf8'));

async function openTkskCycle(): Promise<{ organisationId: string; responseId: string }> {
  await ensureBundledInstruments(path.join(ROOT, 'forms'));
  const organisationId = await createOrganisation('TKSK Kecamatan Cikulur', '36.02', { jenis: 'tksk', jenisPelayanan: 'tksk' });
  const admin = await adminAgent(env.app);
  const created = await admin.post('/admin/siklus').type('form')
    .send({ _csrf: admin.csrf, instrument: 'tksk-kinerja-tahunan', name: 'Kinerja TKSK 2026', opensAt: '2026-01-01', closesAt: '2099-12-31', _action: 'create' });
  expect(created.status).toBe(303);
  const cycleId = /\/admin\/siklus\/([0-9a-f]{24})$/.exec(created.headers.location)![1];
  await admin.post(`/admin/siklus/${cycleId}/buka`).type('form').send({ _csrf: admin.csrf, _action: 'open' }).expect(303);
  const response = await ResponseModel.findOne({ organisationId }).lean();
  return { organisationId, responseId: String(response!._id) };
}

describe('TKSK: an evaluator-only section', () => {
  it('is filled by the evaluator, required for verification, and counted only in the verified score', async () => {
    const { organisationId, responseId } = await openTkskCycle();
    // the operator tries to answer the evaluator's section too: it is not kept
    await submitAsOperator(env.app, organisationId, responseId, { ...ANSWERS, verifikasi: { konfirmasiMasyarakat: 4 } }, 'pelaporan.laporanBulanan');
    let doc = (await ResponseModel.findById(responseId).lean())!;
    expect(doc.answers).not.toHaveProperty('verifikasi');
    expect(doc.state).toBe('submitted');
    const self = doc.selfScore as { total: number; sections: Record<string, { score: number | null }> };
    expect(self.sections.verifikasi.score).toBeNull(); // pending: not counted in the self score

    const ev = await evaluatorIn(env.app, ['36.02']);
    const rev = await startReview(ev, responseId);
    const page = await ev.get(`/tinjauan/${responseId}`).expect(200);
    expect(page.text).toContain('name="verifikasi.konfirmasiMasyarakat"');
    expect(page.text).toContain('data-review-item="verifikasi.konfirmasiMasyarakat"');
    expect(page.text).not.toContain('name="needsFix.verifikasi.konfirmasiMasyarakat"');

    const missing = await ev.post(`/tinjauan/${responseId}`).type('form').send({ _csrf: ev.csrf, rev, _action: 'verify' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('<a href="#f-verifikasi">C. Verifikasi Evaluator wajib diisi</a>');
    const partial = await ev.post(`/tinjauan/${responseId}`).type('form').send({ _csrf: ev.csrf, rev, _action: 'verify', 'verifikasi.catatanEvaluator': 'Belum visitasi' });
    expect(partial.status).toBe(422);
    expect(partial.text).toContain('href="#f-verifikasi-konfirmasiMasyarakat"');
    expect(partial.text).toContain('Belum visitasi'); // what was typed is shown again
    expect((await ResponseModel.findById(responseId).lean())!.state).toBe('in_review');

    const verified = await ev.post(`/tinjauan/${responseId}`).type('form').send({
      _csrf: ev.csrf, rev: revOf(page.text), _action: 'verify', 'verifikasi.konfirmasiMasyarakat': '3', 'verifikasi.catatanEvaluator': 'Camat dan dua kepala desa mengonfirmasi.',
    });
    expect(verified.status).toBe(303);
    doc = (await ResponseModel.findById(responseId).lean())!;
    expect(doc.state).toBe('verified');
    expect(doc.evaluatorAnswers).toEqual({ verifikasi: { konfirmasiMasyarakat: 3, catatanEvaluator: 'Camat dan dua kepala desa mengonfirmasi.' } });
    expect(doc.answers).not.toHaveProperty('verifikasi');
    const v = doc.verifiedScore as { total: number; sections: Record<string, { score: number | null }> };
    expect(v.sections.verifikasi.score).toBe(75);
    // the operator's sections (weights 40 + 40) as in the self score, plus verifikasi at 75 with weight 20
    expect(v.total).toBeCloseTo((self.total * 80 + 75 * 20) / 100, 1);
  });
});
