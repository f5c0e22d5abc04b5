/**
 * The public pages in a real browser, as a new user on a phone meets them:
 *  - the home page fits a 360 px screen without sideways scrolling, loads nothing from outside the
 *    server, and has no serious accessibility problems (axe);
 *  - checklist 18 (browser part): the Content-Security-Policy is in force. Script put into the
 *    page the way an escaping bug would put it (an inline <script>, an inline event handler) does
 *    not run, and the browser reports a CSP violation for each. These contexts never bypass CSP.
 * One server and one browser for the file; fresh contexts per test.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { startAppServer, type AppServer } from './app-server';
import { describeMinor, describeSerious, runAxe } from './axe';
import { PHONE, horizontalOverflow, launchChromium, newLoopbackContext, screenshot } from './browser';
import { injectHostileMarkup, installCspProbe, readCspProbe, scriptSources } from './csp-probe';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAppServer({ database: 'embedded' }), launchChromium()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('home page on a 360x740 phone', () => {
  it('renders in Bahasa Indonesia without horizontal scrolling, from loopback only', async () => {
    const { context, foreignRequests } = await newLoopbackContext(browser, PHONE);
    const page = await context.newPage();
    const response = await page.goto(`${server.baseUrl}/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.locator('h1').first().isVisible()).toBe(true);
    // The way in is one tap away.
    expect(await page.locator('main a[href="/login"]').count()).toBeGreaterThan(0);
    const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
    expect(viewportWidth).toBe(360);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    // The stylesheet really applied (a missing CSS file would still give a 200 page).
    expect(await page.evaluate(() => Array.from(document.styleSheets).some((s) => s.cssRules.length > 0))).toBe(true);
    await screenshot(page, 'public-home-phone');
    expect(foreignRequests).toEqual([]);
    await context.close();
  });

  it.each(['/', '/login'])('%s has no serious or critical accessibility violations (axe)', async (path) => {
    const violations = await runAxe(browser, `${server.baseUrl}${path}`, { context: PHONE });
    const minor = describeMinor(violations);
    if (minor.length > 0) process.stdout.write(`axe (not failing) on ${path}:\n  ${minor.join('\n  ')}\n`);
    expect(describeSerious(violations)).toEqual([]);
  });

  it('the login page fits the phone too', async () => {
    const { context } = await newLoopbackContext(browser, PHONE);
    const page = await context.newPage();
    expect((await page.goto(`${server.baseUrl}/login`))?.status()).toBe(200);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
    expect(await page.locator('input[name="username"]').isVisible()).toBe(true);
    await screenshot(page, 'public-login-phone');
    await context.close();
  });
});

describe('CSP in the browser (checklist 18)', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    ({ context } = await newLoopbackContext(browser, PHONE));
    await installCspProbe(context);
  });
  afterAll(async () => { await context?.close(); });

  it('control: without a CSP the same injection does run (so the probe can see it)', async () => {
    const page = await context.newPage();
    await page.setContent('<!doctype html><html lang="id"><body><p>tanpa CSP</p></body></html>');
    const reading = await injectHostileMarkup(page, 500);
    expect(reading.pwned).not.toBeNull();
    await page.close();
  });

  it('sends a policy that allows no inline script', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${server.baseUrl}/`);
    const sources = scriptSources(await response!.headerValue('content-security-policy'));
    expect(sources).toContain("'self'");
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-eval'");
    // A clean page raises no violation of its own.
    expect(await readCspProbe(page)).toEqual({ pwned: null, violations: [] });
    await page.close();
  });

  it.each([
    ['the home page', '/', 200],
    ['the login page', '/login', 200],
    ['an error page', '/halaman-tidak-ada', 404],
  ])('blocks an injected inline <script> and onerror handler on %s', async (_label, path, status) => {
    const page = await context.newPage();
    const response = await page.goto(`${server.baseUrl}${path}`);
    expect(response?.status()).toBe(status);
    const reading = await injectHostileMarkup(page);
    expect(reading.pwned).toBeNull();
    expect(reading.violations.map((v) => v.directive).sort()).toEqual(['script-src-attr', 'script-src-elem']);
    expect(reading.violations.every((v) => v.blockedURI === 'inline')).toBe(true);
    await page.close();
  });
});
