import ExcelJS from 'exceljs';
import { importOrganisations } from '../../../server/domain/register/import';
import { toCellValue } from '../../../server/domain/register/xlsx-reader';
import type { ImportResult } from '../../../server/domain/register/import-rows';
import { buildZip, deflateBomb } from '../../fixtures/register/zip-builder';

const now = new Date('2025-07-01T05:00:00Z');
const HEADER = ['No', 'Nama Lembaga', 'Jenis Organisasi', 'Jenis Pelayanan', 'Alamat', 'Kecamatan', 'Kabupaten/Kota', 'NPWP', 'Telepon', 'Tanggal Akreditasi', 'Status Akreditasi', 'Kapasitas', 'Status Aktif', 'Email'];

async function workbook(rows: ExcelJS.CellValue[][], setup?: (wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Lembaga');
  ws.addRows(rows);
  setup?.(wb, ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const problemsOf = (r: ImportResult) => (r.ok ? [] : r.problems.map((p) => `${p.line}|${p.column}|${p.problem}`));

describe('XLSX import', () => {
  test('typed cells: numbers, real dates, booleans, rich text, hyperlinks, formulas with cached results', async () => {
    const bytes = await workbook([
      HEADER,
      [1, 'LKSA Al-Hidayah', 'LKS', 'LKSA', 'Jl. Raya Rangkasbitung', 'Rangkasbitung', 'Kabupaten Lebak', '01.234.567.8-901.000', 81234567890, new Date(Date.UTC(2022, 0, 15)), 'A', 40, true,
        { text: 'hidayah@gmail.com', hyperlink: 'mailto:hidayah@gmail.com' }],
      [2, { richText: [{ text: 'Karang Taruna ' }, { font: { bold: true }, text: 'Bangkit' }] }, 'Karang Taruna', null, 'Kp. Baru', '36.73.02', '36.73', null, '(0254) 200300', null, null,
        { formula: '10*2', result: 20 }, 'Aktif', null],
    ]);
    const r = await importOrganisations(bytes, { now });
    expect(problemsOf(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.records[0]).toMatchObject({
      identity: { nama: 'LKSA Al-Hidayah', jenisOrganisasi: 'lks', jenisPelayanan: 'lksa_anak' },
      location: { kecamatanCode: '36.02.14', kabkotaCode: '36.02' },
      legal: { npwp: '012345678901000' },
      contact: { telepon: '+6281234567890', email: 'hidayah@gmail.com' },
      people: { kapasitas: 40 },
      accreditation: { status: 'A', tanggal: '2022-01-15', berlakuSampai: '2027-01-15' },
      active: true,
    });
    expect(r.records[1]).toMatchObject({ identity: { nama: 'Karang Taruna Bangkit' }, people: { kapasitas: 20 }, location: { kecamatanCode: '36.73.02' } });
  });

  test('a title above the header is skipped; rows keep their worksheet numbers', async () => {
    const bytes = await workbook([
      ['Daftar LKS Kabupaten Serang 2025'],
      [],
      HEADER,
      [1, 'LKS A', 'LKS', 'Lansia', 'Jl. A', 'Ciruas', 'Kabupaten Serang', null, null, null, null, 10, null, null],
      [2, 'LKS B', 'LKS', 'Lansia', 'Jl. B', 'Ciruas', 'Kabupaten Serang', null, null, null, null, 'sepuluh', null, null],
    ]);
    expect(problemsOf(await importOrganisations(bytes, { now }))).toEqual(['5|Kapasitas|Harus bilangan bulat antara 0 dan 100.000, tanpa titik atau koma.']);
  });

  test('header on row 1, problems on the rows they are in', async () => {
    const bytes = await workbook([
      HEADER,
      [1, 'LKS A', 'LKS', 'Lansia', 'Jl. A', 'Ciruas', 'Kabupaten Serang', 3604123456789012, '0812', 'kemarin', 'A', 12.5, 'ya', 'x@'],
      [],
      [2, 'LKS B', 'LKS', 'Lansia', 'Jl. B', 'Ciruas', 'Kabupaten Serang', null, null, null, null, { formula: 'A1/0' }, null, null],
      [3, 'LKS C', 'LKS', 'Lansia', 'Jl. C', 'Ciruas', 'Kabupaten Serang', null, null, null, null, { error: '#N/A' }, null, null],
    ]);
    const r = await importOrganisations(bytes, { now });
    expect(problemsOf(r)).toEqual([
      '2|NPWP|NPWP 16 digit tidak dapat disimpan di sel angka Excel (hanya 15 digit yang tersimpan). Ketik NPWP sebagai teks.',
      '2|Telepon|Nomor telepon tidak valid, mis. 0812-3456-7890 atau (0254) 123456.',
      '2|Email|Alamat email tidak valid, mis. lks.harapan@gmail.com.',
      '2|Kapasitas|Harus bilangan bulat antara 0 dan 100.000, tanpa titik atau koma.',
      '2|Tanggal Akreditasi|Tanggal tidak valid. Tulis tanggal/bulan/tahun, mis. 17/08/2020, 2020-08-17 atau 17 Agustus 2020.',
      '4|Kapasitas|Sel berisi rumus tanpa nilai tersimpan. Salin lalu tempel sebagai nilai (Paste Values).',
      '5|Kapasitas|Sel berisi galat #N/A.',
    ]);
  });

  test('the first visible worksheet is read', async () => {
    const bytes = await workbook([['Petunjuk: isi lembar Data']], (wb, ws) => {
      ws.state = 'hidden';
      const data = wb.addWorksheet('Data');
      data.addRows([HEADER.slice(1, 7), ['LKS Z', 'PSM', null, 'Jl. Z', 'Serang', 'Kota Serang']]);
    });
    const r = await importOrganisations(bytes, { now });
    expect(r.ok && r.records.map((x) => x.identity.nama)).toEqual(['LKS Z']);
  });

  test('too many rows → 413.3', async () => {
    const rows = [HEADER.slice(1, 7), ...Array.from({ length: 12 }, (_, i) => [`LKS ${i}`, 'PSM', null, 'Jl.', 'Serang', 'Kota Serang'])];
    const r = await importOrganisations(await workbook(rows), { now, limits: { maxRows: 10 } });
    expect(!r.ok && r.problem.code).toBe(413.3);
  });

  test('a file over the byte limit → 413.1', async () => {
    const r = await importOrganisations(await workbook([HEADER]), { now, limits: { maxBytes: 1000 } });
    expect(!r.ok && r.problem.code).toBe(413.1);
  });
});

describe('XLSX import: hostile and broken archives never reach exceljs', () => {
  test('a 1 GiB zip bomb posing as a worksheet → 413.4, fast', async () => {
    const zip = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), compressed: deflateBomb(1024), declaredSize: 2048, crc: 0 },
    ]);
    const t0 = Date.now();
    const r = await importOrganisations(zip, { now });
    expect(!r.ok && r.problem.code).toBe(413.4);
    expect(!r.ok && r.problems[0].problem).toMatch(/terlalu besar/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  test('100,000 entries → 413.4 (file-size limit raised so the entry check is what refuses)', async () => {
    const zip = buildZip(Array.from({ length: 100_000 }, (_, i) => ({ name: `x${i}`, data: Buffer.alloc(0), method: 0 as const })));
    const r = await importOrganisations(zip, { now, limits: { maxBytes: 50 * 1024 * 1024 } });
    expect(!r.ok && r.problem.code).toBe(413.4);
  });
  test('a valid zip that is not a workbook → 415.2', async () => {
    const zip = buildZip([{ name: 'readme.txt', data: Buffer.from('bukan excel') }]);
    const r = await importOrganisations(zip, { now });
    expect(!r.ok && r.problem.code).toBe(415.2);
  });
  test('a damaged zip → 415.2', async () => {
    const good = await workbook([HEADER]);
    const r = await importOrganisations(good.subarray(0, good.length - 100), { now });
    expect(!r.ok && r.problem.code).toBe(415.2);
  });
});

describe('toCellValue', () => {
  test.each([
    [null, null], ['a', 'a'], [5, 5], [true, true],
    [{ richText: [{ text: 'a' }, { text: 'b' }] }, 'ab'],
    [{ text: 'link', hyperlink: 'http://x' }, 'link'],
    [{ text: { richText: [{ text: 'rich' }] }, hyperlink: 'http://x' }, 'rich'],
    [{ formula: 'A1', result: 'hasil' }, 'hasil'],
    [{ sharedFormula: 'A1', result: 3 }, 3],
    [{ formula: 'A1', result: { error: '#REF!' } }, { invalid: 'Sel berisi galat #REF!.' }],
    [{ error: '#DIV/0!' }, { invalid: 'Sel berisi galat #DIV/0!.' }],
    [{ something: 'else' }, { invalid: 'Isi sel tidak dikenal.' }],
  ])('%p → %p', (input, output) => {
    expect(toCellValue(input as ExcelJS.CellValue)).toEqual(output);
  });
});
