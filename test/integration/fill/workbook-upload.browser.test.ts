/**
 * The one browser test of questionnaire workbooks (Debian chromium, desktop as Dinsos admins use
 * it): upload a 63-item .xlsx at the instrument library → the draft's preview, whose score follows
 * the answers as they are given (no click) → publish. The preview and the draft editor fit a phone's width and are axe-clean.
 */
import { DESKTOP, newLoopbackContext, PHONE } from '../../e2e/browser';
import { useAppInBrowser } from '../../e2e/app-in-browser';
import { createUser, TEST_PASSWORD } from '../../helpers/session';
import { Instrument } from '../../../server/model/instrument';
import { BIG_WORKBOOK_ID, bigWorkbook } from '../../fixtures/big-workbook';
import { useFillEnv } from './setup';

const env = useFillEnv();
const ui = useAppInBrowser(() => env.app);

it('upload → preview with score → publish', async () => {
  await createUser({ username: 'admin.dinsos', role: 'admin' });
  const { context } = await newLoopbackContext(ui.browser, DESKTOP);
  const page = await context.newPage();
  await page.goto(`${ui.base}/login`);
  await page.fill('input[name="username"]', 'admin.dinsos');
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await ui.submitWith(page, 'button[type="submit"]');

  await page.goto(`${ui.base}/admin/instrumen`);
  await page.setInputFiles('#definisi', { name: 'instrumen-besar.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await bigWorkbook() });
  await ui.submitWith(page, 'button[name="_action"][value="upload"]');
  const href = `/admin/instrumen/${BIG_WORKBOOK_ID}/2026.1`;
  expect(new URL(page.url()).pathname).toBe(`${href}/pratinjau`);
  await page.check('input[name="manajemen.tandaDaftar"][value="berlaku"]');
  await page.check('input[name="manajemen.dok1"][value="4"]');
  // the score follows the answers without a click (preview.js; the button is the no-JS way, tested in instrument-workbooks):
  // unanswered items count 0: A. Manajemen (4 + 4) / (17 × 4) = 11.76, weight 30 of 100 → 3,53
  await page.waitForFunction(() => document.querySelector('[data-preview-score] strong')?.textContent === '3,53', undefined, { timeout: 10_000 });
  expect(new URL(page.url()).pathname).toBe(`${href}/pratinjau`);

  // the preview and the editor on a phone: fit the width, no serious axe findings
  const phone = await context.newPage();
  await phone.setViewportSize(PHONE.viewport!);
  for (const path of [`${href}/pratinjau`, `${href}/sunting?butir=manajemen.tandaDaftar`]) {
    await phone.goto(ui.base + path);
    await ui.expectFits(phone);
    await ui.axeClean(context, phone);
  }

  await ui.submitWith(page, 'button[name="_action"][value="publish"]');
  expect(new URL(page.url()).pathname).toBe(href);
  expect(await page.locator('[data-instrument-status]').getAttribute('data-instrument-status')).toBe('published');
  expect((await Instrument.findOne({ formId: BIG_WORKBOOK_ID }).lean())!.status).toBe('published');
  await context.close();
}, 120_000);
