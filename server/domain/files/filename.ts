/**
 * Uploaded file names are untrusted text. They are never used as a storage key (files are stored
 * under a generated id); the cleaned name is only shown in lists and offered on download.
 * Cleaning drops any folder part ("../../app.js" → "app.js"), control characters (CR/LF would
 * forge headers or log lines), bidirectional overrides ("gpj.exe" shown reversed), and keeps the
 * extension consistent with the type detected from the content (checklist 27).
 */
import { extensionFor, type SniffedType } from './sniff';

export const MAX_FILENAME_LENGTH = 120;
const FALLBACK = 'berkas';

// C0/C1 controls, DEL, bidi controls, zero-width and line/paragraph separators
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
// characters Windows refuses in names, plus quotes that only cause trouble in headers
const RESERVED_CHARS = /[<>:"|?*]/g;

/** A display name: no folders, no control characters, bounded length; never empty. */
export function sanitiseFilename(raw: unknown): string {
  let name = typeof raw === 'string' ? raw : '';
  name = name.normalize('NFC').replace(UNSAFE_CHARS, '');
  const parts = name.split(/[\\/]/);
  name = parts[parts.length - 1] ?? '';
  name = name.replace(RESERVED_CHARS, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, ''); // no hidden files, no "..", no leading dots
  if (name === '') return FALLBACK;
  return clip(name, MAX_FILENAME_LENGTH);
}

/** Shortens to `max` characters (by code point), keeping a short extension. */
function clip(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  const base = Array.from(ext ? name.slice(0, dot) : name).slice(0, max - Array.from(ext).length);
  return base.join('') + ext;
}

/** The display name with the extension of the detected type ("foto.html" that is a PNG → "foto.html.png"). */
export function nameForType(raw: unknown, type: SniffedType): string {
  const clean = sanitiseFilename(raw);
  const ext = extensionFor(type);
  const current = /\.([A-Za-z0-9]{1,10})$/.exec(clean)?.[1]?.toLowerCase();
  const same = current === ext || (ext === 'jpg' && current === 'jpeg');
  if (same) return clean;
  return clip(`${clean}.${ext}`, MAX_FILENAME_LENGTH);
}

/**
 * The name an uploaded file is listed and downloaded under: the cleaned name, ending in the
 * extension of what the content really is. The operating system picks the program by extension,
 * so a PDF named "app.js" is saved as "app.js.pdf" (never as a script), and "laporan" that is a
 * workbook as "laporan.xlsx".
 */
export function evidenceName(raw: unknown, type: SniffedType): string {
  return nameForType(raw, type);
}

/** RFC 5987 / 8187 encoding of a header parameter value (UTF-8, percent-encoded). */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` for a download: `attachment` (the browser saves, never renders) unless
 * the caller asks for `inline` (delivery.ts does, only for the types it may show), an
 * ASCII-only fallback name for old clients and the exact name as `filename*=UTF-8''…`.
 * Nothing from the name can end the header or add a parameter.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const clean = sanitiseFilename(name);
  const ascii = clean.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^[._ ]+/, '') || FALLBACK;
  return `${disposition === 'inline' ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(clean)}`;
}
