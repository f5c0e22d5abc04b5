import fc from 'fast-check';
import { csvField, neutraliseCell, toCsv } from '../../../server/domain/register/spreadsheet-safety';

describe('neutraliseCell (checklist 29)', () => {
  test.each([
    ['=HYPERLINK("http://evil","klik")', `'=HYPERLINK("http://evil","klik")`],
    ['+6281234567890', `'+6281234567890`],
    ['-2+3+cmd|" /C calc"!A0', `'-2+3+cmd|" /C calc"!A0`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['  =1+1', `'  =1+1`],
    ['＝1+1', `'＝1+1`],
    ['- catatan', `'- catatan`],
    ['Panti Asuhan', 'Panti Asuhan'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%p → %p', (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });
  test('real numbers stay numbers; numeric text stays as typed', () => {
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell(-0.25)).toBe(-0.25);
    expect(neutraliseCell('-5')).toBe('-5');
    expect(neutraliseCell('-6,1234')).toBe('-6,1234');
    expect(neutraliseCell(true)).toBe(true);
    expect(neutraliseCell(null)).toBeNull();
    const d = new Date();
    expect(neutraliseCell(d)).toBe(d);
  });
  test('property: no exported text starts (after spaces) with a formula trigger unless it is a plain number', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const out = neutraliseCell(s) as string;
      if (/^-?\d+([.,]\d+)?$/.test(out)) return;
      expect(out).not.toMatch(/^\s*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/);
    }));
  });
});

describe('CSV writing', () => {
  test('quotes only when needed, doubles quotes, neutralises first', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a;b')).toBe('a;b');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('baris\nbaru')).toBe('"baris\nbaru"');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });
  test('a document has a BOM and CRLF line ends', () => {
    expect(toCsv([['Nama', 'Nilai'], ['=x', -3]], ';')).toBe(`\ufeffNama;Nilai\r\n'=x;-3\r\n`);
  });
});
