/**
 * The demo's generated evidence files are real files: the PDF's cross-reference table points at
 * its objects and its text is escaped; the PNG's chunks carry correct CRCs and its pixels inflate
 * to the declared size. Both are recognised by the upload check's own sniffing.
 */
import { inflateSync } from 'node:zlib';
import { sniffContentType } from '../../../server/domain/files';
import { DEMO_PNG_SIZE, crc32, demoPdf, demoPng } from '../../../server/bootstrap/demo-files';

describe('demoPdf', () => {
  const pdf = demoPdf(['Akta (pendirian) \\ asli', 'LKSA Cahaya Ümmat (Demo)', 'Dokumen contoh']);
  const text = pdf.toString('latin1');

  it('is a PDF to the upload check', () => {
    expect(sniffContentType(pdf)).toBe('application/pdf');
    expect(text.endsWith('%%EOF\n')).toBe(true);
  });

  it('has a cross-reference table whose offsets point at "n 0 obj" and a startxref at "xref"', () => {
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((o, i) => expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)![1]);
    const start = text.indexOf('stream\n') + 'stream\n'.length;
    expect(text.slice(start + length, start + length + 'endstream'.length)).toBe('endstream');
  });

  it('escapes parentheses and backslashes, and writes non-ASCII as ?', () => {
    expect(text).toContain('(Akta \\(pendirian\\) \\\\ asli) Tj');
    expect(text).toContain('(LKSA Cahaya ?mmat \\(Demo\\)) Tj');
  });
});

describe('demoPng', () => {
  const png = demoPng(150);

  it('is a PNG to the upload check, made once per hue', () => {
    expect(sniffContentType(png)).toBe('image/png');
    expect(demoPng(150)).toBe(png);
    expect(demoPng(210).equals(png)).toBe(false);
  });

  it('has valid chunks (CRC) and pixel data of the declared size', () => {
    let at = 8;
    const types: string[] = [];
    const idat: Buffer[] = [];
    while (at < png.length) {
      const length = png.readUInt32BE(at);
      const type = png.toString('ascii', at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      types.push(type);
      if (type === 'IHDR') expect([data.readUInt32BE(0), data.readUInt32BE(4), data[8], data[9]]).toEqual([DEMO_PNG_SIZE.width, DEMO_PNG_SIZE.height, 8, 2]);
      if (type === 'IDAT') idat.push(data);
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(inflateSync(Buffer.concat(idat)).length).toBe((DEMO_PNG_SIZE.width * 3 + 1) * DEMO_PNG_SIZE.height);
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
