/**
 * Register import: a good CSV inserts every row (one transaction, one audit entry with counts);
 * a file with bad rows answers 422 with every {line, column, problem} and stores nothing; XLSX
 * works; zip bombs, oversize files, extra files and missing CSRF tokens are refused.
 */
import ExcelJS from 'exceljs';
import { Organisation } from '../../../server/model/organisation';
import { type Agent, signedIn } from '../../helpers/session';
import { buildZip } from '../../fixtures/register/zip-builder';
import { CSV_HEADER, GOOD_ROWS, auditActions, csv, insertOrg } from './fixtures';
import { useTestApp } from '../../helpers/env';

const env = useTestApp({ clearEach: true });

let admin: Agent;

beforeEach(async () => {
  admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent;
});

function upload(file: Buffer, name: string, accept = 'application/json') {
  return admin.post(`/admin/lembaga/impor?_csrf=${encodeURIComponent(admin.csrf)}`).set('Accept', accept).attach('berkas', file, name);
}

describe('CSV', () => {
  it('inserts every row of a good file and audits the counts', async () => {
    const res = await upload(csv(GOOD_ROWS), 'lembaga.csv');
    expect(res.status).toBe(201);
    expect(res.body.inserted).toBe(3);
    const docs = await Organisation.find().sort({ 'identity.nama': 1 }).lean();
    expect(docs.map((d) => d.identity?.nama)).toEqual(['Karang Taruna Tunas Muda', 'LKS Lansia Sejahtera', 'Panti Asuhan Al-Ikhlas']);
    expect(docs[2].location).toMatchObject({ kecamatanCode: '36.01.12', kabkotaCode: '36.01' });
    const [entry] = await auditActions('register.import');
    expect(entry.details).toMatchObject({ fileName: 'lembaga.csv', kind: 'csv', rows: 3, inserted: 3 });
  });

  it('uses the upload form (CSRF token in the action) and redirects to the list with a message', async () => {
    const page = await admin.get('/admin/lembaga/impor').set('Accept', 'text/html').expect(200);
    const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data">/.exec(page.text)?.[1]?.replace(/&#x3D;/g, '=');
    expect(action).toMatch(/^\/admin\/lembaga\/impor\?_csrf=/);
    const res = await admin.post(action!).set('Accept', 'text/html').attach('berkas', csv(GOOD_ROWS), 'lembaga.csv');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/lembaga');
    const list = await admin.get('/admin/lembaga').set('Accept', 'text/html');
    expect(list.text).toContain('3 lembaga berhasil diimpor.');
  });

  it('refuses a file with bad rows: 422.4 with every line, column and problem; nothing stored', async () => {
    const file = csv([
      GOOD_ROWS[0],
      ';LKS;Lanjut usia;Jl. Tanpa Nama;36.03.01;Kabupaten Tangerang;;;', // line 3: no name
      'LKS Salah Tempat;LKS;Lanjut usia;Jl. X;Labuan;Kabupaten Lebak;123;0812;1990', // line 4: kecamatan, NPWP, telepon
      GOOD_ROWS[1],
      'LKS Masa Depan;LKS;Anak;Jl. Y;36.73.01;Kota Serang;;;2999', // line 6: year in the future
    ]);
    const res = await upload(file, 'buruk.csv');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(422.4);
    const problems = res.body.details.problems as { line: number; column: string; problem: string }[];
    const cells = problems.map((p) => `${p.line}:${p.column}`).sort();
    expect(cells).toEqual(['3:Nama Lembaga', '4:Kecamatan', '4:NPWP', '4:Telepon', '6:Tahun Berdiri'].sort());
    for (const p of problems) expect(p.problem.length).toBeGreaterThan(5);
    expect(res.body.details.total).toBe(5);
    expect(await Organisation.countDocuments()).toBe(0);
    expect(await auditActions('register.import')).toHaveLength(0);
    expect(await auditActions('register.import_rejected')).toHaveLength(1);
  });

  it('shows the full report as an HTML table with status 422', async () => {
    const res = await upload(csv(['LKS A;LKS;;Jl. A;Labuan;Kabupaten Pandeglang;;;']), 'a.csv', 'text/html');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Masalah per baris');
    expect(res.text).toMatch(/<td>2<\/td><td>Jenis Pelayanan<\/td><td>Jenis pelayanan wajib diisi untuk LKS\.<\/td>/);
    expect(res.text).toContain('tidak ada data yang disimpan');
  });

  it('refuses rows that duplicate the register (same NPWP, or same name in the same kecamatan)', async () => {
    await insertOrg('Panti Asuhan Al-Ikhlas', '36.01', '36.01.12');
    await Organisation.create({
      identity: { nama: 'LKS Lama', jenisOrganisasi: 'lks' }, legal: { npwp: '011112223444000' },
      location: { alamat: 'x', kecamatanCode: '36.03.01', kabkotaCode: '36.03' },
    });
    const res = await upload(csv(GOOD_ROWS), 'dobel.csv');
    expect(res.status).toBe(422);
    const cells = (res.body.details.problems as { line: number; column: string }[]).map((p) => `${p.line}:${p.column}`).sort();
    expect(cells).toEqual(['2:NPWP', '3:Nama Lembaga']);
    expect(await Organisation.countDocuments()).toBe(2);
  });

  it('refuses an unknown column header without guessing', async () => {
    const res = await upload(Buffer.from(`${CSV_HEADER};Nama Kepala Desa\r\n${GOOD_ROWS[0]};Pak Kades\r\n`), 'x.csv');
    expect(res.status).toBe(422);
    expect(res.body.details.problems[0]).toMatchObject({ line: 1, column: 'Nama Kepala Desa' });
  });
});

describe('XLSX', () => {
  async function workbook(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Lembaga');
    for (const row of rows) ws.addRow(row);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('imports typed cells (numbers, dates) from an Excel workbook', async () => {
    const file = await workbook([
      ['Nama Lembaga', 'Jenis Organisasi', 'Jenis Pelayanan', 'Alamat', 'Kecamatan', 'Kabupaten/Kota', 'Tahun Berdiri', 'Status Akreditasi', 'Tanggal Akreditasi'],
      ['LKS Dari Excel', 'LKS', 'Disabilitas', 'Jl. Excel 1', 'Serpong', 'Kota Tangerang Selatan', 2001, 'A', new Date(Date.UTC(2023, 0, 15))],
      ['TKSK Balaraja', 'TKSK', null, 'Kantor Kecamatan', '36.03.01', '36.03', 2018, null, null],
    ]);
    const res = await upload(file, 'lembaga.xlsx');
    expect(res.status).toBe(201);
    expect(res.body.inserted).toBe(2);
    const doc = await Organisation.findOne({ 'identity.nama': 'LKS Dari Excel' }).lean();
    expect(doc).toMatchObject({ identity: { tahunBerdiri: 2001, jenisPelayanan: 'disabilitas' }, accreditation: { status: 'A', tanggal: '2023-01-15', berlakuSampai: '2028-01-15' } });
    expect((await auditActions('register.import'))[0].details).toMatchObject({ kind: 'xlsx', inserted: 2 });
  });

  it('reports bad XLSX rows by row number and stores nothing', async () => {
    const file = await workbook([
      ['Nama Lembaga', 'Jenis Organisasi', 'Alamat', 'Kecamatan', 'Kabupaten/Kota'],
      ['Karang Taruna Satu', 'Karang Taruna', 'Jl. 1', 'Serpong', 'Kota Tangerang Selatan'],
      ['Karang Taruna Dua', 'Karang Taruna', 'Jl. 2', 'Serpong', 'Kota Serang'],
    ]);
    const res = await upload(file, 'lembaga.xlsx');
    expect(res.status).toBe(422);
    expect(res.body.details.problems).toEqual([expect.objectContaining({ line: 3, column: 'Kecamatan' })]);
    expect(await Organisation.countDocuments()).toBe(0);
  });

  it('checklist 28: a zip that inflates far beyond the limit is refused before inflating (413.4)', async () => {
    const bomb = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(48 * 1024 * 1024, 0x20), declaredSize: 1000 },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().rss;
    const res = await upload(bomb, 'bom.xlsx');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe(413.4);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
    expect(await Organisation.countDocuments()).toBe(0);
  });

  it('checklist 28: a zip declaring 65,535 entries (the most a plain zip can) is refused from its directory alone (413.4)', async () => {
    const zip = buildZip([{ name: 'a.xml', data: Buffer.from('<a/>') }], { eocdCount: 65535 });
    const res = await upload(zip, 'banyak.xlsx');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe(413.4);
  });

  it('refuses an old binary .xls workbook as unsupported (415)', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const res = await upload(xls, 'lama.xls');
    expect(res.status).toBe(415);
  });
});

describe('upload limits and CSRF', () => {
  it('checklist 25: a file over the size limit is refused with 413.1 and nothing stored', async () => {
    const line = `${GOOD_ROWS[0]}\r\n`;
    const big = Buffer.from(CSV_HEADER + '\r\n' + line.repeat(Math.ceil((5 * 1024 * 1024 + 10) / line.length)));
    const res = await upload(big, 'besar.csv');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe(413.1);
    expect(await Organisation.countDocuments()).toBe(0);
  });

  it('checklist 25: a declared body far over the limit is refused without reading it (413.1)', async () => {
    const res = await upload(Buffer.alloc(8 * 1024 * 1024, 0x41), 'besar.csv').catch((err: { response?: { status: number; body: unknown } }) => err.response);
    expect(res?.status).toBe(413);
    expect(await Organisation.countDocuments()).toBe(0);
    await admin.get('/admin/lembaga').set('Accept', 'application/json').expect(200);
  });

  it('checklist 25: more than one file is refused with 413.2', async () => {
    const res = await admin.post(`/admin/lembaga/impor?_csrf=${encodeURIComponent(admin.csrf)}`).set('Accept', 'application/json')
      .attach('berkas', csv(GOOD_ROWS), 'a.csv').attach('berkas2', csv(GOOD_ROWS), 'b.csv');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe(413.2);
    expect(await Organisation.countDocuments()).toBe(0);
  });

  it('checklist 15: an upload without the CSRF token, or with a foreign Origin, is refused (403.2)', async () => {
    const noToken = await admin.post('/admin/lembaga/impor').set('Accept', 'application/json').attach('berkas', csv(GOOD_ROWS), 'a.csv');
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe(403.2);
    const foreign = await upload(csv(GOOD_ROWS), 'a.csv').set('Origin', 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe(403.2);
    expect(await Organisation.countDocuments()).toBe(0);
  });

  it('answers 415 for a request that is not a multipart upload', async () => {
    const res = await admin.post('/admin/lembaga/impor').set('Accept', 'application/json').set('X-CSRF-Token', admin.csrf).send({ berkas: 'x' });
    expect(res.status).toBe(415);
  });

  it('serves the CSV template with the import headers', async () => {
    const res = await admin.get('/admin/lembaga/impor/templat.csv').expect(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.text).toContain('Nama Lembaga;Nama Yayasan Induk;Jenis Organisasi');
  });
});
