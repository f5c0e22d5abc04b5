/**
 * The cycle lifecycle pages in a real browser on a 360 px phone WITHOUT JavaScript: the admin
 * changes the schedule (first without a reason: error summary), closes the cycle through the
 * confirmation page and reopens it, all by plain form posts and redirects; the operator's task
 * list says "Siklus ditutup" meanwhile. Every page fits the width and passes axe.
 */
import { newLoopbackContext, PHONE } from '../../e2e/browser';
import { useAppInBrowser } from '../../e2e/app-in-browser';
import { createUser, TEST_PASSWORD } from '../../helpers/session';
import { Cycle } from '../../../server/model/cycle';
import { openScenario, useFillEnv } from '../fill/setup';

const env = useFillEnv();
const ui = useAppInBrowser(() => env.app);
const { expectFits, submitWith, axeClean } = ui;

async function signIn(context: Awaited<ReturnType<typeof newLoopbackContext>>['context'], username: string) {
  const page = await context.newPage();
  await page.goto(`${ui.base}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await submitWith(page, 'main button[type="submit"]');
  return page;
}

describe('cycle lifecycle on a phone without JavaScript', () => {
  it('reschedules, closes and reopens; pages fit 360 px and pass axe', async () => {
    const s = await openScenario();
    await createUser({ username: 'admin.hp', role: 'admin' });
    await createUser({ username: 'operator.hp', role: 'operator', organisationIds: [s.orgA] });
    const { context } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await signIn(context, 'admin.hp');

    await page.goto(`${ui.base}/admin/siklus/${s.cycleId}`);
    await submitWith(page, `a[href="/admin/siklus/${s.cycleId}/jadwal"]`);
    await page.fill('input[name="closesAt"]', '2099-12-31');
    await submitWith(page, 'button[value="reschedule"]');
    expect(await page.locator('.error-summary').textContent()).toContain('Alasan wajib diisi.');
    await expectFits(page);
    await axeClean(context, page);
    await page.fill('textarea[name="reason"]', 'Banjir di Lebak');
    await submitWith(page, 'button[value="reschedule"]');
    expect(new URL(page.url()).pathname).toBe(`/admin/siklus/${s.cycleId}`);
    expect(await page.content()).toContain('31 Desember 2099');
    await expectFits(page);
    await axeClean(context, page);

    await submitWith(page, `a[href="/admin/siklus/${s.cycleId}/tutup"]`);
    await expectFits(page);
    await axeClean(context, page);
    await page.check('input[name="confirm"]');
    await submitWith(page, 'button[value="close"]');
    expect((await Cycle.findById(s.cycleId).lean())!.status).toBe('closed');
    expect(await page.locator('[data-cycle-state]').getAttribute('data-cycle-state')).toBe('closed');

    const { context: opContext } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const opPage = await signIn(opContext, 'operator.hp');
    expect(await opPage.content()).toContain('Siklus ditutup');
    await expectFits(opPage);
    await opContext.close();

    await submitWith(page, `a[href="/admin/siklus/${s.cycleId}/buka-kembali"]`);
    await expectFits(page);
    await axeClean(context, page);
    await page.fill('textarea[name="reason"]', 'Dibuka untuk lembaga terdampak');
    await submitWith(page, 'button[value="reopen"]');
    expect((await Cycle.findById(s.cycleId).lean())!.status).toBe('open');
    await context.close();
  }, 90000);
});
