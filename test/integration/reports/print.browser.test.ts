/**
 * Report pages in a real browser (Debian chromium via playwright-core): charts are drawn from the
 * tables under the strict CSP without errors; the dashboard fits a 360 px phone; the print views
 * lay out within an A4 portrait column, print to A4 PDF pages, and the bulk print starts every
 * organisation after the first on a new page. The printed summary is a letter to file: its PDF
 * pages say "Halaman x dari y", it carries the emblem, the letter number and date set in the form
 * before printing, and its top, bottom and grade-D lists keep the "Dasar skor" column.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startTestDb, type TestDb } from '../../helpers/db';
import { testApp } from '../../helpers/app';
import { createUser, TEST_PASSWORD } from '../../helpers/session';
import { launchChromium } from '../../e2e/browser';
import { pdfPageTexts } from '../../e2e/pdf-text';
import { ENTRIES, seedReports, type Seeded } from './seed';

let db: TestDb;
let server: http.Server;
let base: string;
let browser: Browser;
let seeded: Seeded;

/** A4 portrait minus the 15 mm margins of report.css: 180 mm = 680 CSS px. */
const A4_COLUMN_PX = Math.floor((180 / 25.4) * 96);

beforeAll(async () => {
  db = await startTestDb();
  seeded = await seedReports();
  await createUser({ username: 'admin1', role: 'admin' });
  server = http.createServer(testApp()).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 90000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
  await db.stop();
});

async function signedInPage(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (/Content.Security.Policy|Refused/i.test(m.text())) problems.push(`csp: ${m.text()}`); });
  await page.goto(`${base}/login`);
  await page.fill('#username', 'admin1');
  await page.fill('#password', TEST_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
  return { page, problems };
}

async function chartsDrawn(page: Page): Promise<{ figures: number; canvases: number }> {
  await page.waitForFunction(() => document.querySelectorAll('figure.chart').length === document.querySelectorAll('figure.chart canvas').length, undefined, { timeout: 10000 });
  return page.evaluate(() => ({ figures: document.querySelectorAll('figure.chart').length, canvases: document.querySelectorAll('figure.chart canvas').length }));
}

function pdfPages(pdf: Buffer): { pages: number; boxes: string[] } {
  const text = pdf.toString('latin1');
  return { pages: (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length, boxes: [...new Set(text.match(/\/MediaBox\s*\[[^\]]*\]/g) ?? [])] };
}

describe('reports in the browser', () => {
  it('dashboard at 360 px: charts drawn from the tables, no CSP errors, no sideways page scroll', async () => {
    const { page, problems } = await signedInPage({ width: 360, height: 740 });
    await page.goto(`${base}/dasbor/${seeded.cycleId}`);
    const { figures, canvases } = await chartsDrawn(page);
    expect(figures).toBeGreaterThanOrEqual(5);
    expect(canvases).toBe(figures);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each([
    ['report card', () => `/rapor/${seeded.responseIds.A1}/cetak`],
    ['leadership summary', () => `/laporan/${seeded.cycleId}/ringkasan/cetak`],
  ])('%s print view fits the A4 column and prints on A4 portrait pages', async (_name, url) => {
    const { page, problems } = await signedInPage({ width: 1280, height: 900 });
    await page.goto(base + url());
    await chartsDrawn(page);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: A4_COLUMN_PX, height: 1000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4_COLUMN_PX + 1);
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('.print-toolbar, nav, .site-header')).every((e) => getComputedStyle(e).display === 'none'))).toBe(true);
    const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.boxes).toHaveLength(1);
    const [w, h] = pdf.boxes[0].replace(/[^\d. ]/g, ' ').trim().split(/\s+/).slice(2).map(Number);
    expect(Math.abs(w - 595.28)).toBeLessThan(1); // A4 width in points
    expect(Math.abs(h - 841.89)).toBeLessThan(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('printed summary: number and date from the form, emblem, "Halaman x dari y" on every PDF page, basis column on the lists', async () => {
    const { page, problems } = await signedInPage({ width: 1280, height: 900 });
    await page.goto(`${base}/laporan/${seeded.cycleId}/ringkasan?dasar=semua`);
    // the small form before printing works without JavaScript: a GET to the print view
    await page.fill('#lf-nomor', '400.9/77/Dinsos/2026');
    await page.fill('#lf-tanggal', '2026-12-07');
    await Promise.all([page.waitForURL(/\/ringkasan\/cetak\?/), page.click('.letter-form button[type=submit]')]);
    expect(new URL(page.url()).searchParams.get('dasar')).toBe('semua');
    await chartsDrawn(page);
    const emblem = await page.evaluate(() => { const img = document.querySelector<HTMLImageElement>('.kop-emblem'); return img ? { loaded: img.complete && img.naturalWidth > 0, src: img.getAttribute('src') } : null; });
    expect(emblem?.loaded).toBe(true);
    expect(emblem?.src).toMatch(/^\/assets\/lambang-placeholder\.svg\?v=/);
    await page.emulateMedia({ media: 'print' });
    // each printed list keeps the basis and stage columns, and a self score says it is not verified
    const lists = await page.evaluate(() => Array.from(document.querySelectorAll('table.institution-list')).map((table) => ({
      list: table.getAttribute('data-list'),
      headers: Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent?.trim()),
      visible: getComputedStyle(table).display !== 'none',
      selfRows: Array.from(table.querySelectorAll('tr.self-score td:nth-child(6)')).map((td) => td.textContent?.trim()),
    })));
    expect(lists.map((l) => l.list)).toEqual(['top', 'bottom', 'guidance']);
    for (const l of lists) {
      expect(l.visible).toBe(true);
      expect(l.headers).toEqual(['No.', 'Lembaga', 'Kabupaten/Kota', 'Skor', 'Predikat', 'Dasar skor', 'Tahap']);
    }
    expect(lists[0].selfRows.length).toBeGreaterThan(0);
    for (const text of lists[0].selfRows) expect(text).toBe('Penilaian mandiri (belum diverifikasi)');

    // compared without white space: the PDF places words (and, in spaced headings, letters) apart
    const squash = (text: string) => text.replace(/\s+/g, '');
    const pages = pdfPageTexts(await page.pdf({ preferCSSPageSize: true })).map(squash);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((text, i) => expect(text).toContain(`Halaman${i + 1}dari${pages.length}`));
    const all = pages.join('');
    for (const text of ['Nomor surat: 400.9/77/Dinsos/2026', 'Tanggal surat: 7 Desember 2026', 'Serang, 7 Desember 2026', 'Dasar skor Tahap']) expect(all).toContain(squash(text));
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('bulk print: a new page before every organisation after the first', async () => {
    const { page, problems } = await signedInPage({ width: 1280, height: 900 });
    await page.goto(`${base}/laporan/${seeded.cycleId}/rapor/cetak`);
    await chartsDrawn(page);
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.evaluate(() => Array.from(document.querySelectorAll('section.sheet')).map((s) => getComputedStyle(s).breakBefore));
    expect(breaks).toHaveLength(ENTRIES.length);
    expect(breaks[0]).not.toBe('page');
    expect(breaks.slice(1).every((b) => b === 'page')).toBe(true);
    const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true }));
    expect(pdf.pages).toBeGreaterThanOrEqual(ENTRIES.length);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
