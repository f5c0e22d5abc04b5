/**
 * The response headers of an evidence file. A download is always an attachment in a sandbox.
 * A preview (the evaluator's "Lihat") is shown inline only for types a browser displays with
 * its own viewer and no page script of ours: PDF and the raster images. Word and Excel files
 * are never inline (their viewers are programs), and an unknown type is sent as bytes.
 * Every variant carries `nosniff` (the stored type, detected from content at upload, is the
 * only type the browser may use) and a CSP with no script source and no framing:
 *  - images: nothing but the image itself, in a sandbox;
 *  - PDF: no `sandbox` (Chrome refuses to start its PDF viewer in a sandboxed document) but
 *    `object-src 'self'` for the viewer's own <embed> and nothing else; the bytes are a PDF by
 *    their first bytes (sniff.ts refuses polyglots), so they render as a PDF or not at all.
 */
import { contentDisposition } from './filename';
import { isSniffable } from './sniff';

export const INLINE_TYPES: readonly string[] = Object.freeze(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);

/** Whether a stored evidence type may be shown inline (a preview link is offered). */
export function isPreviewable(type: string): boolean {
  return INLINE_TYPES.includes(type);
}

const ATTACHMENT_CSP = "default-src 'none'; sandbox";
const IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";
const PDF_CSP = "default-src 'none'; object-src 'self'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

export interface EvidenceDelivery {
  /** true when the file is sent inline (asked for, and of a previewable type) */
  inline: boolean;
  headers: Record<string, string>;
}

/** Headers for one evidence file; `wantInline` is honoured only for previewable types. */
export function evidenceDelivery(file: { name: string; type: string; length: number }, wantInline: boolean): EvidenceDelivery {
  const inline = wantInline && isPreviewable(file.type);
  const csp = !inline ? ATTACHMENT_CSP : file.type === 'application/pdf' ? PDF_CSP : IMAGE_CSP;
  return {
    inline,
    headers: {
      'Content-Type': isSniffable(file.type) ? file.type : 'application/octet-stream',
      'Content-Length': String(file.length),
      'Content-Disposition': contentDisposition(file.name, inline ? 'inline' : 'attachment'),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': csp,
      'Cross-Origin-Resource-Policy': 'same-origin',
    },
  };
}
