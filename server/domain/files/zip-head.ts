/**
 * Finding one small entry of a ZIP archive in the first bytes of an upload, without the rest of
 * the file. Office Open XML files (.docx, .xlsx) are ZIP archives whose `[Content_Types].xml`
 * says what the package is; Microsoft Office and exceljs write it as the first entry.
 *
 * Only the local file headers at the start are walked (the central directory sits at the end of
 * the file, which has not arrived when the type must be decided). Everything is bounded so a
 * hostile archive cannot cost memory or time (checklist 28):
 *   - only the first `ZIP_HEAD_BYTES` bytes are looked at;
 *   - the wanted entry may declare and inflate to at most `ZIP_ENTRY_MAX_BYTES`
 *     (zlib's `maxOutputLength` stops a bomb mid-inflate, it never allocates more);
 *   - at most `ZIP_MAX_SKIPPED_ENTRIES` entries are stepped over before it.
 * Pure: no I/O besides synchronous zlib on at most those bytes.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export const ZIP_HEAD_BYTES = 64 * 1024;
export const ZIP_ENTRY_MAX_BYTES = 64 * 1024;
export const ZIP_MAX_SKIPPED_ENTRIES = 32;

const LOCAL_HEADER = 0x04034b50; // "PK\x03\x04"
const CENTRAL_HEADER = 0x02014b50; // "PK\x01\x02": the entries have ended
const END_OF_CENTRAL = 0x06054b50; // "PK\x05\x06"
const DATA_DESCRIPTOR = 0x08074b50; // "PK\x07\x08" (optional signature)
const LOCAL_HEADER_BYTES = 30;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008; // sizes and CRC follow the data instead of sitting in the header
const STORED = 0;
const DEFLATED = 8;
const ZIP64_MARK = 0xffffffff;

export type ZipHeadRefusal =
  /** no local header at offset 0 */
  | 'not-zip'
  /** the entries ended (or a forbidden entry came first) without the wanted one */
  | 'entry-missing'
  /** the wanted entry is not within the first ZIP_HEAD_BYTES (or after too many entries) */
  | 'entry-beyond-head'
  /** the file ends inside the headers or the entry; bad deflate data; CRC or size mismatch */
  | 'damaged'
  /** encrypted entry, ZIP64 sizes, a compression other than stored/deflate */
  | 'unsupported'
  /** the wanted entry declares or inflates to more than ZIP_ENTRY_MAX_BYTES */
  | 'too-large';

export type ZipHeadResult =
  | { status: 'found'; data: Buffer; skipped: string[] }
  | { status: 'refused'; reason: ZipHeadRefusal; entry?: string }
  | { status: 'more' };

export interface ZipHeadOptions {
  /** true when `head` is the whole file (nothing more will arrive) */
  complete: boolean;
  /** an entry name that ends the search at once (e.g. executable code), reported as 'entry-missing' */
  forbidden?: (name: string) => boolean;
}

export function startsLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

class OutOfData extends Error {}

/** Inflates at most ZIP_ENTRY_MAX_BYTES; returns the output and how many input bytes it used. */
function inflateBounded(input: Buffer): { out: Buffer; used: number } | 'too-large' | 'truncated' | 'bad' {
  try {
    const r = inflateRawSync(input, { maxOutputLength: ZIP_ENTRY_MAX_BYTES, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    return { out: r.buffer, used: r.engine.bytesWritten };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return 'too-large';
    if (code === 'Z_BUF_ERROR') return 'truncated'; // the deflate stream has not ended within the input
    return 'bad';
  }
}

/**
 * Looks for entry `wanted` (exact name) among the first entries of the ZIP whose first bytes are
 * `head`. 'more' means: not decided yet, give me more bytes (only when !complete and the head
 * is shorter than ZIP_HEAD_BYTES). Once ZIP_HEAD_BYTES are there the answer is always final.
 */
export function findZipEntry(head: Uint8Array, wanted: string, opts: ZipHeadOptions): ZipHeadResult {
  const buf = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, ZIP_HEAD_BYTES));
  const whole = opts.complete && head.length <= ZIP_HEAD_BYTES;
  const outOfData = (): ZipHeadResult => {
    if (whole) return { status: 'refused', reason: 'damaged' };
    if (buf.length < ZIP_HEAD_BYTES) return { status: 'more' };
    return { status: 'refused', reason: 'entry-beyond-head' };
  };
  if (buf.length < 4) return whole ? { status: 'refused', reason: 'not-zip' } : { status: 'more' };
  if (!startsLikeZip(buf)) return { status: 'refused', reason: 'not-zip' };

  const skipped: string[] = [];
  let off = 0;
  try {
    for (;;) {
      if (off + 4 > buf.length) throw new OutOfData();
      const sig = buf.readUInt32LE(off);
      if (sig === CENTRAL_HEADER || sig === END_OF_CENTRAL) return { status: 'refused', reason: 'entry-missing' };
      if (sig !== LOCAL_HEADER) return { status: 'refused', reason: 'damaged' };
      if (off + LOCAL_HEADER_BYTES > buf.length) throw new OutOfData();
      const flags = buf.readUInt16LE(off + 6);
      const method = buf.readUInt16LE(off + 8);
      const crc = buf.readUInt32LE(off + 14);
      const compressed = buf.readUInt32LE(off + 18);
      const size = buf.readUInt32LE(off + 22);
      const nameEnd = off + LOCAL_HEADER_BYTES + buf.readUInt16LE(off + 26);
      const dataStart = nameEnd + buf.readUInt16LE(off + 28);
      if (dataStart > buf.length) throw new OutOfData();
      // Names are compared byte-wise: the wanted one is ASCII, so latin1 is exact enough.
      const name = buf.toString('latin1', off + LOCAL_HEADER_BYTES, nameEnd);
      if (opts.forbidden?.(name)) return { status: 'refused', reason: 'entry-missing', entry: name };
      if (flags & FLAG_ENCRYPTED) return { status: 'refused', reason: 'unsupported', entry: name };
      const descriptor = (flags & FLAG_DESCRIPTOR) !== 0;
      if (!descriptor && (compressed === ZIP64_MARK || size === ZIP64_MARK)) return { status: 'refused', reason: 'unsupported', entry: name };

      if (name === wanted) {
        if (method !== STORED && method !== DEFLATED) return { status: 'refused', reason: 'unsupported', entry: name };
        if (!descriptor && (size > ZIP_ENTRY_MAX_BYTES || compressed > ZIP_ENTRY_MAX_BYTES)) return { status: 'refused', reason: 'too-large', entry: name };
        if (method === STORED) {
          if (descriptor) return { status: 'refused', reason: 'unsupported', entry: name }; // length unknowable
          if (dataStart + compressed > buf.length) throw new OutOfData();
          const data = Buffer.from(buf.subarray(dataStart, dataStart + compressed));
          if (size !== compressed || crc32(data) !== crc) return { status: 'refused', reason: 'damaged', entry: name };
          return { status: 'found', data, skipped };
        }
        const input = descriptor ? buf.subarray(dataStart) : buf.subarray(dataStart, dataStart + compressed);
        if (!descriptor && dataStart + compressed > buf.length) throw new OutOfData();
        const r = inflateBounded(input);
        if (r === 'too-large') return { status: 'refused', reason: 'too-large', entry: name };
        if (r === 'truncated') {
          if (descriptor) throw new OutOfData();
          return { status: 'refused', reason: 'damaged', entry: name };
        }
        if (r === 'bad') return { status: 'refused', reason: 'damaged', entry: name };
        if (!descriptor && (r.out.length !== size || crc32(r.out) !== crc)) return { status: 'refused', reason: 'damaged', entry: name };
        return { status: 'found', data: r.out, skipped };
      }

      if (skipped.length >= ZIP_MAX_SKIPPED_ENTRIES) return { status: 'refused', reason: 'entry-beyond-head' };
      skipped.push(name);
      if (!descriptor) {
        off = dataStart + compressed;
        continue;
      }
      // Streamed entry: its length is only known by reading it. Deflate data ends itself.
      if (method !== DEFLATED) return { status: 'refused', reason: 'entry-beyond-head' };
      const r = inflateBounded(buf.subarray(dataStart));
      if (r === 'truncated') throw new OutOfData();
      if (r === 'too-large') return { status: 'refused', reason: 'entry-beyond-head' };
      if (r === 'bad') return { status: 'refused', reason: 'damaged', entry: name };
      off = dataStart + r.used;
      if (off + 4 > buf.length) throw new OutOfData();
      off += buf.readUInt32LE(off) === DATA_DESCRIPTOR ? 16 : 12;
    }
  } catch (err) {
    if (err instanceof OutOfData) return outOfData();
    throw err;
  }
}
