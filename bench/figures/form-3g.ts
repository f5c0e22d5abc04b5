/**
 * The LKS form page on a slow mobile connection (issue 15): chromium (playwright-core) with the
 * DevTools "Slow 3G" profile set through CDP (Network.emulateNetworkConditions: 2,000 ms round
 * trip, 50,000 B/s down and up, as Chrome's preset), HTTP cache off, signed in as an operator,
 * opening the largest section: the time to a usable form = navigation start → DOMContentLoaded
 * (HTML parsed, the stylesheets in, the deferred scripts run: the form with its offline queue
 * and save bar works), median of alternating rounds.
 * Baseline, same run, same emulation: a plain server-rendered page of the same transferred size
 * (the form page's own HTML without its CSS and scripts, padded to the gzip bytes of page + CSS +
 * JS), one request, served gzip by a bare node server.
 * First visits only: the repeat visit (CSS and scripts from the service worker's cache) is not
 * reported, since a page's CDP emulation does not throttle the worker's own network requests.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium';
import { questions } from '../../server/domain/forms';
import { BENCH_OPERATOR, seedLksCycle } from '../fixtures/seed';
import { signIn } from '../fixtures/session';
import { fetchRaw, pageWeight } from '../page-weight';
import { makeTmpDir, spawnMonev, waitFor200 } from '../processes';
import { measured, type BenchContext, type Figure, type FigureResult } from '../report';
import { percentile } from '../stats';

/** Chrome DevTools' "Slow 3G" preset. */
export const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 } as const;
const ROUNDS = 3;

/** The form page's HTML without its stylesheets and scripts, padded until its gzip size is `targetBytes`. */
export function plainPageOfSize(html: string, targetBytes: number): Buffer {
  const bare = html.replace(/<link rel="stylesheet"[^>]*>/g, '').replace(/<script[^>]*><\/script>/g, '');
  let padding = '';
  let body = Buffer.from(bare);
  // random text compresses to about 3/4: grow the padding until the gzip body reaches the target
  while (zlib.gzipSync(body).length < targetBytes) {
    padding += crypto.randomBytes(512).toString('base64');
    body = Buffer.from(bare.replace('</main>', `<p hidden>${padding}</p></main>`));
  }
  return body;
}

function servePlain(body: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
  const gz = zlib.gzipSync(body);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip', 'Content-Length': gz.length, 'Cache-Control': 'no-store' });
    res.end(gz);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  })));
}

async function slow(page: Page, cacheOff: boolean): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: cacheOff });
}

/** ms from navigation start to DOMContentLoaded, and whether the form is there and enhanced. */
async function timeToUsable(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator(selector).first().waitFor({ state: 'attached' });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.domContentLoadedEventEnd - nav.startTime;
  });
}

async function signedInContext(browser: import('playwright-core').Browser, baseUrl: string, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, locale: 'id-ID' });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: baseUrl }]);
  return context;
}

export const form3g: Figure = {
  id: 'form-3g',
  async run(_ctx: BenchContext): Promise<FigureResult[]> {
    const dataDir = makeTmpDir('form-3g');
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const { form, responseIds } = await seedLksCycle(dataDir, 3);
      const counts = new Map<string, number>();
      for (const q of questions(form)) if (q.kind === 'question') counts.set(q.section, (counts.get(q.section) ?? 0) + 1);
      const [section] = [...counts].sort((a, b) => b[1] - a[1])[0];
      const server = await spawnMonev(dataDir);
      try {
        await waitFor200(`${server.baseUrl}/readyz`, server.startedAt);
        const session = await signIn(server.baseUrl, BENCH_OPERATOR.username, BENCH_OPERATOR.password);
        const url = `${server.baseUrl}/tanggapan/${responseIds[0]}/bagian/${section}`;
        const weight = await pageWeight(url, { cookie: session.cookie });
        const html = (await fetchRaw(url, 'identity', { cookie: session.cookie })).body.toString('utf8');
        const plain = await servePlain(plainPageOfSize(html, weight.gzipBytes));
        try {
          const formTimes: number[] = [];
          const plainTimes: number[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            const context = await signedInContext(browser, server.baseUrl, session.cookie);
            const page = await context.newPage();
            await slow(page, true);
            formTimes.push(await timeToUsable(page, url, '[data-sync-line]'));
            await context.close();
            const base = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
            const basePage = await base.newPage();
            await slow(basePage, true);
            plainTimes.push(await timeToUsable(basePage, plain.url, 'form'));
            await base.close();
          }
          const value = percentile(formTimes, 50);
          return [measured({
            name: `LKS form page, time to a usable form on Slow 3G (section "${section}", first visit, median of ${ROUNDS})`, unit: 'ms', value,
            baseline: { name: 'plain server-rendered page of the same gzip size, one request', value: percentile(plainTimes, 50) },
            target: null,
            note: `${(weight.gzipBytes / 1024).toFixed(1)} KB gzip in ${weight.files.length} files; Slow 3G = ${SLOW_3G.latency} ms RTT, ${SLOW_3G.downloadThroughput} B/s; `
              + `rounds ${formTimes.map((t) => Math.round(t)).join('/')} vs ${plainTimes.map((t) => Math.round(t)).join('/')} ms`,
          })];
        } finally {
          await plain.close();
        }
      } finally {
        await server.stop();
      }
    } finally {
      await browser.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
