/**
 * Issue 18, point 1: each review item shows its evidence beside its answer and scores (not only
 * inside the collapsed "Lihat semua jawaban bagian ini"): type, name, size, "Lihat" for PDF and
 * images, "Unduh", the evaluator's mark, the instrument's rule and what the submit check misses.
 * "Lihat" (/bukti/:id/pratinjau) is inline only for PDF and images, with nosniff and a CSP with
 * no script; everything else stays an attachment. Previews are audited like downloads (27, 6).
 */
import { AuditEntry } from '../../../server/model/audit';
import { ResponseModel } from '../../../server/model/response';
import { PNG_BYTES } from '../fill/fixtures';
import { currentRev, evaluatorIn, openScenario, operatorOf, startReview, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();

/** The HTML of one review item (fieldset or article) of a review page. */
function itemHtml(page: string, path: string): string {
  const start = page.indexOf(`data-review-item="${path}"`);
  expect(start).toBeGreaterThan(-1);
  const end = page.slice(start).search(/<\/(fieldset|article)>\s*(<fieldset class="rv-item|<article class="rv-item|<\/section>)/);
  return page.slice(start, start + end);
}

describe('evidence beside the score on the review page', () => {
  it('shows type, name, size, Lihat and Unduh and the mark in the item, read-only before the review and as radio buttons in it', async () => {
    const s = await openScenario();
    const { fileId } = await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);

    const before = itemHtml((await ev.get(`/tinjauan/${s.responseA}`).expect(200)).text, 'manajemen.tandaDaftar');
    expect(before).toContain('<dt>Jawaban lembaga</dt>');
    expect(before).toContain('<dt>Nilai mandiri</dt><dd>4 dari 4</dd>');
    expect(before).toContain(`data-evidence-file="${fileId}"`);
    expect(before).toContain('<span class="rv-type">PDF</span> <span class="rv-name">tanda-daftar.pdf</span>');
    expect(before).toMatch(/<span class="muted">\d+ B<\/span>/);
    expect(before).toContain(`href="/bukti/${fileId}/pratinjau" target="_blank" rel="noopener"`);
    expect(before).toContain(`href="/bukti/${fileId}" download`);
    expect(before).toContain('Penilaian bukti: <strong class="">Belum diperiksa</strong>');
    expect(before).toContain('(PDF, PNG · minimal 1, paling banyak 2 berkas)');

    await startReview(ev, s.responseA);
    const open = itemHtml((await ev.get(`/tinjauan/${s.responseA}`).expect(200)).text, 'manajemen.tandaDaftar');
    expect(open).toContain(`name="verdict.${fileId}" value="invalid"`);
    expect(open).toContain('name="score.manajemen.tandaDaftar"');
    expect(open.indexOf(`data-evidence-file="${fileId}"`)).toBeLessThan(open.indexOf('name="score.manajemen.tandaDaftar"'));

    await ev.post(`/tinjauan/${s.responseA}`).type('form')
      .send({ _csrf: ev.csrf, rev: await currentRev(s.responseA), _action: 'save', [`verdict.${fileId}`]: 'invalid' }).expect(303);
    expect((await ResponseModel.findById(s.responseA).lean())!.evidence[0].verdict).toBe('invalid');
    expect(itemHtml((await ev.get(`/tinjauan/${s.responseA}`).expect(200)).text, 'manajemen.tandaDaftar'))
      .toMatch(new RegExp(`name="verdict\\.${fileId}" value="invalid" checked`));
  });

  it('says when the evidence the instrument requires is missing (the submit check\'s own message)', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    // the file is gone (e.g. removed after a return): the review page names the shortfall at the item
    await ResponseModel.updateOne({ _id: s.responseA }, { $set: { evidence: [] } });
    const ev = await evaluatorIn(env.app, ['36.02']);
    const item = itemHtml((await ev.get(`/tinjauan/${s.responseA}`).expect(200)).text, 'manajemen.tandaDaftar');
    expect(item).toContain('<p class="rv-shortfall">Bukti dukung untuk Tanda Daftar LKS masih berlaku wajib diunggah (minimal 1 berkas)</p>');
  });

  it('checklist 27: Lihat is inline only for PDF and images, with nosniff and a CSP without script; downloads stay attachments; both audited', async () => {
    const s = await openScenario();
    // the operator uploads a photo (PNG) too, then a PDF, and submits
    const op = await operatorOf(env.app, s.orgA);
    const up = await op.post(`/api/tanggapan/${s.responseA}/bukti`).set('X-CSRF-Token', op.csrf).field('path', 'manajemen.tandaDaftar')
      .attach('file', PNG_BYTES, { filename: 'foto.png', contentType: 'image/png' }).expect(201);
    const pngId = String(up.body.files[0].id);
    const { fileId: pdfId } = await submitAsOperator(env.app, s.orgA, s.responseA);
    const ev = await evaluatorIn(env.app, ['36.02']);

    const pdf = await ev.get(`/bukti/${pdfId}/pratinjau`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="tanda-daftar.pdf"; filename*=UTF-8''tanda-daftar.pdf`);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.headers['content-security-policy']).toMatch(/^default-src 'none'; object-src 'self';/);
    expect(pdf.headers['content-security-policy']).not.toMatch(/script-src/);
    expect(pdf.headers['content-security-policy']).toContain("frame-ancestors 'none'");

    const image = await ev.get(`/bukti/${pngId}/pratinjau`).expect(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toMatch(/^inline; filename="foto.png"/);
    expect(image.headers['content-security-policy']).toMatch(/^default-src 'none'; img-src 'self';.*; sandbox$/);

    const down = await ev.get(`/bukti/${pdfId}`).expect(200);
    expect(down.headers['content-disposition']).toMatch(/^attachment; /);
    expect(down.headers['content-security-policy']).toBe("default-src 'none'; sandbox");

    const entries = await AuditEntry.find({ action: 'evidence.download' }).sort({ at: 1, _id: 1 }).lean();
    expect(entries.map((e) => [(e.details as { fileId: string }).fileId, Boolean((e.details as { inline?: boolean }).inline)]))
      .toEqual([[pdfId, true], [pngId, true], [pdfId, false]]);

    const timeline = (await ev.get(`/tanggapan/${s.responseA}/riwayat`).expect(200)).text;
    expect(timeline).toContain('Berkas tanda-daftar.pdf (Tanda Daftar LKS masih berlaku), dilihat di peramban');
    expect(timeline).toContain('Berkas tanda-daftar.pdf (Tanda Daftar LKS masih berlaku)<');

    // another kabupaten/kota's evaluator: 404 for the preview as for the download (checklist 6)
    const other = await evaluatorIn(env.app, ['36.73']);
    const denied = await other.get(`/bukti/${pdfId}/pratinjau`).set('Accept', 'application/json');
    expect(denied.status).toBe(404);
  });
});
