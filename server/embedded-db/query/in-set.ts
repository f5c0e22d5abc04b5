/**
 * `$in` / `$nin` membership by hash: scalar operands whose canonical value key identifies exactly
 * the values MongoDB's equality matches (strings, booleans, dates, ObjectIds, integers in the
 * safe range of any numeric type, null) go into one Set, so a 3,000-element `$in` costs one key
 * per document value instead of 3,000 comparisons. Other operands (regular expressions,
 * fractional or huge numbers, decimals, binaries, sub-documents) keep their individual tests.
 */
import type { Collation } from '../values/collation';
import { CollationKeys } from '../values/collation-keys';
import { valueKey } from '../values/keys';
import { numKind, toNumber } from '../values/numeric';
import { EMPTY_ARRAY } from '../values/paths';
import { bsonTag, isPlainObject } from '../values/types';

export type ValueTest = (values: unknown[]) => boolean;

/** True when `valueKey(v)` equality is exactly BSON equality against any document value. */
export function isHashableOperand(v: unknown): boolean {
  switch (typeof v) {
    case 'string': case 'boolean': return true;
    case 'number': return Number.isSafeInteger(v);
    case 'object': break;
    default: return false;
  }
  if (v === null || v instanceof Date) return true;
  const tag = bsonTag(v);
  if (tag === 'ObjectId') return true;
  const kind = numKind(v);
  // Decimal128 keys normalise the exponent; only the plain binary types are taken here.
  return (kind === 'int' || kind === 'long' || kind === 'double') && Number.isSafeInteger(toNumber(v));
}

/**
 * A test that holds when some value equals some operand of the set (MongoDB `$in` semantics
 * for the hashable operands: `null` also matches a missing field; arrays are matched through
 * their elements, which the caller already expanded into `values`).
 */
export function hashedMembership(operands: unknown[], collation: Collation | null = null): ValueTest {
  const keys = new Set<string>();
  let matchesNull = false;
  // Under a collation strings are keyed by their class: operands register it, values look it up.
  const classes = collation ? new CollationKeys(collation) : null;
  const keyOf = classes ? (v: unknown) => classes.key(v, false) : valueKey;
  for (const v of operands) {
    if (v === null) matchesNull = true;
    else keys.add(classes ? classes.key(v, true)! : valueKey(v));
  }
  return (values) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        if (matchesNull) return true;
        continue;
      }
      // Whole arrays, sub-documents and the empty-array marker never equal a scalar operand.
      if (v === EMPTY_ARRAY || Array.isArray(v) || (typeof v === 'object' && isPlainObject(v))) continue;
      const k = keyOf(v);
      if (k !== null && keys.has(k)) return true;
    }
    return false;
  };
}
