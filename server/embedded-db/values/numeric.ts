/**
 * Numeric type rules of MongoDB: int32 op int32 stays int32 unless it overflows (then int64),
 * anything with a long is a long, anything with a double is a double, anything with a decimal is
 * a decimal. Values use the in-memory representation described in types.ts.
 */
import { Decimal128, Double, Int32, Long } from 'bson';
import { bsonTag, isInt32Number, makeDouble } from './types';
import { addDec, cmpDec, decOf, decToNumber, Dec, mulDec, toDecimal128 } from './decimal';

export type NumKind = 'int' | 'long' | 'double' | 'decimal';
export type NumValue = number | Double | Long | Decimal128 | Int32;

const RANK: Record<NumKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export function numKind(v: unknown): NumKind | null {
  if (typeof v === 'number') return isInt32Number(v) ? 'int' : 'double';
  switch (bsonTag(v)) {
    case 'Int32': return 'int';
    case 'Double': return 'double';
    case 'Long': return 'long';
    case 'Decimal128': return 'decimal';
    default: return null;
  }
}

export function isNumeric(v: unknown): v is NumValue {
  return numKind(v) !== null;
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  switch (bsonTag(v)) {
    case 'Int32': case 'Double': return (v as Double).value;
    case 'Long': return (v as Long).toNumber();
    case 'Decimal128': return decToNumber(decOf(v as Decimal128));
    default: return NaN;
  }
}

function toBigInt(v: NumValue): bigint {
  if (bsonTag(v) === 'Long') return (v as Long).toBigInt();
  return BigInt(toNumber(v));
}

function toDec(v: NumValue): Dec {
  if (bsonTag(v) === 'Decimal128') return decOf(v as Decimal128);
  if (bsonTag(v) === 'Long') return decOf((v as Long).toBigInt());
  return decOf(toNumber(v));
}

function fromBigInt(x: bigint, kind: 'int' | 'long'): NumValue {
  if (kind === 'int' && x >= -2147483648n && x <= 2147483647n) return Number(x);
  if (x >= LONG_MIN && x <= LONG_MAX) return Long.fromBigInt(x);
  return makeDouble(Number(x));
}

function widest(a: NumValue, b: NumValue): NumKind {
  const ka = numKind(a)!;
  const kb = numKind(b)!;
  return RANK[ka] >= RANK[kb] ? ka : kb;
}

export function addNumbers(a: NumValue, b: NumValue): NumValue {
  if (typeof a === 'number' && typeof b === 'number') {
    // Plain JS numbers are int32 or double: no BigInt needed (int32 + int32 is exact in a double).
    const r = a + b;
    if (isInt32Number(a) && isInt32Number(b)) return isInt32Number(r) ? r : Long.fromNumber(r);
    return makeDouble(r);
  }
  const kind = widest(a, b);
  if (kind === 'decimal') return toDecimal128(addDec(toDec(a), toDec(b)));
  if (kind === 'double') return makeDouble(toNumber(a) + toNumber(b));
  return fromBigInt(toBigInt(a) + toBigInt(b), kind);
}

export function multiplyNumbers(a: NumValue, b: NumValue): NumValue {
  const kind = widest(a, b);
  if (kind === 'decimal') return toDecimal128(mulDec(toDec(a), toDec(b)));
  if (kind === 'double') return makeDouble(toNumber(a) * toNumber(b));
  return fromBigInt(toBigInt(a) * toBigInt(b), kind);
}

export function negate(a: NumValue): NumValue {
  return multiplyNumbers(a, -1);
}

/** Compares two numeric values exactly where the representation allows. */
export function compareNumbers(a: NumValue, b: NumValue): number {
  const ka = numKind(a)!;
  const kb = numKind(b)!;
  if (ka === 'decimal' || kb === 'decimal') return cmpDec(toDec(a), toDec(b));
  if ((ka === 'long' || kb === 'long') && ka !== 'double' && kb !== 'double') {
    const x = toBigInt(a);
    const y = toBigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact decimal form of a numeric value (index keys, $sum over decimals). */
export function numericDec(v: NumValue): Dec {
  return toDec(v);
}
