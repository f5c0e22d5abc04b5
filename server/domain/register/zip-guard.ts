/**
 * Zip-bomb guard for XLSX uploads (checklist 28), run BEFORE any library inflates the file.
 * 1. Read the end-of-central-directory record: too many entries → refused without reading more.
 * 2. Walk the central directory: count entries again (a lying count is refused), sum the declared
 *    inflated sizes, refuse encryption, ZIP64, odd compression, entries outside the file or
 *    overlapping each other (the "overlapping files" bomb).
 * 3. Inflate each entry with a hard output cap (zlib `maxOutputLength`, which stops inflating as
 *    soon as the cap is passed), so an entry that lies about its size costs at most the cap, and
 *    check the real size and CRC match the declaration.
 * Only then may exceljs (JSZip) read the file: it will inflate exactly what was measured here.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import type { ImportLimits } from './limits';

type ZipLimits = Pick<ImportLimits, 'maxZipEntries' | 'maxEntryBytes' | 'maxTotalBytes'>;

export interface ZipEntryInfo {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** Where the compressed data begins (after the local header). */
  readonly dataStart: number;
}

export type ZipCheck =
  | { ok: true; entries: ZipEntryInfo[]; declaredTotal: number }
  | { ok: false; code: 413.4 | 415.2; reason: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;

const bad = (reason: string): ZipCheck => ({ ok: false, code: 415.2, reason });
const tooBig = (reason: string): ZipCheck => ({ ok: false, code: 413.4, reason });

function findEndRecord(buf: Buffer): number {
  const earliest = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= earliest; i -= 1) {
    if (buf.readUInt32LE(i) === EOCD && i + 22 + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  return -1;
}

/** Steps 1 and 2: structure and declared sizes, no inflation. */
export function readZipDirectory(buf: Buffer, limits: ZipLimits): ZipCheck {
  if (buf.length < 22) return bad('too short for a zip');
  const end = findEndRecord(buf);
  if (end < 0) return bad('no end-of-central-directory record');
  if (end >= 20 && buf.readUInt32LE(end - 20) === ZIP64_LOCATOR) return bad('ZIP64 archives are not accepted');
  const count = buf.readUInt16LE(end + 10);
  if (buf.readUInt16LE(end + 4) !== 0 || buf.readUInt16LE(end + 6) !== 0 || buf.readUInt16LE(end + 8) !== count) return bad('multi-disk archive');
  if (count > limits.maxZipEntries) return tooBig(`${count} entries (limit ${limits.maxZipEntries})`);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (cdOffset + cdSize > end) return bad('central directory outside the file');

  const entries: ZipEntryInfo[] = [];
  let declaredTotal = 0;
  let p = cdOffset;
  while (p + 46 <= end && buf.readUInt32LE(p) === CENTRAL) {
    if (entries.length >= limits.maxZipEntries) return tooBig(`more than ${limits.maxZipEntries} entries in the central directory`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const entryLength = 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, Math.min(p + 46 + nameLength, end));
    if (p + entryLength > end) return bad('central directory entry runs past its end');
    if (flags & 0x1) return bad(`encrypted entry ${name}`);
    if (method !== 0 && method !== 8) return bad(`unsupported compression method ${method} in ${name}`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) return bad('ZIP64 sizes are not accepted');
    if (method === 0 && compressedSize !== uncompressedSize) return bad(`stored entry ${name} with mismatched sizes`);
    if (uncompressedSize > limits.maxEntryBytes) return tooBig(`entry ${name} declares ${uncompressedSize} bytes (limit ${limits.maxEntryBytes})`);
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxTotalBytes) return tooBig(`entries declare more than ${limits.maxTotalBytes} bytes in total`);
    if (localHeaderOffset + 30 > cdOffset || buf.readUInt32LE(localHeaderOffset) !== LOCAL) return bad(`entry ${name} has no local header`);
    const dataStart = localHeaderOffset + 30 + buf.readUInt16LE(localHeaderOffset + 26) + buf.readUInt16LE(localHeaderOffset + 28);
    if (dataStart + compressedSize > cdOffset) return bad(`entry ${name} data runs into the central directory`);
    entries.push({ name, method, crc, compressedSize, uncompressedSize, localHeaderOffset, dataStart });
    p += entryLength;
  }
  if (entries.length !== count) return bad(`end record says ${count} entries, central directory has ${entries.length}`);

  const byOffset = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < byOffset.length; i += 1) {
    const prev = byOffset[i - 1];
    if (prev.dataStart + prev.compressedSize > byOffset[i].localHeaderOffset) return bad(`entries ${prev.name} and ${byOffset[i].name} overlap`);
  }
  return { ok: true, entries, declaredTotal };
}

/** Step 3: inflate every entry under a hard cap and compare with its declaration. */
export function verifyZipInflation(buf: Buffer, entries: readonly ZipEntryInfo[], limits: ZipLimits): ZipCheck {
  let total = 0;
  for (const entry of entries) {
    const raw = buf.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else {
      try {
        // +1 so an entry one byte larger than declared is caught as a lie rather than accepted
        data = inflateRawSync(raw, { maxOutputLength: Math.min(entry.uncompressedSize, limits.maxEntryBytes) + 1 });
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooBig(`entry ${entry.name} inflates beyond its declared size`);
        return bad(`entry ${entry.name} is not valid deflate data`);
      }
    }
    if (data.length !== entry.uncompressedSize) return bad(`entry ${entry.name} inflates to ${data.length} bytes, declared ${entry.uncompressedSize}`);
    if ((crc32(data) >>> 0) !== entry.crc) return bad(`entry ${entry.name} fails its CRC check`);
    total += data.length;
    if (total > limits.maxTotalBytes) return tooBig('inflated content exceeds the total limit');
  }
  return { ok: true, entries: [...entries], declaredTotal: total };
}

/** All three steps. */
export function inspectZip(buf: Buffer, limits: ZipLimits): ZipCheck {
  const directory = readZipDirectory(buf, limits);
  return directory.ok ? verifyZipInflation(buf, directory.entries, limits) : directory;
}
