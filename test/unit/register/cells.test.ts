import {
  cellText, parseDate, parseDecimal, parseEmail, parseFlag, parseInteger, parseNpwp, parsePhone, parseTerm, parseTermList, parseText,
} from '../../../server/domain/register/cells';
import { SASARAN_PMKS, STATUS_AKREDITASI } from '../../../server/domain/register/vocabularies';
import type { CellValue } from '../../../server/domain/register/record';

const value = (p: { ok: boolean; value?: unknown; error?: string }) => (p.ok ? p.value : `ERR: ${p.error}`);

describe('empty and invalid cells', () => {
  test.each([null, undefined, '', '   '])('%p is empty for every parser', (cell) => {
    for (const parse of [parseDate, parseEmail, parsePhone, parseNpwp, parseFlag, (c: CellValue) => parseInteger(c, 0, 9), (c: CellValue) => parseText(c, 9)]) {
      expect(parse(cell)).toEqual({ ok: true, value: undefined });
    }
  });
  test('a reader-marked invalid cell reports its reason', () => {
    expect(value(parseText({ invalid: 'Sel berisi galat #N/A.' }, 10))).toBe('ERR: Sel berisi galat #N/A.');
  });
  test('typed cells become text the way people write them', () => {
    expect(value(cellText(true))).toBe('ya');
    expect(value(cellText(new Date('2020-08-17T00:00:00Z')))).toBe('2020-08-17');
    expect(value(cellText(12.5))).toBe('12.5');
  });
  test("the export neutraliser's quote is removed on import, other quotes are kept", () => {
    expect(value(cellText("'=SUM(A1)"))).toBe('=SUM(A1)');
    expect(value(cellText("'+62"))).toBe('+62');
    expect(value(cellText("'Ahmad'"))).toBe("'Ahmad'");
  });
});

describe('parseText', () => {
  test('single-line folds whitespace and control characters; multi-line keeps line breaks', () => {
    expect(value(parseText('  LKS \t Harapan\u0000 Baru ', 100))).toBe('LKS Harapan Baru');
    expect(value(parseText('Jl. A\r\nRT 01\u0007', 100, true))).toBe('Jl. A\nRT 01');
    expect(value(parseText('x'.repeat(11), 10))).toBe('ERR: Paling banyak 10 karakter (terisi 11).');
  });
});

describe('numbers', () => {
  test.each([
    ['12', 12], [12, 12], ['0', 0], ['100000', 100000], ['1.200', 'ERR'], ['12,5', 'ERR'], [12.5, 'ERR'], ['-1', 'ERR'], ['1e3', 'ERR'], ['100001', 'ERR'], [' 7 ', 7],
  ])('integer %p → %p', (cell, want) => {
    const got = value(parseInteger(cell as CellValue, 0, 100000));
    if (want === 'ERR') expect(got).toBe('ERR: Harus bilangan bulat antara 0 dan 100.000, tanpa titik atau koma.');
    else expect(got).toBe(want);
  });
  test.each([['-6,1234', -6.1234], ['-6.1234', -6.1234], [-6.5, -6.5], ['106', 106], ['abc', 'ERR'], ['-91', 'ERR'], ['1,2,3', 'ERR']])('decimal %p → %p', (cell, want) => {
    const got = value(parseDecimal(cell as CellValue, -90, 180));
    if (want === 'ERR') expect(String(got)).toMatch(/^ERR: Harus angka desimal/);
    else expect(got).toBe(want);
  });
});

describe('parseDate', () => {
  test.each([
    ['17/08/2020', '2020-08-17'], ['17-08-2020', '2020-08-17'], ['17.08.2020', '2020-08-17'], ['1/2/2021', '2021-02-01'],
    ['2020-08-17', '2020-08-17'], ['2020-08-17 00:00:00', '2020-08-17'], ['2020-08-17T00:00:00.000Z', '2020-08-17'],
    ['17 Agustus 2020', '2020-08-17'], ['17 agt 2020', '2020-08-17'], ['1 Pebruari 1999', '1999-02-01'], ['31 Des. 2019', '2019-12-31'], ['29/02/2024', '2024-02-29'],
  ])('%s → %s', (text, iso) => {
    expect(value(parseDate(text))).toBe(iso);
  });
  test.each(['31/02/2022', '29/02/2023', '2020-13-01', '00/01/2020', '17/08/20', '08/17/2020', '17 Agustos 2020', 'kemarin', '1899-12-31', '2020/08/17'])('%s is refused with a format hint', (text) => {
    expect(value(parseDate(text))).toMatch(/^ERR: Tanggal tidak valid/);
  });
  test('XLSX date cells use their UTC calendar date; bare numbers are refused (no serial guessing)', () => {
    expect(value(parseDate(new Date(Date.UTC(2021, 7, 17))))).toBe('2021-08-17');
    expect(value(parseDate(new Date('invalid')))).toMatch(/^ERR/);
    expect(value(parseDate(44425))).toMatch(/^ERR/);
  });
});

describe('contact fields', () => {
  test.each([
    ['0812-3456-7890', '+6281234567890'], ['(0254) 123456', '+62254123456'], ['+62 857 1122 3344', '+6285711223344'],
    ['6281234567890', '+6281234567890'], [81234567890, '+6281234567890'], ['021.555.1234', '+62215551234'],
    ['12345', 'ERR'], ['0812-abc', 'ERR'], ['+1 202 555 0100', 'ERR'], ['0000000000', 'ERR'], ['08' + '1'.repeat(14), 'ERR'],
  ])('phone %p → %p', (cell, want) => {
    const got = value(parsePhone(cell as CellValue));
    expect(want === 'ERR' ? String(got).startsWith('ERR: Nomor telepon tidak valid') : got === want).toBe(true);
  });
  test.each([
    ['LKS.Harapan@Gmail.com', 'lks.harapan@gmail.com'], ['mailto:a@b.co.id', 'a@b.co.id'],
    ['a@b', 'ERR'], ['a b@c.id', 'ERR'], ['@c.id', 'ERR'], ['a@@c.id', 'ERR'], ['a@c..id', 'ERR'], [`${'a'.repeat(65)}@c.id`, 'ERR'],
  ])('email %p → %p', (cell, want) => {
    const got = value(parseEmail(cell));
    expect(want === 'ERR' ? String(got).startsWith('ERR: Alamat email tidak valid') : got === want).toBe(true);
  });
  test('a hostile long email is handled in linear time', () => {
    const t0 = Date.now();
    parseEmail(`a@${'b.'.repeat(50_000)}`);
    parseEmail(`${'a'.repeat(50_000)}@`);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('parseNpwp', () => {
  test.each([
    ['01.234.567.8-901.000', '012345678901000'], ['012345678901000', '012345678901000'], ['3603 1234 5678 9012', '3603123456789012'],
    [360312345678901, '360312345678901'],
  ])('%p → %p', (cell, want) => {
    expect(value(parseNpwp(cell as CellValue))).toBe(want);
  });
  test('wrong digit counts say how many digits were found', () => {
    expect(value(parseNpwp('01.234.567.8-901'))).toBe('ERR: NPWP harus 15 atau 16 digit angka (terisi 12 digit), mis. 01.234.567.8-901.000.');
    expect(value(parseNpwp('0123456789010000X'))).toMatch(/terisi 16 digit/);
  });
  test('numeric cells: a lost leading zero and a rounded 16-digit number are explained', () => {
    expect(value(parseNpwp(12345678901000))).toMatch(/angka 0 di depan hilang/);
    expect(value(parseNpwp(3603123456789012))).toMatch(/Ketik NPWP sebagai teks/); // > 2^53, already rounded by Excel
  });
});

describe('closed vocabularies', () => {
  test('single term', () => {
    expect(value(parseTerm('b', STATUS_AKREDITASI))).toBe('B');
    expect(value(parseTerm('D', STATUS_AKREDITASI))).toBe('ERR: "D" tidak dikenal. Pilihan: A; B; C; Belum terakreditasi; Dalam proses akreditasi.');
  });
  test('term lists: separators, numbers, duplicates, unknowns', () => {
    expect(value(parseTermList('Anak Telantar; 8 | lansia telantar\nFakir Miskin, 2', SASARAN_PMKS))).toEqual(['anak_telantar', 'lanjut_usia_telantar', 'fakir_miskin']);
    expect(value(parseTermList('Anak Telantar; Pengangguran; 30', SASARAN_PMKS))).toBe('ERR: Tidak dikenal: "Pengangguran", "30". Tulis nama atau nomor 1-26, pisahkan dengan titik koma.');
    expect(value(parseTermList(' ; ', SASARAN_PMKS))).toEqual([]);
  });
  test.each([['Aktif', true], ['ya', true], [true, true], [1, true], ['Tidak aktif', false], ['nonaktif', false], ['TIDAK', false], [0, false], ['mungkin', 'ERR']])('flag %p → %p', (cell, want) => {
    const got = value(parseFlag(cell as CellValue));
    expect(want === 'ERR' ? String(got).startsWith('ERR') : got === want).toBe(true);
  });
});
