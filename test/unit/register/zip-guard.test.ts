import { inflateRawSync } from 'node:zlib';
import { inspectZip, readZipDirectory, verifyZipInflation } from '../../../server/domain/register/zip-guard';
import { IMPORT_LIMITS } from '../../../server/domain/register/limits';
import { buildZip, deflateBomb } from '../../fixtures/register/zip-builder';

const limits = IMPORT_LIMITS;
const text = (s: string) => Buffer.from(s, 'utf8');

function manyEntries(n: number, eocdCount?: number): Buffer {
  return buildZip(Array.from({ length: n }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0), method: 0 as const })), { eocdCount });
}

describe('zip guard: honest archives', () => {
  test('a normal small archive passes all steps', () => {
    const zip = buildZip([{ name: '[Content_Types].xml', data: text('<Types/>') }, { name: 'xl/workbook.xml', data: text('<workbook/>'.repeat(50)) }, { name: 'stored.txt', data: text('abc'), method: 0 }]);
    const result = inspectZip(zip, limits);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.entries.map((e) => e.name)).toEqual(['[Content_Types].xml', 'xl/workbook.xml', 'stored.txt']);
      expect(result.declaredTotal).toBe(8 + 550 + 3);
    }
  });
  test('the bomb helper really inflates to what it claims (small sample)', () => {
    expect(inflateRawSync(deflateBomb(3)).length).toBe(3 << 20);
  });
});

describe('zip guard: checklist 28 — bombs are refused before inflating', () => {
  test('100,000 entries: refused from the end record alone', () => {
    const zip = manyEntries(100_000); // count wraps to 34,464 in the 16-bit field, still far over the limit
    const dir = readZipDirectory(zip, limits);
    expect(dir).toMatchObject({ ok: false, code: 413.4 });
  });
  test('100,000 entries behind an end record that claims 5: refused while walking the directory', () => {
    const dir = readZipDirectory(manyEntries(100_000, 5), limits);
    expect(dir).toMatchObject({ ok: false, code: 413.4, reason: `more than ${limits.maxZipEntries} entries in the central directory` });
  });
  test('an entry declaring 1 GiB is refused from its declaration (nothing inflated)', () => {
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), compressed: deflateBomb(1024), declaredSize: 1024 * 1024 * 1024, crc: 0 }]);
    expect(zip.length).toBeLessThan(1_200_000);
    expect(readZipDirectory(zip, limits)).toMatchObject({ ok: false, code: 413.4 });
  });
  test('the same 1 GiB bomb declaring 1 KB: readable directory, inflation stops at the cap', () => {
    const zip = buildZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), compressed: deflateBomb(1024), declaredSize: 1024, crc: 0 }]);
    const dir = readZipDirectory(zip, limits);
    expect(dir.ok).toBe(true);
    if (!dir.ok) return;
    const before = process.memoryUsage().rss;
    const verified = verifyZipInflation(zip, dir.entries, limits);
    expect(verified).toMatchObject({ ok: false, code: 413.4, reason: 'entry xl/worksheets/sheet1.xml inflates beyond its declared size' });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
  test('many entries each under the entry cap but together over the total cap', () => {
    const small = { maxZipEntries: 10, maxEntryBytes: 1 << 20, maxTotalBytes: 2 << 20 };
    const zip = buildZip([0, 1, 2].map((i) => ({ name: `part${i}`, data: Buffer.alloc(0), compressed: deflateBomb(1), declaredSize: 1 << 20, crc: 0 })));
    expect(readZipDirectory(zip, small)).toMatchObject({ ok: false, code: 413.4, reason: `entries declare more than ${2 << 20} bytes in total` });
  });
  test('overlapping entries (one compressed kernel referenced many times) are refused', () => {
    const zip = buildZip([1, 2, 3].map((i) => ({ name: `s${i}.xml`, data: text('x'.repeat(1000)) })), { overlapAll: true });
    expect(readZipDirectory(zip, limits)).toMatchObject({ ok: false, code: 415.2 });
  });
});

describe('zip guard: damaged or unsupported archives', () => {
  const one = (over: object) => buildZip([{ name: 'a.xml', data: text('<a/>'), ...over }]);
  test.each([
    ['not a zip at all', text('Nama Lembaga;Alamat;Kecamatan;Kabupaten/Kota\n'), /no end-of-central-directory/],
    ['too short', Buffer.alloc(10), /too short/],
    ['encrypted entry', one({ flags: 1 }), /encrypted/],
    ['bzip2 compression', one({ method: 12 as unknown as 8 }), /compression method 12/],
    ['declared size larger than the real content', one({ declaredSize: 100 }), /inflates to 4 bytes, declared 100/],
    ['wrong CRC', one({ crc: 12345 }), /CRC/],
    ['end record counts more entries than exist', buildZip([{ name: 'a', data: text('a') }], { eocdCount: 3 }), /end record says 3/],
  ])('%s → 415.2', (_name, zip, reason) => {
    const result = inspectZip(zip as Buffer, limits);
    expect(result).toMatchObject({ ok: false, code: 415.2 });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
  test('ZIP64 locator → 415.2', () => {
    const zip = one({});
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    const end = zip.subarray(zip.length - 22);
    expect(readZipDirectory(Buffer.concat([zip.subarray(0, zip.length - 22), locator, end]), limits)).toMatchObject({ ok: false, code: 415.2 });
  });
  test('truncated file → 415.2', () => {
    const zip = one({});
    expect(inspectZip(zip.subarray(0, zip.length - 30), limits)).toMatchObject({ ok: false, code: 415.2 });
  });
});
