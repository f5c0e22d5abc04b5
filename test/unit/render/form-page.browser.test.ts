/**
 * The rendered form in a real browser (Debian chromium through test/e2e/browser.ts) on a 360 px
 * phone, served by a tiny loopback server with the app's strict CSP (no inline script):
 * form.js shows conditional parts live and focuses the error summary; without JavaScript the
 * add-row button round-trips through handleFormPost; axe finds no serious violation; nothing
 * scrolls sideways; touch targets are ≥ 44 px; print hides the buttons.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { describeSerious, runAxe } from '../../e2e/axe';
import { horizontalOverflow, launchChromium, PHONE } from '../../e2e/browser';
import { handleFormPost, renderForm } from '../../../server/render';
import { sampleAnswers, sampleSchema } from './sample';

const ROOT = path.join(__dirname, '..', '..', '..');
const schema = sampleSchema();
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'";

function page(answers: unknown, errors: { path: string; message: string }[] = []): string {
  const body = renderForm({ form: schema, answers, errors });
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Uji formulir</title><link rel="stylesheet" href="/assets/app.css"><link rel="stylesheet" href="/assets/form.css"><script src="/assets/form.js" defer></script></head>
<body><main id="isi" class="wrap"><h1>Uji formulir</h1><form method="post" action="/kirim" novalidate>${body}<button type="submit" name="_action" value="save">Simpan</button></form></main></body></html>`;
}

let server: http.Server;
let base: string;
let browser: Browser;
const posted: Record<string, string | string[]>[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const send = (status: number, type: string, data: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'content-security-policy': CSP });
      res.end(data);
    };
    if (req.method === 'GET' && req.url?.startsWith('/assets/')) {
      const name = path.basename(req.url);
      return send(200, name.endsWith('.css') ? 'text/css' : 'text/javascript', fs.readFileSync(path.join(ROOT, 'views', 'assets', name)));
    }
    if (req.method === 'POST') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body: Record<string, string | string[]> = {};
        for (const [k, v] of new URLSearchParams(raw)) {
          const cur = body[k];
          body[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
        }
        posted.push(body);
        send(200, 'text/html; charset=utf-8', page(handleFormPost(schema, body).answers));
      });
      return undefined;
    }
    const answers = sampleAnswers() as { profil: Record<string, unknown> };
    answers.profil.sasaranPmks = ['lanjut-usia']; // Modul LKSA starts hidden
    return send(200, 'text/html; charset=utf-8', page(answers, [{ path: 'profil.kapasitas', message: 'Kapasitas wajib diisi' }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('with JavaScript: summary focused, conditional part shown live, no CSP violation, phone layout', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => document.activeElement?.id === 'f-summary');
  const modul = page.locator('#f-manajemen-modulLksa');
  await expect(modul.isHidden()).resolves.toBe(true);
  await page.getByLabel('Anak Terlantar').check();
  await expect(modul.isVisible()).resolves.toBe(true);
  await page.getByLabel('Anak Terlantar').uncheck();
  await expect(modul.isHidden()).resolves.toBe(true);
  const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
  expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
  const targets = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.fm-option, .fm-btn, .fm-input, button[value="save"]'))
    .filter((e) => e.offsetParent !== null).map((e) => ({ html: e.outerHTML.slice(0, 80), height: e.getBoundingClientRect().height })));
  expect(targets.length).toBeGreaterThan(20);
  expect(targets.filter((t) => t.height < 44)).toEqual([]);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('button[value^="add:"]').isHidden()).resolves.toBe(true);
  expect(problems).toEqual([]);
  await context.close();
}, 60_000);

test('without JavaScript: the add-row button posts the form and the server re-renders one more row', async () => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await expect(page.locator('#f-manajemen-modulLksa').isHidden()).resolves.toBe(true); // the server decided
  await page.locator('#f-profil-namaLembaga').fill('LKSA <Uji> "baru"');
  await page.locator('button[value="add:profil.penerima"]').click();
  await page.waitForLoadState();
  expect(posted.at(-1)!._action).toBe('add:profil.penerima');
  await expect(page.locator('[name="profil.penerima.2.kelompok"]').count()).resolves.toBe(1);
  await expect(page.locator('#f-profil-namaLembaga').inputValue()).resolves.toBe('LKSA <Uji> "baru"');
  // Enter in a text field submits with the first button of the form: save, not "add row"
  await page.locator('#f-profil-kapasitas').press('Enter');
  await page.waitForLoadState();
  expect(posted.at(-1)!._action).toBe('save');
  await context.close();
}, 60_000);

test('axe finds no serious or critical violation on the phone', async () => {
  const violations = await runAxe(browser, `${base}/`, { context: PHONE });
  expect(describeSerious(violations)).toEqual([]);
}, 60_000);
