/**
 * The evaluator's pages in a real browser on a 360 px phone WITHOUT JavaScript: queue → review
 * page → start review → two scores changed with reasons, a file judged, an item flagged with a
 * comment, the evaluator-only question answered → return; then the timeline, and the admin's
 * audit log. All by plain form posts and redirects; every page fits the width and axe finds no
 * serious or critical violation.
 */
import type { Page } from 'playwright-core';
import { newLoopbackContext, PHONE } from '../../e2e/browser';
import { useAppInBrowser } from '../../e2e/app-in-browser';
import { createUser, TEST_PASSWORD } from '../../helpers/session';
import { ResponseModel } from '../../../server/model/response';
import { openScenario, submitAsOperator, useReviewEnv } from './setup';

const env = useReviewEnv();
const ui = useAppInBrowser(() => env.app);
const { expectFits, submitWith, axeClean } = ui;

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${ui.base}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await submitWith(page, 'button[type="submit"]');
}

describe('evaluator on a phone without JavaScript', () => {
  it('reviews and returns a response; queue, review page and timeline fit 360 px and pass axe', async () => {
    const s = await openScenario();
    const { fileId } = await submitAsOperator(env.app, s.orgA, s.responseA);
    await createUser({ username: 'evaluator.hp', role: 'evaluator', kabkota: ['36.02'] });
    const { context } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, 'evaluator.hp');
    expect(new URL(page.url()).pathname).toBe('/tinjauan');
    await expectFits(page);
    await axeClean(context, page);

    await submitWith(page, `a[href="/tinjauan/${s.responseA}"]`);
    await page.locator('[data-response-state="submitted"]').first().waitFor({ state: 'attached' });
    await expectFits(page);
    await axeClean(context, page);
    await submitWith(page, 'button[name="_action"][value="start-review"]');
    await page.locator('[data-response-state="in_review"]').first().waitFor({ state: 'attached' });
    await expectFits(page);
    await axeClean(context, page);

    const item = (key: string) => page.locator(`[data-review-item="${key}"]`);
    await item('manajemen.tandaDaftar').locator('select[name="score.manajemen.tandaDaftar"]').selectOption('2');
    await item('manajemen.tandaDaftar').locator('textarea[name="reason.manajemen.tandaDaftar"]').fill('Tanda daftar kedaluwarsa');
    await item('manajemen.tandaDaftar').locator(`input[name="verdict.${fileId}"][value="invalid"]`).check();
    await item('manajemen.tandaDaftar').locator('input[type="checkbox"][name="needsFix.manajemen.tandaDaftar"]').check();
    await item('manajemen.tandaDaftar').locator('textarea[name="comment.manajemen.tandaDaftar"]').fill('Unggah tanda daftar yang berlaku');
    await item('manajemen.rapat').locator('select[name="score.manajemen.rapat"]').selectOption('1');
    await item('manajemen.rapat').locator('textarea[name="reason.manajemen.rapat"]').fill('Notulen tidak lengkap');
    await page.check('input[name="manajemen.kunjungan"][value="2"]');
    await submitWith(page, 'button[name="_action"][value="return"]');
    await page.locator('[data-response-state="returned"]').first().waitFor({ state: 'attached' });
    await expectFits(page);
    await axeClean(context, page);
    const doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc.state).toBe('returned');
    expect(doc.review.map((r) => [r.path, r.verifiedPoints, r.needsFix])).toEqual([['manajemen.tandaDaftar', 2, true], ['manajemen.rapat', 1, false]]);
    expect(doc.evaluatorAnswers).toEqual({ manajemen: { kunjungan: 2 } });
    expect(doc.evidence[0].verdict).toBe('invalid');

    await page.goto(`${ui.base}/tanggapan/${s.responseA}/riwayat`);
    await page.locator('[data-audit-action="response.return"]').waitFor({ state: 'attached' });
    await expectFits(page);
    await axeClean(context, page);
    await context.close();
  }, 90_000);

  it('the admin audit log and the review page of a verified response fit a phone and pass axe', async () => {
    const s = await openScenario();
    await submitAsOperator(env.app, s.orgA, s.responseA);
    await ResponseModel.updateOne({ _id: s.responseA }, { $set: { state: 'verified', verifiedScore: { total: 87.5, grade: 'A', gradeLabel: 'Sangat Baik' }, verifiedAt: new Date() } });
    await createUser({ username: 'admin.hp', role: 'admin' });
    const { context } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, 'admin.hp');
    for (const url of ['/admin/audit', '/admin/audit?aksi=response.submit', `/tinjauan/${s.responseA}`, '/tinjauan?status=verified']) {
      const res = await page.goto(`${ui.base}${url}`);
      expect(res?.status()).toBe(200);
      await expectFits(page);
      await axeClean(context, page);
    }
    await context.close();
  }, 90_000);
});
