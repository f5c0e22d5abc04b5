/**
 * Issue 18 in a real browser on the demo data, as an evaluator would meet it (JavaScript off):
 *  - the queue's default view: this cycle's waiting responses, oldest first, regions named
 *    "Kabupaten …"/"Kota …", the grade filter following the chosen instrument;
 *  - evidence beside the score on the review page: each item's files (type, name, size) with
 *    "Lihat" and "Unduh" next to its answer and self score, outside the collapsed answers; the
 *    mark set right there; "Lihat" opens the PDF in the browser's viewer and the picture inline
 *    under their restrictive CSP, without a single CSP complaint.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { Page } from 'playwright-core';
import { seedDemo } from '../../../server/bootstrap/demo-seed';
import { Cycle } from '../../../server/model/cycle';
import { ResponseModel } from '../../../server/model/response';
import { ARTIFACTS_DIR, DESKTOP, PHONE, newLoopbackContext, screenshot } from '../../e2e/browser';
import { useAppInBrowser } from '../../e2e/app-in-browser';
import { useTestApp } from '../../helpers/env';

const env = useTestApp();
const ui = useAppInBrowser(() => env.app);
const silent = { warn() {}, error() {}, info() {} } as unknown as Logger;
let password = '';
let currentCycle = '';

beforeAll(async () => {
  const seeded = await seedDemo(silent, { nodeEnv: 'test', print: () => undefined });
  password = seeded.accounts!.find((a) => a.username === 'demo.evaluator')!.password;
  currentCycle = String((await Cycle.findOne({ demo: true, status: 'open' }).lean())!._id);
}, 120_000);

async function signIn(page: Page): Promise<void> {
  await page.goto(`${ui.base}/login`);
  await page.fill('input[name="username"]', 'demo.evaluator');
  await page.fill('input[name="password"]', password);
  await ui.submitWith(page, 'main button[type="submit"]');
}

describe('the queue\'s default view', () => {
  it('opens on this cycle\'s waiting responses, oldest first, with Kabupaten/Kota and the instrument\'s grades', async () => {
    const { context } = await newLoopbackContext(ui.browser, { ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    expect(new URL(page.url()).pathname).toBe('/tinjauan');
    const rows = await page.$$eval('tr[data-response-id]', (trs) => trs.map((tr) => ({
      id: tr.getAttribute('data-response-id'), state: tr.getAttribute('data-response-state'),
      region: tr.querySelectorAll('td')[0]?.textContent ?? '', at: tr.querySelector('time')?.getAttribute('datetime') ?? '',
    })));
    const waiting = await ResponseModel.find({ cycleId: currentCycle, state: { $in: ['submitted', 'resubmitted', 'in_review'] } }, { _id: 1 }).lean();
    expect(rows.map((r) => r.id).sort()).toEqual(waiting.map((w) => String(w._id)).sort());
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort()); // oldest first
    for (const r of rows) expect(r.region).toMatch(/^(Kabupaten|Kota) /);
    const regions = await page.$$eval('#f-kabkota option', (os) => os.map((o) => o.textContent ?? ''));
    expect(regions.slice(1).every((t) => /^(Kabupaten|Kota) /.test(t))).toBe(true);
    expect(regions).toEqual(expect.arrayContaining(['Kabupaten Tangerang', 'Kota Tangerang', 'Kabupaten Serang', 'Kota Serang']));
    expect(await page.locator('#f-status option:checked').textContent()).toContain('Perlu ditinjau');
    expect(await page.locator('#f-siklus option:checked').textContent()).toBe('Siklus terkini tiap instrumen');

    // the grade filter follows the instrument chosen (a plain form GET, no script)
    expect(await page.$$eval('#f-predikat optgroup', (gs) => gs.length)).toBe(3);
    await page.selectOption('#f-instrumen', 'lks-monev-tahunan');
    await ui.submitWith(page, '.rv-filters button[type="submit"]');
    expect(await page.$$eval('#f-predikat option', (os) => os.map((o) => o.textContent))).toEqual(['Semua', 'A – Sangat Baik', 'B – Baik', 'C – Cukup', 'D – Perlu Pembinaan Intensif']);
    await page.selectOption('#f-predikat', 'lks-monev-tahunan:B');
    await ui.submitWith(page, '.rv-filters button[type="submit"]');
    const grades = await page.$$eval('tr[data-response-id] td:nth-child(4)', (tds) => tds.map((td) => td.textContent ?? ''));
    expect(grades.every((g) => g.endsWith('· B'))).toBe(true);
    await screenshot(page, 'review-queue-default');
    await context.close();
  }, 90_000);
});

describe('evidence beside the score on the review page', () => {
  it('shows each item\'s files next to its answer and self score, takes the mark there, and previews PDF and pictures inline', async () => {
    const target = await ResponseModel.findOne({ cycleId: currentCycle, state: 'submitted', 'evidence.type': { $all: ['application/pdf', 'image/png'] } }).lean()
      ?? await ResponseModel.findOne({ cycleId: currentCycle, state: 'submitted', 'evidence.0': { $exists: true } }).lean();
    const id = String(target!._id);
    const { context } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await ui.submitWith(page, `a[href="/tinjauan/${id}"]`);

    // every file of the response sits, visible, in its item, beside the item's answer and self score
    for (const e of target!.evidence) {
      const item = page.locator(`[data-review-item="${e.path}"]`);
      const file = item.locator(`[data-evidence-file="${String(e.fileId)}"]`);
      expect(await file.isVisible()).toBe(true);
      expect(await file.evaluate((el) => el.closest('details'))).toBeNull();
      expect(await file.locator('.rv-type').textContent()).toBe(e.type === 'application/pdf' ? 'PDF' : 'PNG');
      expect(await file.locator('.rv-name').textContent()).toBe(e.name);
      expect(await item.locator('dt', { hasText: 'Jawaban lembaga' }).isVisible()).toBe(true);
      expect(await item.locator('dt', { hasText: 'Nilai mandiri' }).isVisible()).toBe(true);
    }
    await ui.expectFits(page);
    // (axe on this page's markup: phone.browser.test.ts, whose review page carries the same evidence block)

    // the mark, set right there once the review is started
    await ui.submitWith(page, 'button[name="_action"][value="start-review"]');
    const first = target!.evidence[0];
    const mark = page.locator(`[data-review-item="${first.path}"] input[name="verdict.${String(first.fileId)}"][value="invalid"]`);
    await mark.check();
    await ui.submitWith(page, '.rv-submit button[name="_action"][value="save"]');
    expect(await page.locator(`input[name="verdict.${String(first.fileId)}"][value="invalid"]`).isChecked()).toBe(true);
    expect((await ResponseModel.findById(id).lean())!.evidence[0].verdict).toBe('invalid');
    // one item, not the whole (very long) page
    await page.locator(`[data-review-item="${first.path}"]`).screenshot({ path: path.join(ARTIFACTS_DIR, 'review-evidence-beside-score.png') });

    // "Lihat": a new tab showing the file itself, under its own CSP, with nothing refused
    for (const type of new Set(target!.evidence.map((e) => e.type))) {
      const e = target!.evidence.find((x) => x.type === type)!;
      const link = page.locator(`[data-evidence-file="${String(e.fileId)}"] a[data-preview]`);
      const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
      const complaints: string[] = [];
      tab.on('console', (m) => { if (/Content Security Policy|Refused/i.test(m.text())) complaints.push(m.text()); });
      await tab.waitForLoadState('load');
      expect(await tab.evaluate(() => document.contentType)).toBe(type);
      if (type === 'image/png') expect(await tab.evaluate(() => document.querySelector('img')?.naturalWidth ?? 0)).toBeGreaterThan(0);
      expect(complaints).toEqual([]);
      await tab.close();
    }
    await context.close();
  }, 120_000);
});
