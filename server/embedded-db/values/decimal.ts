/**
 * Exact decimal arithmetic for Decimal128 values (bson has no arithmetic). A finite value is
 * `coeff × 10^exp` with a BigInt coefficient; results go back through
 * `Decimal128.fromStringWithRounding`, which rounds to 34 digits like the server.
 */
import { Decimal128 } from 'bson';

export interface Dec { coeff: bigint; exp: number; special?: 'NaN' | 'Infinity' | '-Infinity' }

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function parseDecimal(text: string): Dec {
  if (/^[+]?inf(inity)?$/i.test(text)) return { coeff: 0n, exp: 0, special: 'Infinity' };
  if (/^-inf(inity)?$/i.test(text)) return { coeff: 0n, exp: 0, special: '-Infinity' };
  const m = DEC_RE.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { coeff: 0n, exp: 0, special: 'NaN' };
  const frac = m[3] ?? '';
  let coeff = BigInt((m[2] || '0') + frac);
  if (m[1] === '-') coeff = -coeff;
  return { coeff, exp: Number(m[4] ?? 0) - frac.length };
}

export function decOf(v: number | bigint | string | Decimal128): Dec {
  if (typeof v === 'bigint') return { coeff: v, exp: 0 };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { coeff: 0n, exp: 0, special: 'NaN' };
    if (!Number.isFinite(v)) return { coeff: 0n, exp: 0, special: v > 0 ? 'Infinity' : '-Infinity' };
    if (Number.isInteger(v)) return { coeff: BigInt(v), exp: 0 };
    return parseDecimal(String(v));
  }
  return parseDecimal(typeof v === 'string' ? v : v.toString());
}

/** Removes trailing zeros so equal values have one representation (used for index keys). */
export function normalizeDec(d: Dec): Dec {
  if (d.special || d.coeff === 0n) return d.special ? d : { coeff: 0n, exp: 0 };
  let { coeff, exp } = d;
  while (coeff % 10n === 0n) { coeff /= 10n; exp += 1; }
  return { coeff, exp };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coeff * 10n ** BigInt(a.exp - exp), b.coeff * 10n ** BigInt(b.exp - exp), exp];
}

function specialAdd(a: Dec, b: Dec): Dec | null {
  if (!a.special && !b.special) return null;
  if (a.special === 'NaN' || b.special === 'NaN') return { coeff: 0n, exp: 0, special: 'NaN' };
  if (a.special && b.special && a.special !== b.special) return { coeff: 0n, exp: 0, special: 'NaN' };
  return { coeff: 0n, exp: 0, special: (a.special ?? b.special)! };
}

export function addDec(a: Dec, b: Dec): Dec {
  const s = specialAdd(a, b);
  if (s) return s;
  const [x, y, exp] = align(a, b);
  return { coeff: x + y, exp };
}

export function mulDec(a: Dec, b: Dec): Dec {
  if (a.special || b.special) {
    if (a.special === 'NaN' || b.special === 'NaN') return { coeff: 0n, exp: 0, special: 'NaN' };
    const other = a.special ? b : a;
    if (!other.special && other.coeff === 0n) return { coeff: 0n, exp: 0, special: 'NaN' };
    const neg = (a.special === '-Infinity' || (!a.special && a.coeff < 0n)) !== (b.special === '-Infinity' || (!b.special && b.coeff < 0n));
    return { coeff: 0n, exp: 0, special: neg ? '-Infinity' : 'Infinity' };
  }
  return { coeff: a.coeff * b.coeff, exp: a.exp + b.exp };
}

export function cmpDec(a: Dec, b: Dec): number {
  const rank = (d: Dec) => (d.special === 'NaN' ? -2 : d.special === '-Infinity' ? -1 : d.special === 'Infinity' ? 1 : 0);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== 0 || rb !== 0) return ra === rb ? 0 : ra === -2 ? -1 : rb === -2 ? 1 : ra - rb > 0 ? 1 : ra - rb < 0 ? -1 : 0;
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function decToString(d: Dec): string {
  if (d.special) return d.special;
  return `${d.coeff.toString()}E${d.exp >= 0 ? '+' : ''}${d.exp}`;
}

export function toDecimal128(d: Dec): Decimal128 {
  return Decimal128.fromStringWithRounding(decToString(d));
}

export function decToNumber(d: Dec): number {
  if (d.special) return d.special === 'NaN' ? NaN : d.special === 'Infinity' ? Infinity : -Infinity;
  return Number(`${d.coeff.toString()}e${d.exp}`);
}
