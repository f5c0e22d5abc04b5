/**
 * Word (.docx) and Excel (.xlsx) evidence end to end: recognised from content (never from the
 * name or the browser's Content-Type), stored and downloaded byte for byte as an attachment;
 * macro-enabled files, renamed archives and types a question does not declare refused with
 * 415.1 and nothing left in GridFS (checklist 25, 26, 28).
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DOCX_TYPE, XLSX_TYPE, SNIFF_HEAD_BYTES, evidencePolicy } from '../../../server/domain/files';
import { isProblem } from '../../../server/domain/problems';
import { openEvidenceDownload, storeEvidence } from '../../../server/model/evidence-store';
import { Instrument } from '../../../server/model/instrument';
import { definitionHash } from '../../../server/model/query/instruments';
import { ResponseModel } from '../../../server/model/response';
import { openCycle } from '../../../server/resources/cycles-open';
import { SHEET_MAIN, WORD_MAIN, buildZip, contentTypesXml, minimalDocx, minimalXlsx } from '../../unit/files/zip-builder';
import { PDF_BYTES, createCycle, createOrganisation, testDefinition } from './fixtures';
import { operatorOf, revOf, useFillEnv } from './setup';

const env = useFillEnv();

const gridFiles = () => mongoose.connection.db!.collection('evidence.files').countDocuments();
const gridChunks = () => mongoose.connection.db!.collection('evidence.chunks').countDocuments();

/** `rapat` gets an evidence rule without `types` (accepts every recognisable type); `tandaDaftar` keeps PDF/PNG only. */
async function officeScenario(): Promise<{ orgA: string; responseA: string }> {
  const def = testDefinition();
  const manajemen = (def.properties as Record<string, { properties: Record<string, Record<string, unknown>> }>).manajemen;
  manajemen.properties.rapat['x-evidence'] = { min: 0, max: 5 };
  const definitionJson = JSON.stringify(def);
  await Instrument.create({
    formId: 'uji-lks', version: '2026.1', title: 'Instrumen Uji LKS', subjectType: 'LKS', status: 'published',
    definitionJson, hash: definitionHash(definitionJson), publishedAt: new Date(), publishedBy: 'test',
  });
  const orgA = await createOrganisation('LKSA Harapan', '36.02');
  const cycleId = await createCycle();
  const admin = { user: { id: 'test-admin', role: 'admin', organisationIds: [], kabkota: 'all', disabled: false, name: 'Admin', username: 'admin' }, ip: '127.0.0.1', id: 'test', method: 'POST', path: '/test' };
  await openCycle(admin as unknown as Request, new mongoose.Types.ObjectId(cycleId));
  const response = await ResponseModel.findOne({ organisationId: orgA }).lean();
  return { orgA, responseA: String(response!._id) };
}

type Operator = Awaited<ReturnType<typeof operatorOf>>;

function upload(op: Operator, responseId: string, files: Array<[Buffer, string, string?]>, path = 'manajemen.rapat', accept = 'application/json') {
  let req = op.post(`/tanggapan/${responseId}/bukti?_csrf=${encodeURIComponent(op.csrf)}`).set('Accept', accept).field('path', path);
  // the browser's Content-Type is deliberately wrong or generic: only the content counts
  for (const [bytes, filename, contentType] of files) req = req.attach('file', bytes, { filename, contentType: contentType ?? 'application/octet-stream' });
  return req;
}

function downloadBytes(op: Operator, fileId: string) {
  return op.get(`/bukti/${fileId}`).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

async function bigWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Penerima Manfaat');
  ws.addRow(['No', 'Nama', 'NIK', 'Alamat', 'Bantuan (Rp)']);
  for (let i = 1; i <= 8000; i++) ws.addRow([i, `Penerima ${i} ${(i * 7919).toString(36)}`, `3602${String(i * 104729).padStart(12, '0')}`, `Kp. ${(i * 31).toString(36)} RT ${i % 13}`, (i * 37) % 1_000_000]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function expectNothingStored(responseId: string): Promise<void> {
  expect(await gridFiles()).toBe(0);
  expect(await gridChunks()).toBe(0);
  expect((await ResponseModel.findById(responseId).lean())!.evidence).toEqual([]);
}

describe('Word and Excel evidence', () => {
  it('a .docx and a real exceljs .xlsx (larger than the 64 KiB head) → 201, downloaded byte for byte with their type', async () => {
    const s = await officeScenario();
    const op = await operatorOf(env.app, s.orgA);
    const docx = minimalDocx();
    const xlsx = await bigWorkbook();
    expect(xlsx.length).toBeGreaterThan(2 * SNIFF_HEAD_BYTES);
    const res = await upload(op, s.responseA, [[docx, 'SK Pengurus.docx', 'application/pdf'], [xlsx, 'laporan keuangan']]);
    expect(res.status).toBe(201);
    const files = (res.body.files as Array<{ id: string; type: string; name: string; size: number }>).sort((a, b) => a.size - b.size);
    expect(files.map((f) => [f.type, f.name, f.size]))
      .toEqual([[DOCX_TYPE, 'SK Pengurus.docx', docx.length], [XLSX_TYPE, 'laporan keuangan.xlsx', xlsx.length]]);

    for (const [file, bytes, type] of [[files[0], docx, DOCX_TYPE], [files[1], xlsx, XLSX_TYPE]] as const) {
      const down = await downloadBytes(op, file.id).expect(200);
      expect(Buffer.compare(down.body as Buffer, bytes)).toBe(0);
      expect(down.headers['content-type']).toBe(type);
      expect(down.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.(docx|xlsx)"/);
      expect(down.headers['x-content-type-options']).toBe('nosniff');
      expect(down.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    }
    const stored = await mongoose.connection.db!.collection('evidence.files').find({}).toArray();
    expect(stored.map((f) => f.metadata.contentType).sort()).toEqual([DOCX_TYPE, XLSX_TYPE].sort());
    const evidence = (await ResponseModel.findById(s.responseA).lean())!.evidence;
    expect(evidence.map((e) => [e.type, e.name]).sort()).toEqual([[DOCX_TYPE, 'SK Pengurus.docx'], [XLSX_TYPE, 'laporan keuangan.xlsx']].sort());
  });

  it('checklist 26: a question that declares its types (PDF, PNG) still refuses a .docx → 415.1 with the accepted list', async () => {
    const s = await officeScenario();
    const op = await operatorOf(env.app, s.orgA);
    const res = await upload(op, s.responseA, [[minimalDocx(), 'sk.docx']], 'manajemen.tandaDaftar');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe(415.1);
    expect(res.body.details).toMatchObject({ reason: 'not-accepted', detected: DOCX_TYPE });
    expect(res.body.message).toBe('Berkas "sk.docx" berjenis DOCX, sedangkan pertanyaan ini hanya menerima: PDF, PNG.');
    await expectNothingStored(s.responseA);
  });

  it('checklist 26: .xlsm, .docm, a .jar and a photo archive renamed .docx/.xlsx, an old .xls → 415.1 and nothing in GridFS', async () => {
    const s = await officeScenario();
    const op = await operatorOf(env.app, s.orgA);
    const xlsm = minimalXlsx(contentTypesXml([['/xl/workbook.xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml'], ['/xl/vbaProject.bin', 'application/vnd.ms-office.vbaProject']]));
    const docm = minimalDocx([], contentTypesXml([['/word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml']]));
    const jar = buildZip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\nMain-Class: a.B\n' }, { name: 'a/B.class', data: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]) }]);
    const photos = buildZip([{ name: 'foto1.jpg', data: Buffer.alloc(5000, 1) }]);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]);
    const cases: Array<[Buffer, string, string, RegExp]> = [
      [xlsm, 'keuangan.xlsx', 'office-macro', /makro/],
      [docm, 'AD-ART.docx', 'office-macro', /makro/],
      [jar, 'laporan.docx', 'zip-not-office', /bukan dokumen Word/],
      [photos, 'penerima.xlsx', 'zip-not-office', /bukan dokumen Word/],
      [xls, 'penerima.xls', 'legacy-office', /format lama/],
    ];
    for (const [bytes, name, reason, message] of cases) {
      const res = await upload(op, s.responseA, [[bytes, name, DOCX_TYPE]]);
      expect({ name, status: res.status, code: res.body.code, reason: res.body.details?.reason }).toEqual({ name, status: 415, code: 415.1, reason });
      expect(res.body.message).toMatch(message);
      expect(res.body.message).toContain(name);
    }
    await expectNothingStored(s.responseA);
  });

  it('checklist 25: a good .docx sent with an .xlsm in one request is removed again; the HTML answer explains in Indonesian', async () => {
    const s = await officeScenario();
    const op = await operatorOf(env.app, s.orgA);
    const xlsm = minimalXlsx(contentTypesXml([['/xl/workbook.xml', SHEET_MAIN]], [['bin', 'application/vnd.ms-office.vbaProject']]));
    const res = await upload(op, s.responseA, [[minimalDocx(), 'sk.docx'], [xlsm, 'kas.xlsx']], 'manajemen.rapat', 'text/html');
    expect(res.status).toBe(415);
    expect(res.text).toContain('Berkas &quot;kas.xlsx&quot; berisi makro');
    await expectNothingStored(s.responseA);
  });

  it('the section page offers DOCX and XLSX where the question declares no types, and its upload field stores a .docx', async () => {
    const s = await officeScenario();
    const op = await operatorOf(env.app, s.orgA);
    const page = await op.get(`/tanggapan/${s.responseA}/bagian/manajemen`).expect(200);
    expect(page.text).toContain('Jenis berkas: PDF, JPG, PNG, WEBP, DOCX, XLSX. Ukuran maksimal 10 MB per berkas.');
    expect(page.text).toContain(`accept="application/pdf,image/jpeg,image/png,image/webp,${DOCX_TYPE},${XLSX_TYPE}"`);
    expect(page.text).toContain('Jenis berkas: PDF, PNG. Ukuran maksimal 1 MB per berkas.');
    const docx = buildZip([{ name: '[Content_Types].xml', data: contentTypesXml([['/word/document.xml', WORD_MAIN]]), descriptor: true }, { name: 'word/document.xml', data: '<w:document/>' }]);
    const save = await op.post(`/tanggapan/${s.responseA}/bagian/manajemen?_csrf=${encodeURIComponent(op.csrf)}`)
      .field('rev', String(revOf(page.text))).field('manajemen.rapat', '3')
      .attach('manajemen.rapat.~file', docx, { filename: 'notulen rapat.docx', contentType: 'application/octet-stream' })
      .attach('manajemen.tandaDaftar.~file', PDF_BYTES, { filename: 'tanda-daftar.pdf', contentType: 'application/pdf' });
    expect(save.status).toBe(303);
    const evidence = (await ResponseModel.findById(s.responseA).lean())!.evidence;
    expect(evidence.map((e) => [e.path, e.type, e.name]).sort()).toEqual([
      ['manajemen.rapat', DOCX_TYPE, 'notulen rapat.docx'],
      ['manajemen.tandaDaftar', 'application/pdf', 'tanda-daftar.pdf'],
    ]);
    expect(await gridFiles()).toBe(2);
  });

  it('the store buffers the head across many small chunks: Content_Types after 20 KB is found, after 64 KiB refused', async () => {
    const s = await officeScenario();
    const meta = { responseId: s.responseA, organisationId: s.orgA, path: 'manajemen.rapat', originalName: 'x.docx', uploadedBy: 'test' };
    const inChunks = (bytes: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));
    const ct = { name: '[Content_Types].xml', data: contentTypesXml([['/word/document.xml', WORD_MAIN]]) };
    const lateButInHead = buildZip([{ name: 'word/media/image1.png', data: Buffer.alloc(20_000, 3), method: 'store' }, ct]);
    const stored = await storeEvidence(inChunks(lateButInHead, 100), meta, evidencePolicy(undefined));
    expect(stored).toMatchObject({ type: DOCX_TYPE, size: lateButInHead.length });
    const back: Buffer[] = [];
    for await (const c of openEvidenceDownload(stored.fileId)) back.push(c as Buffer);
    expect(Buffer.compare(Buffer.concat(back), lateButInHead)).toBe(0);

    const tooLate = buildZip([{ name: 'word/media/image1.png', data: Buffer.alloc(SNIFF_HEAD_BYTES, 3), method: 'store' }, ct]);
    const refusal = await storeEvidence(inChunks(tooLate, 1000), meta, evidencePolicy(undefined)).then(() => null, (err: unknown) => err);
    expect(isProblem(refusal) && refusal.code === 415.1 && refusal.details).toMatchObject({ reason: 'zip-content-types-late' });
    expect(await gridFiles()).toBe(1); // only the first file
  });
});
