/**
 * Questionnaire workbooks at the instrument library, end to end: a 63-item workbook with five
 * groups, a repeat, conditions and grade bands is uploaded, previewed with its live score,
 * published, filled in by an operator section by section and scored; a broken workbook gives the
 * problem list (sheet, row, column, fix); every version downloads as a workbook that imports back.
 */
import mongoose from 'mongoose';
import type { Request } from 'express';
import { score } from '../../../server/domain/forms';
import { importWorkbook, readWorkbook } from '../../../server/domain/forms/xlsform';
import { AuditEntry } from '../../../server/model/audit';
import { Cycle } from '../../../server/model/cycle';
import { Instrument } from '../../../server/model/instrument';
import { loadPublishedForm } from '../../../server/model/query/instruments';
import { ResponseModel } from '../../../server/model/response';
import { openCycle } from '../../../server/resources/cycles-open';
import { BIG_EXPECTED, BIG_WORKBOOK_ID, bigAnswers, bigWorkbook } from '../../fixtures/big-workbook';
import { table, xlsx } from '../../unit/forms/xlsform/workbook';
import { createOrganisation, PDF_BYTES } from './fixtures';
import { adminAgent, operatorOf, revOf, submissionIdOf, useFillEnv, type FillEnv } from './setup';

const env: FillEnv = useFillEnv();
const BASE = '/admin/instrumen';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Agent = Awaited<ReturnType<typeof adminAgent>>;
const upload = (agent: Agent, bytes: Buffer, name = 'instrumen.xlsx') =>
  agent.post(`${BASE}?_csrf=${encodeURIComponent(agent.csrf)}`).attach('definisi', bytes, { filename: name, contentType: XLSX });

function binary(res: { on(event: string, fn: (c?: Buffer) => void): unknown }, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

const adminRequest = () => ({ user: { id: 'test-admin', role: 'admin', organisationIds: [], kabkota: 'all', disabled: false, name: 'Admin', username: 'admin' }, ip: '127.0.0.1', id: 'test', method: 'POST', path: '/test' }) as unknown as Request;

describe('questionnaire workbooks', () => {
  it('a 63-item workbook imports, previews with its score, publishes, and is filled in and scored end to end', async () => {
    const admin = await adminAgent(env.app);
    const up = await upload(admin, await bigWorkbook());
    expect(up.status).toBe(303);
    const href = `${BASE}/${BIG_WORKBOOK_ID}/2026.1`;
    expect(up.headers.location).toBe(`${href}/pratinjau`);
    const doc = await Instrument.findOne({ formId: BIG_WORKBOOK_ID }).lean();
    expect(doc).toMatchObject({ status: 'draft', version: '2026.1', title: 'Instrumen Uji Besar' });

    const preview = await admin.get(`${href}/pratinjau`).expect(200);
    expect(preview.text).toContain('name="manajemen.tandaDaftar"');
    expect(preview.text).toContain('Modul pengasuhan anak');
    expect(preview.text).toContain(`action="${href}/terbitkan"`); // publish from the preview
    const body: Record<string, string | string[]> = { _csrf: admin.csrf, _action: 'save' };
    for (const section of Object.values(bigAnswers())) Object.assign(body, section);
    const scored = await admin.post(`${href}/pratinjau`).type('form').send(body).expect(200);
    expect(scored.text).toMatch(/Nilai total[\s\S]*?<strong>83,29<\/strong>/);
    expect(scored.text).toMatch(/Predikat[\s\S]*?<strong>B<\/strong>/);

    await admin.post(`${href}/terbitkan`).type('form').send({ _csrf: admin.csrf }).expect(303);
    const form = await loadPublishedForm(BIG_WORKBOOK_ID, '2026.1');
    // the same workbook again (downloaded, changed, sent back without a new number): the version cell, and the next free number
    const again = await upload(admin, await bigWorkbook());
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/<td>settings<\/td><td>2<\/td><td><code>version<\/code><\/td><td>Versi 2026\.1 dari uji-monev-besar sudah diterbitkan[^<]*<\/td><td>[^<]*mis\. 2026\.2/);
    expect(form.questions.filter((q) => q.scoreMax !== null)).toHaveLength(63);
    expect(form.sections.map((s) => s.key)).toEqual(['profil', 'manajemen', 'program', 'pelayanan', 'sarpras']);

    // a cycle with it; the operator fills every section and submits
    const org = await createOrganisation('LKSA Harapan', '36.02');
    const cycle = await Cycle.create({ name: 'Monev Besar 2026', year: 2026, formId: BIG_WORKBOOK_ID, formVersion: '2026.1', subjectType: 'LKS', opensAt: new Date(Date.now() - 86400000), closesAt: new Date(Date.now() + 86400000 * 30), status: 'draft' });
    await openCycle(adminRequest(), new mongoose.Types.ObjectId(String(cycle._id)));
    const response = await ResponseModel.findOne({ organisationId: org }).lean();
    const op = await operatorOf(env.app, org);
    const id = String(response!._id);
    for (const [key, fields] of Object.entries(bigAnswers())) {
      const page = await op.get(`/tanggapan/${id}/bagian/${key}`).expect(200);
      const res = await op.post(`/tanggapan/${id}/bagian/${key}`).type('form').send({ _csrf: op.csrf, rev: String(revOf(page.text)), _action: 'save', ...fields });
      expect([key, res.status]).toEqual([key, 303]);
    }
    await op.post(`/tanggapan/${id}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).field('path', 'manajemen.tandaDaftar')
      .attach('file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' }).expect(303);
    const submit = await op.get(`/tanggapan/${id}/kirim`).expect(200);
    const sent = await op.post(`/tanggapan/${id}/kirim`).type('form').send({ _csrf: op.csrf, submissionId: submissionIdOf(submit.text), rev: String(revOf(submit.text)), _action: 'submit' });
    expect(sent.status).toBe(303);
    const stored = await ResponseModel.findById(id).lean();
    expect(stored!.state).toBe('submitted');
    expect(stored!.selfScore).toMatchObject({ total: BIG_EXPECTED.total, grade: BIG_EXPECTED.grade });
    const s = score(form, stored!.answers);
    expect(s.sections.map((x) => x.score)).toEqual(BIG_EXPECTED.sections);
    expect(s.total).toBe(BIG_EXPECTED.total);
  });

  it('a workbook with problems: 422 with sheet, row, column, what is wrong and what to write; nothing stored', async () => {
    const admin = await adminAgent(env.app);
    const bytes = await xlsx({
      survey: table([{ type: 'begin_group', name: 'a', label: 'A' }, { type: 'calculate', name: 'total', calculation: '1' }, { type: 'integer', name: 'b', label: 'B', relevant: '${b} + 1 > 2' }, { type: 'end_group' }]),
      settings: [['form_id', 'version', 'subject_type'], ['uji-salah', '1', 'LKS']],
    });
    const res = await upload(admin, bytes, 'salah.xlsx');
    expect(res.status).toBe(422);
    expect(res.text.match(/data-sheet-problem/g)).toHaveLength(2);
    expect(res.text).toMatch(/<td>survey<\/td><td>3<\/td><td><code>type<\/code><\/td><td>Baris calculate \(nilai hitungan\) tidak didukung.<\/td><td>Hapus baris ini./);
    expect(res.text).toContain('<td>4</td><td><code>relevant</code></td>');
    expect(await Instrument.countDocuments({})).toBe(0);
    const json = await admin.post(`${BASE}?_csrf=${encodeURIComponent(admin.csrf)}`).set('Accept', 'application/json').attach('definisi', bytes, { filename: 'salah.xlsx', contentType: XLSX });
    expect(json.status).toBe(422);
    expect(json.body.details.problems[0]).toMatchObject({ sheet: 'survey', row: 3, column: 'type' });
    // checklist 28 at this door too: a zip that is no workbook
    const bomb = await upload(admin, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]), 'rusak.xlsx');
    expect(bomb.status).toBe(415);
    expect(bomb.text).toContain('Excel Workbook (.xlsx)');
    // a clean workbook with something Monev skips: the notes come with the preview the upload lands on
    const noted = await upload(admin, await xlsx({
      survey: table([{ type: 'start', name: 'mulai' }, { type: 'text', name: 'nama', label: 'Nama lembaga' }]),
      settings: [['form_title', 'form_id', 'version', 'subject_type'], ['Uji catatan', 'uji-catatan', '1', 'LKS']],
    }), 'catatan.xlsx').expect(303);
    const landed = await admin.get(noted.headers.location).expect(200);
    expect(landed.text).toContain('Catatan impor (1)');
    expect(landed.text).toContain('survey baris 2 kolom type: Baris start (metadata perangkat) dilewati');
  });

  it('every version downloads as a workbook (audited) that imports back to the same instrument', async () => {
    const admin = await adminAgent(env.app);
    await upload(admin, await bigWorkbook()).expect(303);
    const href = `${BASE}/${BIG_WORKBOOK_ID}/2026.1`;
    const detail = await admin.get(href).expect(200);
    expect(detail.text).toContain(`href="${href}/spreadsheet.xlsx"`);
    const file = await admin.get(`${href}/spreadsheet.xlsx`).buffer(true).parse((res, cb) => binary(res, cb)).expect(200);
    expect(file.headers['content-type']).toBe(XLSX);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${BIG_WORKBOOK_ID}-2026.1.xlsx"`);
    const read = await readWorkbook(file.body as Buffer);
    expect(read.ok).toBe(true);
    const back = importWorkbook(read.ok ? read.sheets : []);
    const original = await Instrument.findOne({ formId: BIG_WORKBOOK_ID }).lean();
    expect(back.form!.hash).toBe(original!.hash);
    expect(await AuditEntry.countDocuments({ action: 'instrument.export', targetId: `${BIG_WORKBOOK_ID}@2026.1` })).toBe(1);
  });
});
