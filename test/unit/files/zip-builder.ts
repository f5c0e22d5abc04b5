/**
 * Builds real ZIP archives byte by byte for the type-sniffing tests (with zlib's raw deflate),
 * including the odd and hostile shapes real writers never make: lying sizes, streamed entries
 * (data descriptors), encrypted flags, bombs. Not a general ZIP writer.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** 'deflate' (default) or 'store'; a number writes that method id as is */
  method?: 'deflate' | 'store' | number;
  /** sizes and CRC after the data (general purpose flag bit 3), as streaming writers do */
  descriptor?: boolean;
  /** extra general purpose flags (e.g. 1 = encrypted) */
  flags?: number;
  /** lie in the local header */
  declaredSize?: number;
  declaredCompressed?: number;
  declaredCrc?: number;
  /** already-compressed bytes to write instead of compressing `data` */
  raw?: Buffer;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** A ZIP with local headers, data, central directory and end record (unless `noDirectory`). */
export function buildZip(entries: ZipEntry[], opts: { noDirectory?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const method = e.method === 'store' ? 0 : e.method === undefined || e.method === 'deflate' ? 8 : e.method;
    const body = e.raw ?? (method === 8 ? deflateRawSync(data) : data);
    const crc = crc32(data);
    const flags = (e.descriptor ? 0x0008 : 0) | (e.flags ?? 0) | 0x0800;
    const name = Buffer.from(e.name, 'utf8');
    const hdrCrc = e.descriptor ? 0 : e.declaredCrc ?? crc;
    const hdrComp = e.descriptor ? 0 : e.declaredCompressed ?? body.length;
    const hdrSize = e.descriptor ? 0 : e.declaredSize ?? data.length;
    const local = Buffer.concat([u32(0x04034b50), u16(20), u16(flags), u16(method), u16(0), u16(0x5a21), u32(hdrCrc), u32(hdrComp), u32(hdrSize), u16(name.length), u16(0), name]);
    const descriptor = e.descriptor ? Buffer.concat([u32(0x08074b50), u32(crc), u32(body.length), u32(data.length)]) : Buffer.alloc(0);
    parts.push(local, body, descriptor);
    central.push(Buffer.concat([
      u32(0x02014b50), u16(20), u16(20), u16(flags), u16(method), u16(0), u16(0x5a21), u32(crc), u32(body.length), u32(data.length),
      u16(name.length), u16(0), u16(0), u16(0), u16(0), u32(0), u32(offset), name,
    ]));
    offset += local.length + body.length + descriptor.length;
  }
  if (opts.noDirectory) return Buffer.concat(parts);
  const dir = Buffer.concat(central);
  const end = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(dir.length), u32(offset), u16(0)]);
  return Buffer.concat([...parts, dir, end]);
}

export const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
export const SHEET_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';

/** A [Content_Types].xml with the usual defaults and the given overrides ([partName, contentType]). */
export function contentTypesXml(overrides: Array<[string, string]>, defaults: Array<[string, string]> = []): string {
  const defs = [['rels', 'application/vnd.openxmlformats-package.relationships+xml'], ['xml', 'application/xml'], ...defaults]
    .map(([ext, ct]) => `<Default Extension="${ext}" ContentType="${ct}"/>`).join('');
  const ovs = overrides.map(([part, ct]) => `<Override PartName="${part}" ContentType="${ct}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${defs}${ovs}</Types>`;
}

const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>';

/** A minimal .docx: [Content_Types].xml first (as Word writes it), then the parts it names. */
export function minimalDocx(extra: ZipEntry[] = [], contentTypes = contentTypesXml([['/word/document.xml', WORD_MAIN]])): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: RELS },
    { name: 'word/document.xml', data: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>SK Pengurus</w:t></w:r></w:p></w:body></w:document>' },
    ...extra,
  ]);
}

/** A minimal .xlsx with the given [Content_Types].xml (default: a plain workbook). */
export function minimalXlsx(contentTypes = contentTypesXml([['/xl/workbook.xml', SHEET_MAIN]])): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: RELS },
    { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>' },
  ]);
}
