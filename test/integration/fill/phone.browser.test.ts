/**
 * The operator's pages in a real browser on a 360 px phone WITHOUT JavaScript (rural 3G, old
 * phones): sign in, open the assignment, fill both sections, attach a PDF with the section's own
 * file input, go to the submit page and submit — all by plain form posts and redirects. Every page
 * fits the width (no sideways scrolling) and axe finds no serious or critical violation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newLoopbackContext, PHONE } from '../../e2e/browser';
import { useAppInBrowser } from '../../e2e/app-in-browser';
import { createUser, TEST_PASSWORD } from '../../helpers/session';
import { ResponseModel } from '../../../server/model/response';
import { PDF_BYTES } from './fixtures';
import { openScenario, useFillEnv } from './setup';

const env = useFillEnv();
const ui = useAppInBrowser(() => env.app);
const { expectFits, submitWith, axeClean } = ui;

describe('operator on a phone without JavaScript', () => {
  it('fills, attaches evidence and submits; pages fit 360 px and pass axe', async () => {
    const s = await openScenario();
    await createUser({ username: 'operator.hp', role: 'operator', organisationIds: [s.orgA] });
    const { context } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ui.base}/login`);
    await page.fill('input[name="username"]', 'operator.hp');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await submitWith(page, 'button[type="submit"]');
    expect(new URL(page.url()).pathname).toBe('/tugas');
    await expectFits(page);
    await axeClean(context, page);

    await submitWith(page, `a[data-response-id="${s.responseA}"]`);
    expect(new URL(page.url()).pathname).toBe(`/tanggapan/${s.responseA}/bagian/profil`);
    await page.fill('input[name="profil.namaLembaga"]', 'LKSA Harapan <b>Bangsa</b>');
    await page.fill('input[name="profil.kapasitas"]', '40');
    await expectFits(page);
    await axeClean(context, page);
    await submitWith(page, 'button[name="_action"][value="next"]');
    expect(new URL(page.url()).pathname).toBe(`/tanggapan/${s.responseA}/bagian/manajemen`);

    await page.check('input[name="manajemen.tandaDaftar"][value="4"]');
    await page.check('input[name="manajemen.rapat"][value="3"]');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monev-upload-'));
    const file = path.join(dir, 'tanda-daftar.pdf');
    fs.writeFileSync(file, PDF_BYTES);
    await page.setInputFiles('input[type="file"][name="manajemen.tandaDaftar.~file"]', file);
    await submitWith(page, 'button[name="_action"][value="save"].secondary');
    await page.locator('.fm-files', { hasText: 'tanda-daftar.pdf' }).waitFor();
    expect(await page.isChecked('input[name="manajemen.rapat"][value="3"]')).toBe(true);
    await expectFits(page);
    await axeClean(context, page);

    await submitWith(page, 'button[name="_action"][value="finish"]');
    expect(new URL(page.url()).pathname).toBe(`/tanggapan/${s.responseA}/kirim`);
    await expectFits(page);
    await axeClean(context, page);
    await submitWith(page, 'button[name="_action"][value="submit"]');
    await page.locator('[data-response-state="submitted"]').first().waitFor({ state: 'attached' });
    await expectFits(page);
    await axeClean(context, page);
    const doc = await ResponseModel.findById(s.responseA).lean();
    expect(doc).toMatchObject({ state: 'submitted', answers: { profil: { namaLembaga: 'LKSA Harapan <b>Bangsa</b>', kapasitas: 40 }, manajemen: { tandaDaftar: 4, rapat: 3 } } });
    expect(doc!.evidence).toHaveLength(1);
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});

describe('admin pages of the area', () => {
  it('instrument library, preview, cycles and extension pages pass axe and fit a phone', async () => {
    const s = await openScenario();
    await createUser({ username: 'admin.hp', role: 'admin' });
    const { context } = await newLoopbackContext(ui.browser, { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ui.base}/login`);
    await page.fill('input[name="username"]', 'admin.hp');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await submitWith(page, 'button[type="submit"]');
    for (const url of ['/admin/instrumen', '/admin/instrumen/uji-lks/2026.1', '/admin/instrumen/uji-lks/2026.1/pratinjau', '/admin/siklus',
      '/admin/siklus/baru', `/admin/siklus/${s.cycleId}`, `/admin/siklus/${s.cycleId}/tanggapan/${s.responseA}/perpanjang`]) {
      const res = await page.goto(`${ui.base}${url}`);
      expect(res?.status()).toBe(200);
      await expectFits(page);
      await axeClean(context, page);
    }
    // the preview recalculates the score without JavaScript
    await page.goto(`${ui.base}/admin/instrumen/uji-lks/2026.1/pratinjau`);
    await page.check('input[name="manajemen.tandaDaftar"][value="4"]');
    await submitWith(page, 'form[data-preview] button[name="_action"][value="save"]:not(.fm-default)');
    expect(await page.textContent('#score-h + p + dl')).toContain('50');
    await context.close();
  }, 90_000);
});

describe('autosave (fill.js and the offline queue, with JavaScript)', () => {
  it('saves changed answers in the background and keeps rev in step, so the next manual save is not stale', async () => {
    const s = await openScenario();
    await createUser({ username: 'operator.js', role: 'operator', organisationIds: [s.orgA] });
    const { context } = await newLoopbackContext(ui.browser, PHONE);
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${ui.base}/login`);
    await page.fill('input[name="username"]', 'operator.js');
    await page.fill('input[name="password"]', TEST_PASSWORD);
    await submitWith(page, 'button[type="submit"]');
    await page.goto(`${ui.base}/tanggapan/${s.responseA}/bagian/profil`);
    await page.fill('input[name="profil.namaLembaga"]', 'Tersimpan otomatis');
    // kept on the phone at once, visible in the save bar; sent in the background a few seconds later
    const bar = page.locator('[data-save-bar] [data-sync-line]');
    await bar.filter({ hasText: '1 perubahan menunggu' }).waitFor({ timeout: 10_000 });
    await page.clock.fastForward(11_000);
    await bar.filter({ hasText: 'tersimpan pukul' }).waitFor({ timeout: 10_000 });
    expect(await page.inputValue('input[name="rev"]')).toBe('1');
    expect((await ResponseModel.findById(s.responseA).lean())!.answers).toEqual({ profil: { namaLembaga: 'Tersimpan otomatis' } });
    await page.fill('input[name="profil.kapasitas"]', '12');
    await submitWith(page, 'button[name="_action"][value="next"]');
    expect(new URL(page.url()).pathname).toBe(`/tanggapan/${s.responseA}/bagian/manajemen`);
    expect((await ResponseModel.findById(s.responseA).lean())!).toMatchObject({ rev: 2, answers: { profil: { namaLembaga: 'Tersimpan otomatis', kapasitas: 12 } } });
    await context.close();
  }, 60_000);
});
