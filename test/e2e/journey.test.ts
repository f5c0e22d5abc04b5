/**
 * The journey of issue 6 in a real browser, as new users would take it:
 *   admin (desktop) opens a cycle of the bundled LKS instrument → operator (phone, 360x740) signs
 *   in, fills every section (hostile strings in every free-text answer), attaches evidence,
 *   submits → evaluator changes two scores with reasons, flags one item and returns it →
 *   operator fixes the flagged item and resubmits → evaluator verifies → pimpinan opens the
 *   leadership summary, its print view (A4 PDF) and the report card.
 * Along the way: a screenshot of each step in artifacts/e2e/, no sideways scrolling on the phone,
 * axe on the login (public-pages.test.ts), form, submit, review, summary and report-card pages,
 * and — over the whole journey — no script ever runs from an answer and no page raises a CSP
 * violation. The steps run in order and share the response.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { loadBundledForms } from '../../server/domain/forms';
import { createUser } from '../helpers/session';
import { createOrganisation } from '../integration/fill/fixtures';
import { withDataDirDb } from '../faults/data-dir-db';
import { makeDataDir, startAppServer, type AppServer } from './app-server';
import { describeSerious, runAxe } from './axe';
import { DESKTOP, PHONE, horizontalOverflow, launchChromium, newLoopbackContext, screenshot } from './browser';
import { HOSTILE_ANSWERS, trapContext, type ContextTrap } from './csp-probe';
import { journeyAnswers } from './journey-answers';
import { ARTIFACTS_DIR } from './browser';
import { ROUTES, SAMPLE_PDF, fillAllSections, fixFlaggedItems, openAssignment, openCycle, openLeadershipSummary, reviewAndReturn, reviewItemKeys, signIn, submitResponse, verify } from './journey-steps';
import { TEST_PASSWORD } from '../helpers/session';

const FORMS_DIR = path.resolve(__dirname, '..', '..', 'forms');
const CYCLE = 'Monev LKS 2026 (uji perjalanan)';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let server: AppServer;
let browser: Browser;
const dataDir = makeDataDir('monev-journey');

beforeAll(async () => {
  await withDataDirDb(dataDir, async () => {
    const org = await createOrganisation('LKSA Harapan Bangsa', '36.02');
    await createUser({ username: 'admin.dinsos', role: 'admin', name: 'Admin Dinsos' });
    await createUser({ username: 'operator.harapan', role: 'operator', name: 'Operator Harapan', organisationIds: [org] });
    await createUser({ username: 'evaluator.lebak', role: 'evaluator', name: 'Evaluator Lebak', kabkota: ['36.02'] });
    await createUser({ username: 'pimpinan.dinsos', role: 'pimpinan', name: 'Kepala Dinas', kabkota: 'all' });
  });
  [server, browser] = await Promise.all([startAppServer({ database: 'embedded', dataDir }), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('journey: admin opens a cycle, operator fills and submits on a phone', () => {
  const lks = loadBundledForms(FORMS_DIR).forms.find((f) => f.id === 'lks-monev-tahunan');
  let responseId = '';
  let cycleId = '';
  let trap: ContextTrap;
  let flaggedKey = '';

  it('admin opens a cycle of the LKS instrument', async () => {
    const { context } = await newLoopbackContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'admin.dinsos', TEST_PASSWORD);
    cycleId = await openCycle(page, server.baseUrl, { instrument: 'lks-monev-tahunan', name: CYCLE, opensAt: day(-1), closesAt: day(30) });
    await screenshot(page, '01-admin-cycle-open');
    await context.close();
  }, 60_000);

  it('operator fills every section on a phone, with evidence, and submits', async () => {
    expect(lks).toBeDefined();
    const { fields } = journeyAnswers(lks!);
    const { context, foreignRequests } = await newLoopbackContext(browser, PHONE);
    trap = await trapContext(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'operator.harapan', TEST_PASSWORD);
    await screenshot(page, '02-operator-tasks');
    responseId = await openAssignment(page, server.baseUrl, CYCLE);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);

    const sectionUrl = page.url();
    const axeSection = await runAxe(browser, sectionUrl, { context: PHONE, storageState: await context.storageState() });
    expect(describeSerious(axeSection)).toEqual([]);

    const { sections, files } = await fillAllSections(page, fields, SAMPLE_PDF);
    expect(sections).toBe(lks!.sections.length);
    expect(files).toBeGreaterThan(0);
    expect(new URL(page.url()).pathname).toBe(ROUTES.submit(responseId));
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
    const axeSubmit = await runAxe(browser, page.url(), { context: PHONE, storageState: await context.storageState() });
    expect(describeSerious(axeSubmit)).toEqual([]);

    await submitResponse(page, server.baseUrl, responseId, 'submit');
    await screenshot(page, '03-operator-submitted');

    // The hostile answers were stored exactly as typed and come back as inert text (the submitted
    // response's section page is read-only: the answers are shown as text).
    await page.goto(sectionUrl);
    const shownText = await page.locator('main').innerText();
    for (const hostile of HOSTILE_ANSWERS) expect(shownText).toContain(hostile);
    await screenshot(page, '04-operator-section-after-submit');
    await page.goto(`${server.baseUrl}${ROUTES.response(responseId)}`);
    await screenshot(page, '05-operator-overview');
    expect(foreignRequests).toEqual([]);
    await context.close();
  }, 180_000);

  it('evaluator changes two scores with reasons, flags one item and returns the response', async () => {
    const { context } = await newLoopbackContext(browser, DESKTOP);
    const evaluatorTrap = await trapContext(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'evaluator.lebak', TEST_PASSWORD);
    await page.goto(`${server.baseUrl}${ROUTES.review(responseId)}`);
    const axeReview = await runAxe(browser, page.url(), { context: DESKTOP, storageState: await context.storageState() });
    expect(describeSerious(axeReview)).toEqual([]);
    // The operator's hostile text reaches the evaluator's page as text (inside a closed <details>).
    expect(await page.locator('main').textContent()).toContain(HOSTILE_ANSWERS[0]);
    if ((await page.locator('button[name="_action"][value="start-review"]').count()) > 0) {
      await Promise.all([page.waitForEvent('framenavigated'), page.click('button[name="_action"][value="start-review"]')]);
      await page.waitForLoadState('load');
    }
    const [first, second] = await reviewItemKeys(page, 2);
    flaggedKey = first;
    await reviewAndReturn(page, server.baseUrl, responseId, [
      { key: first, score: '2', reason: 'Bukti akta tidak mencantumkan pengesahan.', needsFix: { comment: 'Unggah SK pengesahan Kemenkumham.' } },
      { key: second, score: '3', reason: 'Dokumen ada, belum dievaluasi berkala.' },
    ]);
    await screenshot(page, '06-evaluator-returned');
    expect(evaluatorTrap.pwned).toEqual([]);
    expect(evaluatorTrap.violations).toEqual([]);
    await context.close();
  }, 90_000);

  it('operator fixes the flagged item and resubmits', async () => {
    const { context } = await newLoopbackContext(browser, PHONE);
    const operatorTrap = await trapContext(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'operator.harapan', TEST_PASSWORD);
    await page.goto(`${server.baseUrl}${ROUTES.response(responseId)}`);
    expect(await page.locator(`a[data-needs-fix="${flaggedKey}"]`).count()).toBe(1);
    await screenshot(page, '07-operator-flagged');
    expect(await fixFlaggedItems(page, server.baseUrl, responseId, '3')).toBe(1);
    await submitResponse(page, server.baseUrl, responseId, 'resubmit');
    await screenshot(page, '08-operator-resubmitted');
    expect(operatorTrap.pwned).toEqual([]);
    expect(operatorTrap.violations).toEqual([]);
    await context.close();
  }, 90_000);

  it('evaluator verifies', async () => {
    const { context } = await newLoopbackContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'evaluator.lebak', TEST_PASSWORD);
    await verify(page, server.baseUrl, responseId);
    await screenshot(page, '09-evaluator-verified');
    await context.close();
  }, 60_000);

  it('pimpinan opens the leadership summary, its A4 print view and the report card', async () => {
    const { context } = await newLoopbackContext(browser, DESKTOP);
    const leaderTrap = await trapContext(context);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'pimpinan.dinsos', TEST_PASSWORD);
    const pdf = path.join(ARTIFACTS_DIR, '10-pimpinan-summary-print.pdf');
    await openLeadershipSummary(page, server.baseUrl, cycleId, pdf);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const state = await context.storageState();
    expect(describeSerious(await runAxe(browser, `${server.baseUrl}${ROUTES.summary(cycleId)}`, { context: DESKTOP, storageState: state }))).toEqual([]);
    const card = await page.goto(`${server.baseUrl}${ROUTES.reportCard(responseId)}`);
    expect(card?.status()).toBe(200);
    await screenshot(page, '11-pimpinan-report-card');
    expect(await page.locator('main').innerText()).toContain('LKSA Harapan Bangsa');
    expect(describeSerious(await runAxe(browser, page.url(), { context: DESKTOP, storageState: state }))).toEqual([]);
    expect(leaderTrap.pwned).toEqual([]);
    expect(leaderTrap.violations).toEqual([]);
    await context.close();
  }, 90_000);

  it('no answer ever ran as script, and no page raised a CSP violation', () => {
    expect(trap.pwned).toEqual([]);
    expect(trap.violations).toEqual([]);
  });
});

afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });
