/**
 * Word and Excel evidence recognised from content (checklist 26, 28): real bytes built with zlib
 * and with exceljs, and the hostile shapes — renamed archives, macro documents, lying headers,
 * bombs, truncated heads.
 */
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import {
  DOCX_TYPE, XLSX_TYPE, SNIFF_HEAD_BYTES, ZIP_ENTRY_MAX_BYTES, ZIP_MAX_SKIPPED_ENTRIES,
  classifyContentTypes, evidenceName, nameForType, sniffContentType, sniffHead,
} from '../../../server/domain/files';
import { SHEET_MAIN, WORD_MAIN, buildZip, contentTypesXml, minimalDocx, minimalXlsx } from './zip-builder';

const refused = (reason: string) => ({ status: 'refused', reason });
const CT = '[Content_Types].xml';
const DOCX_CT = contentTypesXml([['/word/document.xml', WORD_MAIN]]);

async function exceljsWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Penerima Manfaat');
  ws.addRow(['No', 'Nama', 'NIK', 'Kecamatan', 'Bantuan (Rp)']);
  for (let i = 1; i <= rows; i++) ws.addRow([i, `Penerima ${i} ${(i * 7919).toString(36)}`, `3602${String(i * 104729).padStart(12, '0')}`, `Kecamatan ${i % 29}`, (i * 37) % 1_000_000]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Word and Excel files are recognised from their [Content_Types].xml', () => {
  it('a minimal .docx and .xlsx (Content_Types first, deflated) are DOCX and XLSX', () => {
    expect(sniffHead(minimalDocx(), true)).toEqual({ status: 'type', type: DOCX_TYPE });
    expect(sniffHead(minimalXlsx(), true)).toEqual({ status: 'type', type: XLSX_TYPE });
    expect(sniffContentType(minimalDocx())).toBe(DOCX_TYPE);
  });

  it('a real workbook written by exceljs is XLSX, from the whole file and from its first 64 KiB', async () => {
    const small = await exceljsWorkbook(3);
    expect(sniffHead(small, true)).toEqual({ status: 'type', type: XLSX_TYPE });
    const big = await exceljsWorkbook(6000);
    expect(big.length).toBeGreaterThan(SNIFF_HEAD_BYTES);
    expect(sniffHead(big.subarray(0, SNIFF_HEAD_BYTES), false)).toEqual({ status: 'type', type: XLSX_TYPE });
    // only the first kilobytes are needed: Content_Types is the first entry
    expect(sniffHead(big.subarray(0, 4096), false)).toEqual({ status: 'type', type: XLSX_TYPE });
  });

  it('stored (uncompressed) and streamed (data descriptor) Content_Types are read too', () => {
    const stored = buildZip([{ name: CT, data: DOCX_CT, method: 'store' }, { name: 'word/document.xml', data: '<w:document/>' }]);
    expect(sniffHead(stored, true)).toEqual({ status: 'type', type: DOCX_TYPE });
    const streamed = buildZip([
      { name: '_rels/.rels', data: '<Relationships/>', descriptor: true },
      { name: 'docProps/app.xml', data: '<Properties/>'.repeat(40), descriptor: true },
      { name: CT, data: DOCX_CT, descriptor: true },
    ]);
    expect(sniffHead(streamed, true)).toEqual({ status: 'type', type: DOCX_TYPE });
  });

  it('Content_Types after other parts (as some writers order them) is found while it is within the head', () => {
    const late = buildZip([
      { name: '_rels/.rels', data: '<Relationships/>' },
      { name: 'word/media/image1.png', data: Buffer.alloc(20_000, 7), method: 'store' },
      { name: CT, data: DOCX_CT },
    ]);
    expect(sniffHead(late, true)).toEqual({ status: 'type', type: DOCX_TYPE });
    expect(sniffHead(late.subarray(0, 10_000), false)).toEqual({ status: 'more' });
  });

  it('single-quoted attributes, a UTF-16 file and a prefixed root are understood', () => {
    const single = `<?xml version='1.0'?><Types xmlns='x'><Override PartName='/xl/workbook.xml' ContentType='${SHEET_MAIN}'/></Types>`;
    expect(classifyContentTypes(Buffer.from(single))).toEqual({ status: 'type', type: XLSX_TYPE });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DOCX_CT.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    expect(classifyContentTypes(utf16)).toEqual({ status: 'type', type: DOCX_TYPE });
  });

  it('the stored name gets the extension of the detected type', () => {
    expect(nameForType('SK Pengurus 2025.docx', DOCX_TYPE)).toBe('SK Pengurus 2025.docx');
    expect(nameForType('laporan keuangan.PDF', XLSX_TYPE)).toBe('laporan keuangan.PDF.xlsx');
    expect(nameForType('', DOCX_TYPE)).toBe('berkas.docx');
  });
});

describe('macro-enabled documents are refused', () => {
  it('docm and xlsm (macroEnabled main part) → office-macro', () => {
    const docm = minimalDocx([], contentTypesXml([['/word/document.xml', 'application/vnd.ms-word.document.macroEnabled.main+xml'], ['/word/vbaProject.bin', 'application/vnd.ms-office.vbaProject']]));
    expect(sniffHead(docm, true)).toEqual(refused('office-macro'));
    const xlsm = minimalXlsx(contentTypesXml([['/xl/workbook.xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml']], [['bin', 'application/vnd.ms-office.vbaProject']]));
    expect(sniffHead(xlsm, true)).toEqual(refused('office-macro'));
  });

  it('a .docx main part with a vbaProject.bin override, or a VBA entry before Content_Types → office-macro', () => {
    const sneaky = minimalDocx([], contentTypesXml([['/word/document.xml', WORD_MAIN], ['/word/vbaProject.bin', 'application/octet-stream']]));
    expect(sniffHead(sneaky, true)).toEqual(refused('office-macro'));
    const vbaFirst = buildZip([{ name: 'xl/vbaProject.bin', data: Buffer.alloc(300, 1) }, { name: CT, data: contentTypesXml([['/xl/workbook.xml', SHEET_MAIN]]) }]);
    expect(sniffHead(vbaFirst, true)).toEqual(refused('office-macro'));
  });
});

describe('other ZIP archives named .docx/.xlsx are refused', () => {
  it('a Java archive or an Android app (different first entry) → zip-not-office', () => {
    const jar = buildZip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\nMain-Class: Evil\n' }, { name: 'Evil.class', data: Buffer.from([0xca, 0xfe, 0xba, 0xbe]) }]);
    expect(sniffHead(jar, true)).toEqual(refused('zip-not-office'));
    const apk = buildZip([{ name: 'AndroidManifest.xml', data: Buffer.alloc(500, 3) }, { name: 'classes.dex', data: 'dex\n035' }]);
    expect(sniffHead(apk, true)).toEqual(refused('zip-not-office'));
    const classFirst = buildZip([{ name: 'a/B.class', data: 'x' }, { name: CT, data: DOCX_CT }]);
    expect(sniffHead(classFirst, true)).toEqual(refused('zip-not-office'));
  });

  it('a plain archive with no Content_Types (the entries end) → zip-not-office', () => {
    const photos = buildZip([{ name: 'foto1.jpg', data: Buffer.alloc(3000, 9) }, { name: 'foto2.jpg', data: Buffer.alloc(3000, 8) }]);
    expect(sniffHead(photos, true)).toEqual(refused('zip-not-office'));
  });

  it('a .pptx, a .dotx template, a package claiming both kinds, or no main part → zip-not-office', () => {
    const pptx = minimalDocx([], contentTypesXml([['/ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml']]));
    const dotx = minimalDocx([], contentTypesXml([['/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml']]));
    const both = minimalDocx([], contentTypesXml([['/word/document.xml', WORD_MAIN], ['/xl/workbook.xml', SHEET_MAIN]]));
    const asDefault = minimalDocx([], contentTypesXml([], [['xml', WORD_MAIN]]));
    const notTypes = minimalDocx([], '<html><body>Override ContentType</body></html>');
    for (const zip of [pptx, dotx, both, asDefault, notTypes]) expect(sniffHead(zip, true)).toEqual(refused('zip-not-office'));
  });

  it('a Content_Types with a DOCTYPE or entities (XML tricks) → zip-not-office', () => {
    const dtd = `<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY m "${WORD_MAIN}">]><Types><Override PartName="/word/document.xml" ContentType="&m;"/></Types>`;
    expect(sniffHead(minimalDocx([], dtd), true)).toEqual(refused('zip-not-office'));
  });
});

describe('hostile and broken heads', () => {
  it('an HTML page, a script or an executable named .docx is not recognised; an old .doc/.xls is told apart', () => {
    expect(sniffHead(Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'), true)).toEqual(refused('unknown'));
    expect(sniffHead(Buffer.from('PK but not a zip, just text'), true)).toEqual(refused('unknown'));
    expect(sniffHead(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), true)).toEqual(refused('unknown'));
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(sniffHead(ole2, true)).toEqual(refused('legacy-office'));
  });

  it('a truncated head: undecided while more may come, damaged once the file has ended', () => {
    const docx = minimalDocx();
    for (const cut of [3, 20, 45, 60, 200]) {
      expect(sniffHead(docx.subarray(0, cut), false)).toEqual({ status: 'more' });
      expect(sniffHead(docx.subarray(0, cut), true).status).toBe('refused');
    }
    expect(sniffHead(docx.subarray(0, 60), true)).toEqual(refused('zip-damaged'));
    const streamed = buildZip([{ name: CT, data: DOCX_CT, descriptor: true }]);
    expect(sniffHead(streamed.subarray(0, 80), true)).toEqual(refused('zip-damaged'));
  });

  it('Content_Types beyond the first 64 KiB (or after too many entries) → zip-content-types-late, never "more" at 64 KiB', () => {
    const late = buildZip([{ name: 'word/media/image1.png', data: Buffer.alloc(SNIFF_HEAD_BYTES + 10, 5), method: 'store' }, { name: CT, data: DOCX_CT }]);
    expect(sniffHead(late, true)).toEqual(refused('zip-content-types-late'));
    expect(sniffHead(late.subarray(0, SNIFF_HEAD_BYTES), false)).toEqual(refused('zip-content-types-late'));
    const many = buildZip([...Array.from({ length: ZIP_MAX_SKIPPED_ENTRIES + 1 }, (_, i) => ({ name: `customXml/item${i}.xml`, data: '<a/>' })), { name: CT, data: DOCX_CT }]);
    expect(sniffHead(many, true)).toEqual(refused('zip-content-types-late'));
  });

  it('a huge declared size is refused before anything is inflated', () => {
    const huge = buildZip([{ name: CT, data: DOCX_CT, declaredSize: 4_000_000_000 }]);
    expect(sniffHead(huge, true)).toEqual(refused('zip-too-large'));
    const hugeCompressed = buildZip([{ name: CT, data: DOCX_CT, declaredCompressed: ZIP_ENTRY_MAX_BYTES + 1 }]);
    expect(sniffHead(hugeCompressed, true)).toEqual(refused('zip-too-large'));
  });

  it('a bomb-ish Content_Types (10 MB of XML in a few KB, lying or streamed) stops at the 64 KiB output cap', () => {
    const bomb = Buffer.concat([Buffer.from(DOCX_CT.replace('</Types>', '')), Buffer.alloc(10_000_000, 0x20), Buffer.from('</Types>')]);
    const raw = deflateRawSync(bomb);
    expect(raw.length).toBeLessThan(SNIFF_HEAD_BYTES);
    const lying = buildZip([{ name: CT, data: bomb, raw, declaredSize: 1200 }]);
    expect(sniffHead(lying, true)).toEqual(refused('zip-too-large'));
    const streamed = buildZip([{ name: CT, data: bomb, raw, descriptor: true }]);
    expect(sniffHead(streamed, true)).toEqual(refused('zip-too-large'));
  });

  it('a lying size or CRC, bad deflate data → zip-damaged; encryption, ZIP64 or bzip2 → zip-unsupported', () => {
    expect(sniffHead(buildZip([{ name: CT, data: DOCX_CT, declaredSize: 10 }]), true)).toEqual(refused('zip-damaged'));
    expect(sniffHead(buildZip([{ name: CT, data: DOCX_CT, declaredCrc: 1234 }]), true)).toEqual(refused('zip-damaged'));
    expect(sniffHead(buildZip([{ name: CT, data: DOCX_CT, method: 'store', declaredCrc: 99 }]), true)).toEqual(refused('zip-damaged'));
    expect(sniffHead(buildZip([{ name: CT, data: DOCX_CT, raw: Buffer.alloc(200, 0xff) }]), true)).toEqual(refused('zip-damaged'));
    expect(sniffHead(buildZip([{ name: CT, data: DOCX_CT, flags: 1 }]), true)).toEqual(refused('zip-unsupported'));
    expect(sniffHead(buildZip([{ name: CT, data: DOCX_CT, declaredSize: 0xffffffff, declaredCompressed: 0xffffffff }]), true)).toEqual(refused('zip-unsupported'));
    expect(sniffHead(buildZip([{ name: CT, data: DOCX_CT, method: 12 }]), true)).toEqual(refused('zip-unsupported'));
  });
});

describe('the ZIP head reader never throws and always ends (property)', () => {
  it('damaged copies of a .docx, cut anywhere: a verdict, never an exception; DOCX or refused', () => {
    const docx = minimalDocx();
    fc.assert(fc.property(
      fc.array(fc.record({ at: fc.nat(docx.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
      fc.nat(docx.length), fc.boolean(),
      (flips, cut, complete) => {
        const copy = Buffer.from(docx);
        for (const f of flips) copy[f.at] = f.byte;
        const v = sniffHead(copy.subarray(0, cut), complete);
        if (v.status === 'type') expect([DOCX_TYPE]).toContain(v.type);
        if (complete) expect(v.status).not.toBe('more');
      },
    ), { numRuns: 500 });
  });

  it('any bytes after a ZIP signature, padded to 64 KiB: a final answer, never "more"', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (tail) => {
      const head = Buffer.alloc(SNIFF_HEAD_BYTES);
      Buffer.from([0x50, 0x4b, 0x03, 0x04, ...tail]).copy(head);
      expect(sniffHead(head, false).status).not.toBe('more');
    }), { numRuns: 300 });
  });
});

describe('evidenceName', () => {
  it('Word and Excel files always carry their extension; PDF and images keep the cleaned name', () => {
    expect(evidenceName('laporan keuangan', XLSX_TYPE)).toBe('laporan keuangan.xlsx');
    expect(evidenceName('../SK.pdf', DOCX_TYPE)).toBe('SK.pdf.docx');
    expect(evidenceName('Rekap.XLSX', XLSX_TYPE)).toBe('Rekap.XLSX');
    expect(evidenceName('../../app.js', 'application/pdf')).toBe('app.js.pdf');
  });
});
