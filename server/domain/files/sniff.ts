/**
 * What a file really is, from its first bytes (magic numbers, and for Word/Excel the package's
 * own `[Content_Types].xml`), never from its name or the Content-Type the browser sent: a ".pdf"
 * that is HTML, SVG or a program, or a ".docx" that is a Java archive, is refused (checklist 26).
 * Only the formats evidence may have are recognised; everything else is refused with a reason.
 */
import { DOCX_TYPE, XLSX_TYPE, sniffOffice, type OfficeRefusal } from './ooxml';
import { ZIP_HEAD_BYTES, startsLikeZip } from './zip-head';

/** Evidence formats the platform accepts and can recognise from content. */
export const SNIFFABLE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', DOCX_TYPE, XLSX_TYPE] as const;
export type SniffedType = (typeof SNIFFABLE_TYPES)[number];

/** Bytes needed to decide for the magic-number types (the longest: WebP's RIFF....WEBP, 12 bytes). */
export const SNIFF_BYTES = 16;
/** The most an upload's head is buffered before deciding (Word/Excel: up to [Content_Types].xml). */
export const SNIFF_HEAD_BYTES = ZIP_HEAD_BYTES;

const EXTENSIONS: Readonly<Record<SniffedType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  [DOCX_TYPE]: 'docx',
  [XLSX_TYPE]: 'xlsx',
};

/** Names people know the types by, for hints and messages ("PDF, DOCX"). */
const LABELS: Readonly<Record<SniffedType, string>> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
  'image/webp': 'WEBP',
  [DOCX_TYPE]: 'DOCX',
  [XLSX_TYPE]: 'XLSX',
};

export type SniffRefusal =
  /** no signature the platform knows */
  | 'unknown'
  /** an old binary Office file (.doc, .xls, .ppt) or a password-protected Office file */
  | 'legacy-office'
  | OfficeRefusal;

export type SniffVerdict =
  | { status: 'type'; type: SniffedType }
  | { status: 'refused'; reason: SniffRefusal }
  /** undecided: give more bytes (only while !complete and fewer than SNIFF_HEAD_BYTES were given) */
  | { status: 'more' };

function startsWith(head: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (head.length < offset + signature.length) return false;
  return signature.every((b, i) => head[offset + i] === b);
}

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = [0x52, 0x49, 0x46, 0x46]; // "RIFF"
const WEBP = [0x57, 0x45, 0x42, 0x50]; // "WEBP" at offset 8
// OLE2 compound file: .doc/.xls/.ppt before 2007, and encrypted .docx/.xlsx (wrapped in OLE2)
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function magicType(head: Uint8Array): SniffedType | null {
  if (startsWith(head, PDF)) return 'application/pdf';
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  return null;
}

/**
 * The type of an upload from its first bytes. Signatures must sit at offset 0: readers that hunt
 * for "%PDF" further in make polyglots (an HTML page with a PDF inside) possible, so those are
 * refused here. `complete`: `head` is the whole file. A ZIP needs up to SNIFF_HEAD_BYTES (its
 * [Content_Types].xml); anything else is decided after SNIFF_BYTES.
 */
export function sniffHead(head: Uint8Array, complete: boolean): SniffVerdict {
  if (!complete && head.length < SNIFF_BYTES) return { status: 'more' };
  const magic = magicType(head);
  if (magic) return { status: 'type', type: magic };
  if (startsWith(head, OLE2)) return { status: 'refused', reason: 'legacy-office' };
  if (startsLikeZip(head)) return sniffOffice(head, complete);
  return { status: 'refused', reason: 'unknown' };
}

/** The type of a whole file (or of a head known to be all there is), or null. */
export function sniffContentType(head: Uint8Array): SniffedType | null {
  const verdict = sniffHead(head, true);
  return verdict.status === 'type' ? verdict.type : null;
}

export function isSniffable(type: unknown): type is SniffedType {
  return typeof type === 'string' && (SNIFFABLE_TYPES as readonly string[]).includes(type);
}

export function extensionFor(type: SniffedType): string {
  return EXTENSIONS[type];
}

/** "PDF", "DOCX" …; a type the platform does not know is shown as it is. */
export function typeLabel(type: string): string {
  return isSniffable(type) ? LABELS[type] : type;
}

/**
 * The types a question accepts: its `x-evidence.types` limited to what can be recognised
 * (a type the platform cannot check from content is never accepted), or all recognisable ones.
 */
export function acceptedTypes(declared: readonly string[] | undefined): SniffedType[] {
  if (!declared || declared.length === 0) return [...SNIFFABLE_TYPES];
  return SNIFFABLE_TYPES.filter((t) => declared.includes(t));
}
