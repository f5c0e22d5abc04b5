/**
 * The end-to-end journey of issue 6, as page objects; test/e2e/journey.test.ts runs them.
 *
 *   admin opens a cycle → operator (phone, 360x740) logs in, fills the LKS instrument section by
 *   section, uploads evidence, submits → evaluator changes two scores with reasons, flags one
 *   item and returns the response → operator fixes the flagged item and resubmits → evaluator
 *   verifies → pimpinan opens the leadership summary and its print view (and a report card).
 *
 * The CONTRACT with the pages (written first as assumptions, now provided by the pages and
 * checked by the journey; change it here, in one place, if a page changes):
 *  URLs (ROUTES below): /login; operator home /tugas; evaluator home /tinjauan; admin and
 *    pimpinan home /dasbor (these four match server/resources/auth.ts); /admin/siklus/baru;
 *    /tanggapan/:id (response overview); /tanggapan/:id/kirim (submit page); /tinjauan/:id
 *    (review); /laporan/:cycleId/ringkasan and its /cetak print view; /rapor/:id (report card).
 *  Login: fields `username`, `password`, a `button[type=submit]`; success redirects away from /login.
 *  Every action button is `button[name=_action][value=<action>]` (as the renderer's `save`):
 *    create, open (cycle); next, finish (section pages); save (upload); submit, resubmit;
 *    start-review, return, verify (review page).
 *  Cycle form: `select[name=instrument]` (value = questionnaire id, e.g. lks-monev-tahunan),
 *    `input[name=name]`, `input[name=opensAt]`, `input[name=closesAt]` (type=date, YYYY-MM-DD).
 *    After create: URL /admin/siklus/:id; after open: an element `[data-cycle-state="open"]`.
 *  Operator home: one `a[data-response-id]` per assignment, inside an `li`, `tr` or `article`
 *    containing the cycle's name; the link leads to the first section page.
 *  Section pages: /tanggapan/:id/bagian/:sectionKey, the renderer's fields inside one
 *    `form[data-section]`; `next` saves and goes to the next section; the last section shows
 *    `finish` instead, which saves and goes to /tanggapan/:id/kirim. File inputs are the
 *    renderer's `input[type=file][name="<path>.~file"]`; `save` uploads and re-renders the
 *    section listing the file in `.fm-files`.
 *  Workflow state is shown as `[data-response-state="<state>"]` (states from
 *    server/domain/workflow/state-machine.ts) on the response, submit and review pages.
 *  Review page: one `[data-review-item="<dotted key>"]` per scored item containing
 *    `select[name="score.<key>"]`, `textarea[name="reason.<key>"]`,
 *    `input[type=checkbox][name="needsFix.<key>"]`, `textarea[name="comment.<key>"]`.
 *  After a return, the operator's section pages mark flagged items with
 *    `[data-needs-fix="<dotted key>"]` and the response page links each to its section.
 *  Leadership summary, its print view and the report card answer 200 for pimpinan; the print
 *    view is also printed to an A4 PDF (artifacts/e2e/10-pimpinan-summary-print.pdf).
 */
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';
import type { FieldAnswers } from './journey-answers';

export const ROUTES = {
  login: '/login',
  operatorHome: '/tugas',
  evaluatorHome: '/tinjauan',
  dashboard: '/dasbor',
  newCycle: '/admin/siklus/baru',
  response: (id: string) => `/tanggapan/${id}`,
  submit: (id: string) => `/tanggapan/${id}/kirim`,
  review: (id: string) => `/tinjauan/${id}`,
  summary: (cycleId: string) => `/laporan/${cycleId}/ringkasan`,
  summaryPrint: (cycleId: string) => `/laporan/${cycleId}/ringkasan/cetak`,
  reportCard: (id: string) => `/rapor/${id}`,
} as const;

const MAX_SECTIONS = 30; // a guard against a "next" button that never ends

// aria-hidden: the renderer's invisible default button (Enter key) is not what a person taps.
const action = (value: string) => `button[name="_action"][value="${value}"]:not([aria-hidden="true"])`;

/** Clicks something that submits a form or follows a link, and waits for the next page. */
async function clickAndWait(page: Page, selector: string): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 10_000 });
  await page.click(selector);
  await navigated;
  await page.waitForLoadState('load');
}

async function expectState(page: Page, state: string): Promise<void> {
  await page.locator(`[data-response-state="${state}"]`).first().waitFor({ state: 'attached', timeout: 5000 });
}

/** The last path segment of the current URL matching `pattern` (e.g. an id). */
function idFromUrl(page: Page, pattern: RegExp): string {
  const m = pattern.exec(new URL(page.url()).pathname);
  if (!m) throw new Error(`no id in ${page.url()} (expected ${pattern})`);
  return m[1];
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}${ROUTES.login}`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await clickAndWait(page, 'button[type="submit"]');
  if (new URL(page.url()).pathname === ROUTES.login) throw new Error(`login as ${username} failed`);
}

export interface CycleInput {
  instrument: string;
  name: string;
  opensAt: string;
  closesAt: string;
}

/** Admin: create and open a cycle; returns its id. */
export async function openCycle(page: Page, baseUrl: string, cycle: CycleInput): Promise<string> {
  await page.goto(`${baseUrl}${ROUTES.newCycle}`);
  await page.selectOption('select[name="instrument"]', cycle.instrument);
  await page.fill('input[name="name"]', cycle.name);
  await page.fill('input[name="opensAt"]', cycle.opensAt);
  await page.fill('input[name="closesAt"]', cycle.closesAt);
  await clickAndWait(page, action('create'));
  const id = idFromUrl(page, /^\/admin\/siklus\/([^/]+)$/);
  await clickAndWait(page, action('open'));
  await page.locator('[data-cycle-state="open"]').first().waitFor({ state: 'attached' });
  return id;
}

/** Operator: from the home page, open the assignment of `cycleName`; returns the response id. */
export async function openAssignment(page: Page, baseUrl: string, cycleName: string): Promise<string> {
  await page.goto(`${baseUrl}${ROUTES.operatorHome}`);
  const link = page.locator('li, tr, article').filter({ hasText: cycleName }).locator('a[data-response-id]').first();
  const id = await link.getAttribute('data-response-id');
  if (!id) throw new Error(`no assignment for cycle "${cycleName}" on ${ROUTES.operatorHome}`);
  await clickAndWait(page, `a[data-response-id="${id}"]`);
  return id;
}

const inForm = (name: string) => `form[data-section] [name="${name.replace(/["\\]/g, '\\$&')}"]`;

/** Not inside a part the page hides (conditional questions, other alternatives). */
function shown(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => !el.closest('[hidden]'));
}

/** Enters every answer whose field is on the current section page and shown; returns how many. */
export async function fillShownFields(page: Page, fields: FieldAnswers): Promise<number> {
  let filled = 0;
  for (const [name, values] of fields) {
    const controls = page.locator(inForm(name));
    if ((await controls.count()) === 0 || !(await shown(controls.first()))) continue;
    const kind = await controls.first().evaluate((el) => (el.tagName === 'INPUT' ? (el as HTMLInputElement).type : el.tagName.toLowerCase()));
    if (kind === 'radio' || kind === 'checkbox') {
      for (const v of values) await controls.and(page.locator(`[value="${v.replace(/"/g, '\\"')}"]`)).check({ force: true });
    } else if (kind === 'select') {
      await controls.first().selectOption(values[0]);
    } else if (kind !== 'file' && kind !== 'hidden') {
      await controls.first().fill(values[0]);
    } else {
      continue;
    }
    filled += 1;
  }
  return filled;
}

/** Rows the answers need in each repeat group (array field name → count). */
function rowsNeeded(fields: FieldAnswers, arrayName: string): number {
  let rows = 0;
  for (const name of fields.keys()) {
    const m = new RegExp(`^${arrayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.`).exec(name);
    if (m) rows = Math.max(rows, Number(m[1]) + 1);
  }
  return rows;
}

/** Presses "add row" (a form post, no JavaScript needed) until every repeat group has its rows. */
async function addNeededRows(page: Page, fields: FieldAnswers): Promise<boolean> {
  for (const button of await page.locator('form[data-section] button[name="_action"][value^="add:"]').all()) {
    if (!(await shown(button))) continue;
    const arrayName = ((await button.getAttribute('value')) ?? '').slice('add:'.length);
    const current = Number(await page.locator(inForm(`${arrayName}.~rows`)).getAttribute('value').catch(() => '0')) || 0;
    if (current < rowsNeeded(fields, arrayName)) {
      await fillShownFields(page, fields);
      await clickAndWait(page, `button[name="_action"][value="add:${arrayName}"]`);
      return true;
    }
  }
  return false;
}

export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A real, minimal PDF (content sniffing must accept it as application/pdf). */
export const SAMPLE_PDF: UploadFile = {
  name: 'bukti-dukung.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
};

/** Attaches `file` to every shown evidence input of the section and saves; returns their names. */
export async function uploadEvidence(page: Page, file: UploadFile): Promise<string[]> {
  const names: string[] = [];
  for (const input of await page.locator('form[data-section] input[type="file"]').all()) {
    if (!(await shown(input))) continue;
    await input.setInputFiles(file);
    names.push((await input.getAttribute('name')) ?? '');
  }
  if (names.length > 0) {
    await clickAndWait(page, action('save'));
    await page.locator('.fm-files', { hasText: file.name }).first().waitFor({ state: 'attached' });
  }
  return names;
}

/**
 * Operator: from the current section on, answer every section (adding repeat rows, saving so
 * conditional questions appear, attaching `evidence` wherever a file is asked for), with a
 * screenshot of each; ends on the submit page. Returns the number of sections and files.
 */
export async function fillAllSections(page: Page, fields: FieldAnswers, evidence: UploadFile): Promise<{ sections: number; files: number }> {
  let files = 0;
  for (let n = 1; n <= MAX_SECTIONS; n++) {
    for (let i = 0; i < 20 && (await addNeededRows(page, fields)); i++);
    await fillShownFields(page, fields);
    await clickAndWait(page, action('save')); // the server now shows questions that depend on these answers
    await fillShownFields(page, fields);
    files += (await uploadEvidence(page, evidence)).length;
    await fillShownFields(page, fields);
    await screenshot(page, `02-operator-section-${String(n).padStart(2, '0')}`);
    const last = (await page.locator(action('finish')).count()) > 0;
    await clickAndWait(page, action(last ? 'finish' : 'next'));
    if (last) return { sections: n, files };
  }
  throw new Error(`more than ${MAX_SECTIONS} sections: the "next" button never reached "finish"`);
}

/** Operator: on the submit page, submit (or resubmit) and wait for the new state. */
export async function submitResponse(page: Page, baseUrl: string, responseId: string, kind: 'submit' | 'resubmit'): Promise<void> {
  await page.goto(`${baseUrl}${ROUTES.submit(responseId)}`);
  await clickAndWait(page, action(kind));
  await expectState(page, kind === 'submit' ? 'submitted' : 'resubmitted');
}

export interface ScoreChange {
  key: string;
  score: string;
  reason: string;
  needsFix?: { comment: string };
}

/** Evaluator: open the review, change scores with reasons, flag items, return for revision. */
export async function reviewAndReturn(page: Page, baseUrl: string, responseId: string, changes: readonly ScoreChange[]): Promise<void> {
  await page.goto(`${baseUrl}${ROUTES.review(responseId)}`);
  if ((await page.locator(action('start-review')).count()) > 0) await clickAndWait(page, action('start-review'));
  await expectState(page, 'in_review');
  for (const change of changes) {
    const item = page.locator(`[data-review-item="${change.key}"]`);
    await item.locator(`select[name="score.${change.key}"]`).selectOption(change.score);
    await item.locator(`textarea[name="reason.${change.key}"]`).fill(change.reason);
    if (change.needsFix) {
      await item.locator(`input[type="checkbox"][name="needsFix.${change.key}"]`).check();
      await item.locator(`textarea[name="comment.${change.key}"]`).fill(change.needsFix.comment);
    }
  }
  await clickAndWait(page, action('return'));
  await expectState(page, 'returned');
}

/** The dotted keys of the first `count` items the evaluator can re-score (to pick what to change). */
export async function reviewItemKeys(page: Page, count: number): Promise<string[]> {
  const keys = await page.locator('[data-review-item]:has(select[name^="score."])').evaluateAll((els) => els.map((e) => e.getAttribute('data-review-item') ?? ''));
  if (keys.length < count) throw new Error(`review page lists ${keys.length} scored items, need ${count}`);
  return keys.slice(0, count);
}

/** Operator: open each flagged item's section, answer it again with `score`, save. */
export async function fixFlaggedItems(page: Page, baseUrl: string, responseId: string, score: string): Promise<number> {
  await page.goto(`${baseUrl}${ROUTES.response(responseId)}`);
  const links = await page.locator('a[href*="/bagian/"][data-needs-fix]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  for (const href of links) {
    await page.goto(href);
    const flagged = page.locator('[data-needs-fix]').first();
    await flagged.locator(`input[type="radio"][value="${score}"]`).first().check({ force: true });
    await clickAndWait(page, action('save'));
  }
  return links.length;
}

export async function verify(page: Page, baseUrl: string, responseId: string): Promise<void> {
  await page.goto(`${baseUrl}${ROUTES.review(responseId)}`);
  if ((await page.locator(action('start-review')).count()) > 0) await clickAndWait(page, action('start-review'));
  await clickAndWait(page, action('verify'));
  await expectState(page, 'verified');
}

/** Pimpinan: the summary, then its print view (saved as A4 PDF next to the screenshots). */
export async function openLeadershipSummary(page: Page, baseUrl: string, cycleId: string, pdfPath: string): Promise<void> {
  const summary = await page.goto(`${baseUrl}${ROUTES.summary(cycleId)}`);
  if (summary?.status() !== 200) throw new Error(`${ROUTES.summary(cycleId)} answered ${summary?.status()}`);
  await screenshot(page, '10-pimpinan-summary');
  const print = await page.goto(`${baseUrl}${ROUTES.summaryPrint(cycleId)}`);
  if (print?.status() !== 200) throw new Error(`${ROUTES.summaryPrint(cycleId)} answered ${print?.status()}`);
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, '10-pimpinan-summary-print');
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
}
