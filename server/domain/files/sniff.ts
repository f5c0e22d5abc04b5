/**
 * What a file really is, from its first bytes (magic numbers), never from its name or the
 * Content-Type the browser sent: a ".pdf" that is HTML, SVG or a program is refused (checklist 26).
 * Only the formats evidence may have are recognised; everything else is `null`.
 */

/** Evidence formats the platform accepts and can recognise from content. */
export const SNIFFABLE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type SniffedType = (typeof SNIFFABLE_TYPES)[number];

/** Bytes needed to decide (the longest signature: WebP's RIFF....WEBP, 12 bytes). */
export const SNIFF_BYTES = 16;

const EXTENSIONS: Readonly<Record<SniffedType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

function startsWith(head: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (head.length < offset + signature.length) return false;
  return signature.every((b, i) => head[offset + i] === b);
}

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = [0x52, 0x49, 0x46, 0x46]; // "RIFF"
const WEBP = [0x57, 0x45, 0x42, 0x50]; // "WEBP" at offset 8

/**
 * The type of a file from its first bytes (at least SNIFF_BYTES when the file is that long).
 * The signature must sit at offset 0: readers that hunt for "%PDF" further in make polyglots
 * (an HTML page with a PDF inside) possible, so those are refused here.
 */
export function sniffContentType(head: Uint8Array): SniffedType | null {
  if (startsWith(head, PDF)) return 'application/pdf';
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  return null;
}

export function isSniffable(type: unknown): type is SniffedType {
  return typeof type === 'string' && (SNIFFABLE_TYPES as readonly string[]).includes(type);
}

export function extensionFor(type: SniffedType): string {
  return EXTENSIONS[type];
}

/**
 * The types a question accepts: its `x-evidence.types` limited to what can be recognised
 * (a type the platform cannot check from content is never accepted), or all recognisable ones.
 */
export function acceptedTypes(declared: readonly string[] | undefined): SniffedType[] {
  if (!declared || declared.length === 0) return [...SNIFFABLE_TYPES];
  return SNIFFABLE_TYPES.filter((t) => declared.includes(t));
}
