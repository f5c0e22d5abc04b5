/**
 * Word (.docx) and Excel (.xlsx) files recognised from content: a ZIP whose
 * `[Content_Types].xml` (read from the first bytes only, see zip-head.ts) declares the main part
 * of a Word document or an Excel workbook. Refused:
 *   - macro-enabled variants (.docm, .xlsm, and templates/add-ins): a `macroEnabled` content
 *     type, a VBA project part (`vbaProject.bin`, `vbaData.xml`) or its content type;
 *   - every other ZIP: .pptx, .dotx/.xltx templates, .jar/.apk (or anything with code entries
 *     such as META-INF/MANIFEST.MF or classes.dex) renamed .docx, plain archives;
 *   - a package that claims both kinds at once.
 * The XML is never parsed by a general XML parser (no DTDs, no entities): only the attributes
 * of `<Default>` and `<Override>` elements are read, and a DOCTYPE is refused outright.
 */
import { findZipEntry, type ZipHeadRefusal } from './zip-head';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export type OfficeType = typeof DOCX_TYPE | typeof XLSX_TYPE;

const CONTENT_TYPES_ENTRY = '[Content_Types].xml';
const MAIN_PARTS: ReadonlyArray<[string, OfficeType]> = [
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', DOCX_TYPE],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', XLSX_TYPE],
];

export type OfficeRefusal =
  /** a macro-enabled document, template or add-in */
  | 'office-macro'
  /** a ZIP that is not a Word document or Excel workbook (other Office kinds, .jar, .apk, archives) */
  | 'zip-not-office'
  /** [Content_Types].xml is not within the first bytes the platform reads */
  | 'zip-content-types-late'
  /** truncated or corrupt archive */
  | 'zip-damaged'
  /** encryption, ZIP64, an unusual compression */
  | 'zip-unsupported'
  /** [Content_Types].xml larger than any real one (zip bomb) */
  | 'zip-too-large';

export type OfficeVerdict =
  | { status: 'type'; type: OfficeType }
  | { status: 'refused'; reason: OfficeRefusal }
  | { status: 'more' };

const FROM_ZIP: Readonly<Record<ZipHeadRefusal, OfficeRefusal>> = {
  'not-zip': 'zip-not-office',
  'entry-missing': 'zip-not-office',
  'entry-beyond-head': 'zip-content-types-late',
  damaged: 'zip-damaged',
  unsupported: 'zip-unsupported',
  'too-large': 'zip-too-large',
};

/** Entries that only code packages have (Java archives, Android apps, executables, VBA). */
const CODE_ENTRY = /(^|\/)(META-INF\/MANIFEST\.MF|AndroidManifest\.xml|classes\d*\.dex|vbaProject\.bin|vbaData\.xml)$|\.(class|dex|exe|dll|so|jar|apk|msi|bat|cmd|ps1|vbs|sh)$/i;

const VBA_ENTRY = /(^|\/)(vbaProject\.bin|vbaData\.xml)$/i;

export function isCodeEntry(name: string): boolean {
  return CODE_ENTRY.test(name);
}

interface ContentTypeEntry {
  element: 'Default' | 'Override';
  contentType: string;
  partName: string;
}

function attribute(attrs: string, name: string): string {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2] ?? '') : '';
}

/** The `<Default>` / `<Override>` entries of a [Content_Types].xml, or null if it is not one. */
export function contentTypeEntries(xml: string): ContentTypeEntry[] | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  if (!/<(?:\w+:)?Types[\s>]/.test(xml)) return null;
  const entries: ContentTypeEntry[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?(Default|Override)\b([^>]*)>/g)) {
    const attrs = m[2];
    entries.push({
      element: m[1] as 'Default' | 'Override',
      contentType: attribute(attrs, 'ContentType').trim().toLowerCase(),
      partName: attribute(attrs, 'PartName') || attribute(attrs, 'Extension'),
    });
  }
  return entries;
}

function decodeXml(data: Buffer): string {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return Buffer.from(data.subarray(2)).swap16().toString('utf16le');
  return data.toString('utf8');
}

/** Which Office type a [Content_Types].xml declares, or why it is refused. */
export function classifyContentTypes(data: Buffer): OfficeVerdict {
  const entries = contentTypeEntries(decodeXml(data));
  if (!entries) return { status: 'refused', reason: 'zip-not-office' };
  const macro = entries.some((e) => e.contentType.includes('macroenabled') || e.contentType.includes('vbaproject') || isCodeEntry(e.partName));
  if (macro) return { status: 'refused', reason: 'office-macro' };
  const kinds = new Set<OfficeType>();
  for (const e of entries) {
    if (e.element !== 'Override') continue; // a main part is always named by an Override
    const main = MAIN_PARTS.find(([ct]) => ct === e.contentType);
    if (main) kinds.add(main[1]);
  }
  if (kinds.size !== 1) return { status: 'refused', reason: 'zip-not-office' };
  return { status: 'type', type: [...kinds][0] };
}

/**
 * The Office type of a ZIP from its first bytes (`complete`: the bytes are the whole file).
 * 'more': undecided yet, call again with more bytes (never once ZIP_HEAD_BYTES are given).
 */
export function sniffOffice(head: Uint8Array, complete: boolean): OfficeVerdict {
  const found = findZipEntry(head, CONTENT_TYPES_ENTRY, { complete, forbidden: isCodeEntry });
  if (found.status === 'more') return found;
  if (found.status === 'refused') {
    if (found.entry !== undefined && VBA_ENTRY.test(found.entry)) return { status: 'refused', reason: 'office-macro' };
    return { status: 'refused', reason: FROM_ZIP[found.reason] };
  }
  return classifyContentTypes(found.data);
}
