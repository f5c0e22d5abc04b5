/**
 * Issue 16 in a real browser (a phone, no JavaScript): the operator whose response was returned
 * sees the unread notice in the header, opens the inbox (fits 360 px, axe-clean), follows the
 * notice to the flagged items of the response, and from there to the flagged question; the
 * notice is then read and the header count gone.
 */
import { newLoopbackContext, PHONE } from '../../e2e/browser';
import { useAppInBrowser } from '../../e2e/app-in-browser';
import { createUser, loginAs, TEST_PASSWORD } from '../../helpers/session';
import { openScenario, useReviewEnv, evaluatorIn } from '../review/setup';
import { review, submit } from './setup';

const env = useReviewEnv();
const ui = useAppInBrowser(() => env.app);

describe('returned operator in the browser', () => {
  it('sees the unread notice and follows it to the flagged items', async () => {
    const s = await openScenario();
    await createUser({ username: 'operator.hp', role: 'operator', organisationIds: [s.orgA] });
    await submit(await loginAs(env.app, 'operator.hp'), s.responseA);
    await review(await evaluatorIn(env.app, ['36.02']), s.responseA, 'return');

    const { context } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ui.base}/login`);
    await page.fill('input[name="username"]', 'operator.hp');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await ui.submitWith(page, 'button[type="submit"]');
    expect(await page.locator('[data-unread-badge]').textContent()).toBe('1 baru');

    await ui.submitWith(page, 'a[href="/pemberitahuan"]');
    const notice = page.locator('[data-notice-kind="response_returned"][data-unread]');
    expect(await notice.locator('h2').textContent()).toContain('Perlu perbaikan: tanggapan LKSA Harapan');
    expect(await notice.locator('.nt-items li').textContent()).toBe('Tanda Daftar LKS masih berlaku: Lampirkan Tanda Daftar yang masih berlaku');
    await ui.expectFits(page);
    await ui.axeClean(context, page);

    await ui.submitWith(page, '[data-notice-kind="response_returned"] button[type="submit"]:not(.secondary)');
    const url = new URL(page.url());
    expect(`${url.pathname}${url.hash}`).toBe(`/tanggapan/${s.responseA}#flagged-h`);
    const flagged = page.locator('a[data-needs-fix="manajemen.tandaDaftar"]');
    expect(await flagged.isVisible()).toBe(true);
    expect(await page.locator('section[aria-labelledby="flagged-h"]').textContent()).toContain('Lampirkan Tanda Daftar yang masih berlaku');
    expect(await page.locator('[data-unread-badge]').count()).toBe(0);

    await ui.submitWith(page, 'a[data-needs-fix="manajemen.tandaDaftar"]');
    expect(new URL(page.url()).hash).toBe('#f-manajemen-tandaDaftar');
    expect(await page.locator('#f-manajemen-tandaDaftar').count()).toBe(1);
    await context.close();
  }, 90_000);
});
