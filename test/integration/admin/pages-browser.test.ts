/**
 * The admin pages in a real browser (Debian chromium, see test/e2e/browser.ts), on a 360 px phone
 * and a desktop: no horizontal scrolling, no serious or critical axe findings, the organisation
 * form's error summary after an empty submit, and the CSP-compliant pages work without scripts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { Logger } from 'pino';
import { seedDemo } from '../../../server/bootstrap/demo-seed';
import { Organisation } from '../../../server/model/organisation';
import { User } from '../../../server/model/user';
import { describeSerious, runAxe } from '../../e2e/axe';
import { DESKTOP, PHONE, launchChromium } from '../../e2e/browser';
import { testApp } from '../../helpers/app';
import { startTestDb, type TestDb } from '../../helpers/db';
import { TEST_PASSWORD, createUser } from '../../helpers/session';

let db: TestDb;
let server: http.Server;
let base: string;
let browser: Browser;
let pages: string[];

beforeAll(async () => {
  db = await startTestDb();
  await seedDemo({ warn() {}, error() {}, info() {} } as unknown as Logger, { nodeEnv: 'test', print: () => {} });
  await createUser({ username: 'adm', role: 'admin' });
  server = http.createServer(testApp()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  const org = await Organisation.findOne({ 'identity.jenisOrganisasi': 'lks' }).lean();
  const user = await User.findOne({ username: 'demo.evaluator.lebak' }).lean();
  pages = ['/admin/lembaga', '/admin/lembaga/baru', `/admin/lembaga/${org!._id}`, '/admin/lembaga/impor', `/lembaga/${org!._id}`,
    '/admin/pengguna', '/admin/pengguna/baru', `/admin/pengguna/${user!._id}`];
}, 120000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  await db.stop();
});

describe.each([['phone (360 px)', PHONE], ['desktop', DESKTOP]] as const)('admin pages on a %s', (_name, device) => {
  it('fit the screen width and have no serious accessibility problems', async () => {
    const context = await browser.newContext({ ...device, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#username', 'adm');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('main button[type=submit]')]);
    const storageState = await context.storageState();
    const width = device.viewport!.width;
    for (const path of pages) {
      const response = await page.goto(base + path);
      expect([path, response?.status()]).toEqual([path, 200]);
      expect([path, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([path, width]);
      expect(describeSerious(await runAxe(browser, base + path, { context: device, storageState }))).toEqual([]);
    }
    // An empty organisation form: 422, an error summary linking to the fields, still no overflow.
    await page.goto(`${base}/admin/lembaga/baru`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form[action="/admin/lembaga"] button[type=submit]')]);
    expect(response.status()).toBe(422);
    expect(await page.locator('.error-summary a[href="#f-nama"]').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
    await context.close();
  }, 120000);
});
