import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importOrganisations } from '../../../server/domain/register/import';
import { decodeText, readCsv, sniffDelimiter } from '../../../server/domain/register/csv-reader';
import { IMPORT_LIMITS } from '../../../server/domain/register/limits';
import type { ImportResult } from '../../../server/domain/register/import-rows';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/register', name));
const now = new Date('2025-07-01T05:00:00Z');
const run = (bytes: Buffer, limits = {}) => importOrganisations(bytes, { now, limits });
const problemsOf = (r: ImportResult) => (r.ok ? [] : r.problems.map((p) => `${p.line}|${p.column}|${p.problem}`));

describe('CSV import: good files', () => {
  test('Excel "CSV UTF-8" with BOM, `;` separator, multi-line quoted address, varied spellings', async () => {
    const r = await run(fixture('good-semicolon-bom.csv'));
    expect(problemsOf(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.records).toHaveLength(4);
    const [lksa, kt, tksk, werdha] = r.records;
    expect(lksa.identity).toEqual({
      nama: 'LKSA Darul Aitam', namaYayasan: 'Yayasan Darul Aitam Banten', jenisOrganisasi: 'lks', jenisPelayanan: 'lksa_anak',
      sasaranPmks: ['anak_telantar', 'anak_balita_telantar'], lokasiPelayanan: 'dalam_panti', tahunBerdiri: 1998,
    });
    expect(lksa.location).toEqual({ alamat: 'Jl. Raya Labuan Km. 3\nRT 002/RW 001', desaKelurahan: 'Teluk', kecamatanCode: '36.01.12', kabkotaCode: '36.01', koordinat: { lat: -6.3789, lon: 105.8312 } });
    expect(lksa.legal.npwp).toBe('012345678901000');
    expect(lksa.legal.tandaDaftar).toEqual({ nomor: '460/123/Dinsos/2022', tanggalTerbit: '2022-02-14', penerbit: 'dinsos_kabkota', berlakuSampai: '2027-02-14' });
    expect(lksa.accreditation).toEqual({ status: 'B', nomorSertifikat: 'BALKS/2021/0456', tanggal: '2021-08-17', berlakuSampai: '2024-08-17' });
    expect(kt.location).toMatchObject({ kecamatanCode: '36.02.18', kabkotaCode: '36.02' });
    expect(kt.contact.telepon).toBe('+62252201234');
    expect(tksk.location).toMatchObject({ kecamatanCode: '36.74.01', kabkotaCode: '36.74' });
    expect(werdha.legal.npwp).toBe('3603123456789012');
    expect(werdha.identity.sasaranPmks).toEqual(['lanjut_usia_telantar']);
    expect(werdha.contact.telepon).toBe('+6281398765432');
    expect(werdha.location).toMatchObject({ kecamatanCode: '36.03.17', kabkotaCode: '36.03' });
  });

  test('`,` separator, CRLF, lower-case/underscored headers, escaped quotes', async () => {
    const r = await run(fixture('good-comma-crlf.csv'));
    expect(problemsOf(r)).toEqual([]);
    if (r.ok) {
      expect(r.records.map((x) => x.identity.nama)).toEqual(['LKS Bina Insani', 'PSM "Peduli" Cilegon']);
      expect(r.records[0].location.alamat).toBe('Jl. Merdeka No. 10, Cipocok');
      expect(r.records[1].location).toMatchObject({ kecamatanCode: '36.72.05', kabkotaCode: '36.72' });
    }
  });

  test('Windows-1252 and UTF-16 files are decoded', async () => {
    const latin = Buffer.from('Nama Lembaga;Jenis Organisasi;Alamat;Kecamatan;Kabupaten/Kota\nLKS Caf\xe9;TKSK;Jl. A;Serang;Kota Serang\n', 'latin1');
    const r = await run(latin);
    expect(r.ok && r.records[0].identity.nama).toBe('LKS Café');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nama Lembaga\tJenis Organisasi\tAlamat\tKecamatan\tKabupaten/Kota\r\nLKS Ü\tPSM\tJl. B\tSerang\tKota Serang\r\n', 'utf16le')]);
    const r16 = await run(utf16);
    expect(r16.ok && r16.records[0].identity.nama).toBe('LKS Ü');
  });
});

describe('CSV import: every bad cell reported, nothing imported', () => {
  test('bad rows → 422.4 with line, column (as written in the file) and problem', async () => {
    const r = await run(fixture('bad-rows.csv'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe(422.4);
    expect(r.problem.details).toMatchObject({ total: r.problems.length, truncated: false });
    expect(problemsOf(r)).toEqual([
      '2|Tahun Berdiri|Harus bilangan bulat antara 1900 dan 2025, tanpa titik atau koma.',
      '2|NPWP|NPWP harus 15 atau 16 digit angka (terisi 12 digit), mis. 01.234.567.8-901.000.',
      '2|Tanggal Tanda Daftar|Tanggal tidak valid. Tulis tanggal/bulan/tahun, mis. 17/08/2020, 2020-08-17 atau 17 Agustus 2020.',
      '2|Kecamatan|Kecamatan "Labuan" tidak ditemukan di Kabupaten Lebak.',
      '2|Telepon|Nomor telepon tidak valid, mis. 0812-3456-7890 atau (0254) 123456.',
      '2|Email|Alamat email tidak valid, mis. lks.harapan@gmail.com.',
      '2|Kapasitas|Harus bilangan bulat antara 0 dan 100.000, tanpa titik atau koma.',
      '2|Tanggal Akreditasi|Tanggal akreditasi wajib diisi untuk status A.',
      '3|Nama Lembaga|Nama Lembaga wajib diisi.',
      expect.stringMatching(/^3\|Jenis Organisasi\|"Yayasan" tidak dikenal. Pilihan: LKS/),
      '3|Alamat|Alamat wajib diisi.',
      '3|Kecamatan|Kecamatan wajib diisi.',
      '3|Kabupaten/Kota|Kabupaten/Kota wajib diisi.',
      '4|Jenis Pelayanan|Jenis pelayanan wajib diisi untuk LKS.',
      '4|Kecamatan|Kecamatan "Curug" ada di beberapa kabupaten/kota. Isi Kabupaten/Kota dengan benar atau tulis kode kecamatan.',
      expect.stringMatching(/^4\|Kabupaten\/Kota\|"Tangerang" bisa kabupaten atau kota/),
      '4|Kapasitas|Harus bilangan bulat antara 0 dan 100.000, tanpa titik atau koma.',
      expect.stringMatching(/^4\|Status Akreditasi\|"Z" tidak dikenal/),
      '6|Status Akreditasi|Nomor atau tanggal akreditasi terisi, tetapi status bukan A, B atau C.',
    ]);
  });

  test('header problems are reported before any row is read', async () => {
    const r = await run(fixture('bad-header.csv'));
    expect(problemsOf(r)).toEqual([
      '1|Jenis Organsasi|Judul kolom "Jenis Organsasi" tidak dikenal. Gunakan judul dari templat impor.',
      '1|Kab/Kota|Kolom ini sama dengan kolom "Kabupaten/Kota".',
      '1|Kolom F|Kolom berisi data tetapi tidak berjudul.',
      '1|Catatan|Judul kolom "Catatan" tidak dikenal. Gunakan judul dari templat impor.',
      '1|Jenis Organisasi|Kolom wajib tidak ada.',
      '1|Kecamatan|Kolom wajib tidak ada.',
    ]);
  });

  test('duplicates inside one file: same NPWP, or same name in the same kecamatan', async () => {
    const csv = [
      'Nama Lembaga;Jenis Organisasi;Alamat;Kecamatan;Kabupaten/Kota;NPWP',
      'LKS A;PSM;Jl. 1;Serang;Kota Serang;01.234.567.8-901.000',
      'LKS B;PSM;Jl. 2;Serang;Kota Serang;012345678901000',
      'lks  a;PSM;Jl. 3;36.73.01;36.73;',
      'LKS A;PSM;Jl. 4;Kasemen;Kota Serang;',
    ].join('\n');
    expect(problemsOf(await run(Buffer.from(csv)))).toEqual([
      '3|NPWP|NPWP sama dengan baris 2.',
      '4|Nama Lembaga|Lembaga dengan nama dan kecamatan yang sama sudah ada di baris 2.',
    ]);
  });

  test('line numbers count blank lines and multi-line cells; data beyond the header width is reported', async () => {
    const csv = 'Nama Lembaga;Jenis Organisasi;Alamat;Kecamatan;Kabupaten/Kota\n\n"LKS\nA";PSM;"Jl.\n1";Serang;Kota Serang\n;;;;\nLKS B;PSM;Jl. 2;Serang;Kota Serang;lebih\nLKS C;XX;Jl. 3;Serang;Kota Serang\n';
    expect(problemsOf(await run(Buffer.from(csv)))).toEqual([
      '7|Kolom F|Sel berisi data di luar kolom yang berjudul.',
      expect.stringMatching(/^8\|Jenis Organisasi\|"XX" tidak dikenal/),
    ]);
  });

  test('a title row above the header is skipped', async () => {
    const csv = 'DAFTAR LKS KOTA SERANG;;;;\n;;;;\nNama Lembaga;Jenis Organisasi;Alamat;Kecamatan;Kabupaten/Kota\nLKS A;PSM;Jl. 1;Serang;Kota Serang\n';
    const r = await run(Buffer.from(csv));
    expect(r.ok && r.records.map((x) => x.identity.nama)).toEqual(['LKS A']);
    expect(r.ok && r.lines).toEqual([4]);
  });

  test('broken quoting → 422.4 with the line', async () => {
    const r = await run(Buffer.from('Nama Lembaga;Alamat\n"LKS A;Jl. 1\nLKS B;Jl. 2\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe(422.4);
      expect(r.problems[0].problem).toBe('Tanda kutip (") dibuka tetapi tidak ditutup.');
    }
  });

  test('empty file, header only, NUL bytes, old .xls', async () => {
    expect(problemsOf(await run(Buffer.from('\n\n')))).toEqual(['1||Berkas kosong: baris judul kolom tidak ditemukan.']);
    expect(problemsOf(await run(Buffer.from('Nama Lembaga;Jenis Organisasi;Alamat;Kecamatan;Kabupaten/Kota\n')))).toEqual(['1||Tidak ada baris data di bawah judul kolom.']);
    const nul = await run(Buffer.from('Nama\u0000Lembaga\n'));
    expect(!nul.ok && nul.problem.code).toBe(415.1);
    const xls = await run(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(!xls.ok && xls.problems[0].problem).toMatch(/\.xls/);
  });
});

describe('CSV import: bounds', () => {
  const header = 'Nama Lembaga;Jenis Organisasi;Alamat;Kecamatan;Kabupaten/Kota\n';
  const row = (i: number) => `LKS ${i};PSM;Jl. ${i};Serang;Kota Serang\n`;
  test('file larger than the byte limit → 413.1 before parsing', async () => {
    const r = await run(Buffer.from(header + row(1)), { maxBytes: 20 });
    expect(!r.ok && r.problem.code).toBe(413.1);
  });
  test('one row more than allowed → 413.3, reading stops there', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(i + 1)).join('');
    const r = await run(Buffer.from(header + rows), { maxRows: 5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe(413.3);
    const exact = await run(Buffer.from(header + rows.split('\n').slice(0, 5).join('\n')), { maxRows: 5 });
    expect(exact.ok && exact.records).toHaveLength(5);
  });
  test('5,000 rows are accepted by the default limits; blank lines do not count', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${row(i + 1)};;;;\n`).join('');
    const r = await run(Buffer.from(header + rows));
    expect(r.ok && r.records).toHaveLength(5000);
  });
  test('the problem list is capped but the total is given', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `LKS ${i};XX;Jl.;Serang;Kota Serang\n`).join('');
    const r = await run(Buffer.from(header + rows), { maxProblems: 10 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toHaveLength(10);
      expect(r.problem.details).toMatchObject({ total: 30, truncated: true });
    }
  });
});

describe('CSV helpers', () => {
  test('delimiter sniffing counts only outside quotes and stops at the first line', () => {
    expect(sniffDelimiter('a;b;c\n1,2,3,4,5')).toBe(';');
    expect(sniffDelimiter('"a;b;c",d,e\n')).toBe(',');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('nama')).toBe(',');
  });
  test('decoding', () => {
    expect(decodeText(Buffer.from('\ufeffNama', 'utf8'))).toBe('Nama');
    expect(decodeText(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toBe('Café');
  });
  test('readCsv gives start lines', () => {
    const read = readCsv(Buffer.from('a;b\r\n\r\n"x\r\ny";z\r\nq;w\r\n'), IMPORT_LIMITS);
    expect(read.ok && read.rows.map((r) => r.line)).toEqual([1, 3, 5]);
  });
});
