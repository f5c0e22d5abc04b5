/**
 * The journey of issue 6 in a real browser, as far as the pages exist today:
 *   admin (desktop) opens a cycle of the bundled LKS instrument → operator (phone, 360x740) signs
 *   in, fills every section (hostile strings in every free-text answer), attaches evidence,
 *   submits.
 * Along the way: a screenshot of each step in artifacts/e2e/, no sideways scrolling on the phone,
 * axe on the form and submit pages, and — over the whole journey — no script ever runs from an
 * answer and no page raises a CSP violation.
 * The evaluator, revision and leadership steps are ready in journey-steps.ts (reviewAndReturn,
 * fixFlaggedItems, verify, openLeadershipSummary) for when the review and report pages exist.
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
import { ROUTES, SAMPLE_PDF, fillAllSections, openAssignment, openCycle, signIn, submitResponse } from './journey-steps';
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
  let trap: ContextTrap;

  it('admin opens a cycle of the LKS instrument', async () => {
    const { context } = await newLoopbackContext(browser, DESKTOP);
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'admin.dinsos', TEST_PASSWORD);
    await openCycle(page, server.baseUrl, { instrument: 'lks-monev-tahunan', name: CYCLE, opensAt: day(-1), closesAt: day(30) });
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

  it('no answer ever ran as script, and no page raised a CSP violation', () => {
    expect(trap.pwned).toEqual([]);
    expect(trap.violations).toEqual([]);
  });
});

afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });
