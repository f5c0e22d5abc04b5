/**
 * Fast ObjectId keys and ordering. bson 7 keeps an ObjectId as four 24-bit integers (i0..i3,
 * big-endian); reading them avoids the allocation of `.id` and the hex formatting of
 * `toHexString()` on every index lookup and comparison. Falls back to hex for other shapes.
 */
import { ObjectId } from 'bson';

interface OidParts { i0: number; i1: number; i2: number; i3: number }

function parts(oid: ObjectId): OidParts | null {
  const p = oid as unknown as OidParts;
  return typeof p.i0 === 'number' && typeof p.i3 === 'number' ? p : null;
}

/** An 8-character string unique per ObjectId value. */
export function oidKey(oid: ObjectId): string {
  const p = parts(oid);
  if (!p) return oid.toHexString();
  return String.fromCharCode(
    p.i0 >>> 12, p.i0 & 0xfff, p.i1 >>> 12, p.i1 & 0xfff, p.i2 >>> 12, p.i2 & 0xfff, p.i3 >>> 12, p.i3 & 0xfff,
  );
}

export function compareOids(a: ObjectId, b: ObjectId): number {
  const x = parts(a);
  const y = parts(b);
  if (!x || !y) {
    const ha = a.toHexString();
    const hb = b.toHexString();
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  }
  return x.i0 - y.i0 || x.i1 - y.i1 || x.i2 - y.i2 || x.i3 - y.i3;
}
