/**
 * Issue 15 in a real browser (chromium, playwright-core, `context.setOffline`): an operator on a
 * phone whose connection drops, and the issue-18 error link.
 *  1. keep a response offline; offline: fill three sections, choose evidence (one file refused on
 *     the phone, one by the server later), close the browser, reopen it offline, continue, submit;
 *     online: every change sent exactly once with its audit entry and device time, the submission
 *     stored once with its self score shown; sign-out asks about what still waits, then removes
 *     the account's offline data;
 *  2. the evaluator returns the response while the phone is offline with edits: on reconnect the
 *     operator sees both versions side by side and the chosen one is applied;
 *  3. an error link of the submit page focuses its field, which shows its message.
 * While "offline", the server must receive nothing from the phone (every request is counted).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent, newLoopbackContext, PHONE } from '../../e2e/browser';
import { useAppInBrowser } from '../../e2e/app-in-browser';
import { createUser, TEST_PASSWORD } from '../../helpers/session';
import { STATE_LABELS } from '../../../server/domain/workflow/state-machine';
import { AuditEntry } from '../../../server/model/audit';
import { Instrument } from '../../../server/model/instrument';
import { clearInstrumentCache, definitionHash } from '../../../server/model/query/instruments';
import { ResponseModel } from '../../../server/model/response';
import { HTML_BYTES, PDF_BYTES, testDefinition } from './fixtures';
import { evaluatorAgent, openScenario, operatorOf, useFillEnv } from './setup';

const env = useFillEnv();
const hits: string[] = [];
let networkDown = false;
const ui = useAppInBrowser(() => {
  const counted = express();
  counted.use((req, _res, next) => {
    hits.push(`${req.method} ${req.url}`);
    if (networkDown) { req.socket.destroy(); return; } // what a dead mobile network does to any request
    next();
  });
  counted.use(env.app);
  return counted as unknown as typeof env.app;
});

/** The test instrument with a third, unscored section. */
async function threeSections(): Promise<void> {
  const def = testDefinition();
  const props = def.properties as Record<string, unknown>;
  props.layanan = {
    type: 'object', title: 'B. Layanan', 'x-order': 2, additionalProperties: false,
    properties: { jenis: { type: 'string', title: 'Jenis layanan utama', maxLength: 200 }, penerima: { type: 'integer', title: 'Jumlah penerima manfaat', minimum: 0 } },
    required: ['jenis', 'penerima'],
  };
  (def.required as string[]).push('layanan');
  const definitionJson = JSON.stringify(def);
  // (the model refuses to change a published version; the test sets it up before anyone uses it)
  await Instrument.collection.updateOne({ formId: 'uji-lks', version: '2026.1' }, { $set: { definitionJson, hash: definitionHash(definitionJson) } });
  clearInstrumentCache();
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${ui.base}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await Promise.all([page.waitForURL(/\/tugas$/), page.click('button[type="submit"]')]);
}

const status = (page: Page) => page.locator('[data-sync-line]').first();
const section = (id: string, key: string) => `${ui.base}/tanggapan/${id}/bagian/${key}`;

async function clickAndLand(page: Page, selector: string, url: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(url), page.click(selector)]);
  await page.waitForLoadState('load');
}

/**
 * Runs `work` offline: the browser's network emulation (navigator.onLine, the pages' requests)
 * and, since the emulation does not reliably cover a service worker started later (after a
 * browser restart), the server drops every connection meanwhile. The pages must not even try
 * to send a change while offline.
 */
async function offline<T>(context: BrowserContext, work: () => Promise<T>): Promise<T> {
  await context.setOffline(true);
  networkDown = true;
  const before = hits.length;
  try {
    return await work();
  } finally {
    networkDown = false;
    expect(hits.slice(before).filter((h) => !h.startsWith('GET '))).toEqual([]);
  }
}

/**
 * A slow phone (init script): on pages whose path ends with `suffix`, opening IndexedDB answers
 * 2 s late, so the operator can type before the page has read the device's queue.
 */
function slowQueueOn(suffix: string): void {
  if (!location.pathname.endsWith(suffix)) return;
  const open = IDBFactory.prototype.open;
  const onsuccess = Object.getOwnPropertyDescriptor(IDBRequest.prototype, 'onsuccess')!;
  IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
    const request = open.apply(this, args);
    Object.defineProperty(request, 'onsuccess', {
      configurable: true,
      get() { return onsuccess.get!.call(request); },
      set(handler: (this: IDBRequest, ev: Event) => void) { onsuccess.set!.call(request, (ev: Event) => { setTimeout(() => handler.call(request, ev), 2_000); }); },
    });
    return request;
  };
}

const tmp: string[] = [];
const contexts: BrowserContext[] = [];
/** Every context is closed, also after a failure (a persistent profile stays locked otherwise). */
function track<T extends BrowserContext>(context: T): T {
  contexts.push(context);
  return context;
}
afterEach(async () => { await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined))); });
afterAll(() => { for (const dir of tmp) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); });

describe('offline filling on a phone (issue 15)', () => {
  it('fills three sections offline across a browser restart, submits offline, and everything reaches the server once', async () => {
    const s = await openScenario();
    await threeSections();
    const userId = await createUser({ username: 'operator.offline', role: 'operator', organisationIds: [s.orgA] });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'monev-phone-'));
    const files = fs.mkdtempSync(path.join(os.tmpdir(), 'monev-files-'));
    tmp.push(profile, files);
    fs.writeFileSync(path.join(files, 'tanda-daftar.pdf'), PDF_BYTES);
    fs.writeFileSync(path.join(files, 'halaman-web.pdf'), HTML_BYTES); // named .pdf, but the server reads the content
    fs.writeFileSync(path.join(files, 'pindaian-besar.pdf'), Buffer.alloc(1024 * 1024 + 1, 0x25)); // over the question's 1 MB

    let context = track(await launchPersistent(profile, PHONE));
    let page = context.pages()[0] ?? await context.newPage();
    await signIn(page, 'operator.offline');
    await page.goto(`${ui.base}/tanggapan/${s.responseA}`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.click('[data-offline-mark]');
    await page.locator('[data-offline-box][data-offline="1"]').waitFor();
    expect(await page.textContent('[data-offline-info]')).toMatch(/Tersedia offline: 6 halaman, \d+ KB/);

    await offline(context, async () => {
      await page.goto(section(s.responseA, 'profil'));
      await status(page).filter({ hasText: 'Offline' }).waitFor();
      await page.fill('input[name="profil.namaLembaga"]', 'LKSA Harapan (offline)');
      await page.fill('input[name="profil.kapasitas"]', '40');
      await clickAndLand(page, 'button[value="next"]', /bagian\/manajemen$/);
      await page.check('input[name="manajemen.tandaDaftar"][value="3"]');
      await page.check('input[name="manajemen.rapat"][value="3"]');
      await page.setInputFiles('input[name="manajemen.tandaDaftar.~file"]', [path.join(files, 'tanda-daftar.pdf'), path.join(files, 'halaman-web.pdf'), path.join(files, 'pindaian-besar.pdf')]);
      await status(page).filter({ hasText: 'pindaian-besar.pdf terlalu besar' }).waitFor(); // refused on the phone, with the reason
      await clickAndLand(page, 'button[value="next"]', /bagian\/layanan$/);
      await page.fill('input[name="layanan.jenis"]', 'Pengasuhan anak');
      await status(page).filter({ hasText: '5 perubahan menunggu' }).waitFor(); // 3 sections... so far 2 saves + 2 files + this one
    });
    await context.close(); // the browser is closed while offline

    context = track(await launchPersistent(profile, PHONE));
    await context.setOffline(true);
    await context.addInitScript(slowQueueOn, '/bagian/layanan');
    page = context.pages()[0] ?? await context.newPage();
    await offline(context, async () => {
      await page.goto(section(s.responseA, 'layanan'));
      await page.fill('input[name="layanan.penerima"]', '25'); // typed before the device's queue is read
      await page.waitForTimeout(1_000); // past the page's 800 ms autosave: the queued section must not be replaced by this half
      await page.locator('[data-sync][data-ready="1"]').waitFor();
      expect(await page.inputValue('input[name="layanan.jenis"]')).toBe('Pengasuhan anak'); // restored from the device
      expect(await page.inputValue('input[name="layanan.penerima"]')).toBe('25'); // what was typed meanwhile stays
      expect(await status(page).textContent()).toContain('dipulihkan dari perangkat ini');
      await clickAndLand(page, 'button[value="finish"]', /\/kirim$/);
      await page.click('button[name="_action"][value="submit"]');
      await status(page).filter({ hasText: '6 perubahan menunggu' }).filter({ hasText: 'otomatis saat koneksi kembali' }).waitFor();
    });

    await context.setOffline(false);
    await status(page).filter({ hasText: 'Nilai mandiri' }).waitFor({ timeout: 20_000 });
    expect(await status(page).textContent()).toContain('Tanggapan terkirim');
    const refused = page.locator('[data-blocked="file"][data-state="refused"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('halaman-web.pdf ditolak');

    const doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc).toMatchObject({
      state: 'submitted', rev: 5, // three section saves, one file, the submission: each once
      answers: { profil: { namaLembaga: 'LKSA Harapan (offline)', kapasitas: 40 }, manajemen: { tandaDaftar: 3, rapat: 3 }, layanan: { jenis: 'Pengasuhan anak', penerima: 25 } },
    });
    expect(doc.evidence.map((e) => e.name)).toEqual(['tanda-daftar.pdf']);
    expect(doc.selfScore).toMatchObject({ total: 75 });
    const audits = await AuditEntry.find({ targetId: s.responseA, action: { $in: ['response.answers_changed', 'evidence.upload', 'response.submit'] } }).sort({ at: 1 }).lean();
    expect(audits.map((a) => [a.action, (a.details as { section?: string }).section ?? null])).toEqual([
      ['response.answers_changed', 'profil'], ['response.answers_changed', 'manajemen'], ['response.answers_changed', 'layanan'],
      ['evidence.upload', null], ['response.submit', null],
    ]);
    for (const a of audits) expect(new Date((a.details as { clientAt: string }).clientAt).getTime()).toBeLessThan(a.at.getTime());

    // sign-out with something still waiting asks first; then the account's offline data is gone
    await clickAndLand(page, 'form[action="/logout"] button', /\/keluar\?n=1$/);
    await clickAndLand(page, 'button:has-text("Keluar dan hapus")', /\/$/);
    const left = await page.evaluate(async (user) => {
      const names = await caches.keys();
      const db = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open('monev-offline'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const count = (store: string) => new Promise<number>((resolve) => { const r = db.transaction(store).objectStore(store).index('user').count(user); r.onsuccess = () => resolve(r.result); });
      return { userCache: names.includes(`monev-u-${user}`), queue: await count('queue'), marks: await count('marks'), meta: await count('meta') };
    }, userId);
    expect(left).toEqual({ userCache: false, queue: 0, marks: 0, meta: 0 });
    await context.close();
  }, 120_000);

  it('the evaluator returns the response while the phone is offline with edits: both versions side by side, the chosen one applied', async () => {
    const s = await openScenario();
    await createUser({ username: 'operator.bentrok', role: 'operator', organisationIds: [s.orgA] });
    const context = track((await newLoopbackContext(ui.browser, PHONE)).context);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, 'operator.bentrok');
    await page.goto(`${ui.base}/tanggapan/${s.responseA}`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.click('[data-offline-mark]');
    await page.locator('[data-offline-box][data-offline="1"]').waitFor();

    await offline(context, async () => {
      await page.goto(section(s.responseA, 'profil'));
      await page.fill('input[name="profil.namaLembaga"]', 'Versi ponsel');
      await page.fill('input[name="profil.kapasitas"]', '12');
      await status(page).filter({ hasText: '1 perubahan menunggu' }).waitFor();
    });

    // meanwhile, on another device of the LKS: completed and submitted; the evaluator returns it
    const other = await operatorOf(env.app, s.orgA);
    await other.put(`/api/tanggapan/${s.responseA}`).set('X-CSRF-Token', other.csrf)
      .send({ rev: 0, answers: { profil: { namaLembaga: 'Versi kantor', kapasitas: 30 }, manajemen: { tandaDaftar: 0, rapat: 2 } } }).expect(200);
    await other.post(`/api/tanggapan/${s.responseA}/kirim`).set('X-CSRF-Token', other.csrf).send({ submissionId: randomUUID(), rev: 1 }).expect(200);
    const ev = await evaluatorAgent(env.app);
    await ev.post(`/api/tinjauan/${s.responseA}`).set('X-CSRF-Token', ev.csrf).send({ rev: 2, action: 'start-review' }).expect(200);
    await ev.post(`/tinjauan/${s.responseA}`).type('form')
      .send({ _csrf: ev.csrf, rev: '3', _action: 'return', 'needsFix.manajemen.rapat': 'on', 'comment.manajemen.rapat': 'Notulen rapat belum ada' }).expect(303);
    expect((await ResponseModel.findById(s.responseA).lean())!.state).toBe('returned');

    await context.setOffline(false);
    const conflict = page.locator('[data-blocked="save"][data-state="conflict"]');
    await conflict.waitFor({ timeout: 20_000 });
    await clickAndLand(page, '[data-blocked="save"] button:has-text("Bandingkan")', /\/banding$/);
    const name = page.locator('tr', { hasText: 'Nama lembaga' });
    expect(await name.getAttribute('class')).toBe('compare-differs');
    expect(await name.locator('[data-version="server"]').textContent()).toBe('Versi kantor');
    expect(await name.locator('[data-version="local"]').textContent()).toBe('Versi ponsel');
    expect(await page.locator('main').textContent()).toContain(`status ${STATE_LABELS.returned}`); // what happened on the server
    await page.check('input[name="versi"][value="local"]');
    await clickAndLand(page, 'button:has-text("Terapkan pilihan")', /bagian\/profil$/);

    const doc = (await ResponseModel.findById(s.responseA).lean())!;
    expect(doc).toMatchObject({ state: 'returned', answers: { profil: { namaLembaga: 'Versi ponsel', kapasitas: 12 }, manajemen: { tandaDaftar: 0, rapat: 2 } } });
    const saved = await AuditEntry.findOne({ targetId: s.responseA, action: 'response.answers_changed', 'details.section': 'profil' }).lean();
    expect(saved!.details).toHaveProperty('clientAt');
    await status(page).filter({ hasText: 'tersimpan pukul' }).waitFor();

    // the phone's storage is full: said so at once, not swallowed
    await page.evaluate(() => { (window as unknown as { MonevStore: { put: () => Promise<never> } }).MonevStore.put = () => Promise.reject(new DOMException('penuh', 'QuotaExceededError')); });
    await page.fill('input[name="profil.namaLembaga"]', 'Versi ponsel 2');
    await status(page).filter({ hasText: 'Ruang penyimpanan perangkat penuh' }).waitFor();
    await context.close();
  }, 90_000);
});

describe('error links (issue 18)', () => {
  it('an error link of the submit page focuses its field, which shows its message, with its title in view', async () => {
    const s = await openScenario();
    await createUser({ username: 'operator.tautan', role: 'operator', organisationIds: [s.orgA] });
    await ResponseModel.updateOne({ _id: s.responseA }, { $set: { answers: { profil: { namaLembaga: 'LKSA Harapan', kapasitas: 40 }, manajemen: { tandaDaftar: 0 } } } });
    const context = track((await newLoopbackContext(ui.browser, PHONE)).context);
    const page = await context.newPage();
    await signIn(page, 'operator.tautan');
    await page.goto(`${ui.base}/tanggapan/${s.responseA}/kirim`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('missing'); // the summary is announced first
    await clickAndLand(page, 'a:has-text("Rapat pengurus rutin wajib diisi")', /bagian\/manajemen\?periksa#f-manajemen-rapat$/);
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement;
      const fieldset = el.closest('fieldset')!;
      const ids = (fieldset.getAttribute('aria-describedby') ?? '').split(' ');
      const message = ids.map((id) => document.getElementById(id)).find((n) => n?.classList.contains('fm-err'));
      const legend = fieldset.querySelector('legend')!.getBoundingClientRect();
      return { id: el.id, message: message?.textContent ?? '', legendTop: legend.top, height: window.innerHeight };
    });
    expect(focus.id).toBe('f-manajemen-rapat');
    expect(focus.message).toContain('Rapat pengurus rutin wajib diisi');
    expect(focus.legendTop).toBeGreaterThanOrEqual(0);
    expect(focus.legendTop).toBeLessThan(focus.height / 2);
    await context.close();
  }, 60_000);
});
