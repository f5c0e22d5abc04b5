/**
 * The emblem an admin uploads for the letterhead of printed documents: a small raster image
 * recognised from its bytes (PNG, JPEG or WebP; never SVG, which can carry script), at most
 * EMBLEM_MAX_BYTES. Pure: the caller stores it and serves it with its detected type.
 */
import { sniffContentType, type SniffedType } from './sniff';

export const EMBLEM_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const satisfies readonly SniffedType[];
export type EmblemType = (typeof EMBLEM_TYPES)[number];
export const EMBLEM_MAX_BYTES = 512 * 1024;

export type EmblemCheck = { ok: true; type: EmblemType } | { ok: false; reason: 'empty' | 'too-large' | 'type' };

export function checkEmblem(bytes: Uint8Array): EmblemCheck {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > EMBLEM_MAX_BYTES) return { ok: false, reason: 'too-large' };
  const type = sniffContentType(bytes);
  return type !== null && (EMBLEM_TYPES as readonly string[]).includes(type) ? { ok: true, type: type as EmblemType } : { ok: false, reason: 'type' };
}
