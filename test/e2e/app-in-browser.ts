/**
 * For browser tests of an in-process app (supertest-style env): serves the app on loopback and
 * launches chromium once per file, and gives the checks every page of a journey repeats — fits
 * the viewport, follows a submit, and is axe-clean (no serious or critical violations).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeSerious, runAxe } from './axe';
import { horizontalOverflow, launchChromium, PHONE } from './browser';

export interface AppInBrowser {
  readonly base: string;
  readonly browser: Browser;
  expectFits(page: Page): Promise<void>;
  submitWith(page: Page, selector: string): Promise<void>;
  axeClean(context: BrowserContext, page: Page): Promise<void>;
}

/** Call at the top of a test file, after the env that builds the app (its beforeAll runs first). */
export function useAppInBrowser(app: () => Express): AppInBrowser {
  let server: http.Server;
  let base = '';
  let browser: Browser;

  beforeAll(async () => {
    server = http.createServer(app());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  return {
    get base() { return base; },
    get browser() { return browser; },
    async expectFits(page) {
      const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
    },
    async submitWith(page, selector) {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
    },
    async axeClean(context, page) {
      const violations = await runAxe(browser, page.url(), { context: PHONE, storageState: await context.storageState() });
      expect(describeSerious(violations)).toEqual([]);
    },
  };
}
