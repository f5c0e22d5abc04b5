/**
 * The browser for the end-to-end tests: Debian's chromium (installed by scripts/ensure-chromium.sh,
 * never by `npx playwright install`) driven by playwright-core, headless, loopback only.
 * One browser per test file; each scenario gets fresh contexts (cookies, storage) from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium';

export { CHROMIUM_PATH };
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e');

/** A phone like the operators use: 360x740 CSS pixels, touch, Indonesian locale and time zone. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'id-ID',
  timezoneId: 'Asia/Jakarta',
};

/** An office desktop, as evaluators, admins and leadership use. */
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'id-ID',
  timezoneId: 'Asia/Jakarta',
};

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run \`bash scripts/ensure-chromium.sh\` (as root) first`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 20_000 });
}

/**
 * A browser whose profile lives in `userDataDir` (cookies, IndexedDB, Cache Storage, service
 * workers): closing it and launching it again on the same folder is a phone's browser closed
 * and reopened. The caller removes the folder.
 */
export async function launchPersistent(userDataDir: string, options: BrowserContextOptions): Promise<BrowserContext> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: run \`bash scripts/ensure-chromium.sh\` (as root) first`);
  return chromium.launchPersistentContext(userDataDir, { ...options, executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 20_000 });
}

/** A context that only talks to the test server: any request elsewhere is aborted and recorded. */
export async function newLoopbackContext(browser: Browser, options: BrowserContextOptions): Promise<{ context: BrowserContext; foreignRequests: string[] }> {
  const context = await browser.newContext(options);
  const foreignRequests: string[] = [];
  await context.route(/.*/, (route) => {
    const url = new URL(route.request().url());
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    if (loopback || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    foreignRequests.push(url.href);
    return route.abort('blockedbyclient');
  });
  return { context, foreignRequests };
}

/** Saves a full-page screenshot as artifacts/e2e/<step>.png and returns its path. */
export async function screenshot(page: Page, step: string): Promise<string> {
  const safe = step.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-|-$/g, '');
  if (!safe) throw new Error(`screenshot step name "${step}" has no usable characters`);
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Page width beyond the viewport: > 0 means the user must scroll sideways. */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewportWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    viewportWidth: window.innerWidth,
  }));
}
