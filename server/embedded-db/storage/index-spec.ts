/**
 * Index specifications as createIndexes receives them and listIndexes returns them: validation,
 * default names (`email_1`, `a_1_b_-1`) and the option comparison MongoDB uses to decide whether
 * a second createIndexes with the same name or key is a no-op or a conflict.
 */
import { CommandError, Codes } from '../errors';
import { bsonEquals } from '../values/compare';
import { Collation, parseCollation } from '../values/collation';
import { toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';

export interface IndexSpec extends Doc {
  v: number;
  key: Doc;
  name: string;
}

const KNOWN_OPTIONS = new Set([
  'key', 'name', 'unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'background', 'v', 'ns',
  'collation', 'hidden', 'prepareUnique', 'default_language', 'language_override', 'textIndexVersion', 'weights', 'storageEngine',
]);

/** Options that make two indexes on the same key different indexes. */
const IDENTITY_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation'];

export function defaultIndexName(key: Doc): string {
  return Object.keys(key).map((k) => `${k}_${String(key[k])}`).join('_');
}

/**
 * Checks one createIndexes entry and returns the spec as listIndexes will show it. An index
 * without a collation takes the collection's default (`{locale: "simple"}` opts out), and a
 * collation is stored in full, as MongoDB does.
 */
export function validateIndexSpec(raw: unknown, defaultCollation: Collation | null = null): IndexSpec {
  if (!isPlainObject(raw)) throw new CommandError(Codes.TypeMismatch, 'index specification must be an object');
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError(Codes.CannotCreateIndex, 'index key pattern must be a non-empty object');
  }
  for (const [field, dir] of Object.entries(key)) {
    if (field === '' || field.startsWith('$') || field.split('.').includes('')) {
      throw new CommandError(Codes.CannotCreateIndex, `bad index key pattern field name: '${field}'`);
    }
    if (typeof dir === 'string') {
      if (dir !== 'hashed') {
        throw new CommandError(Codes.CannotCreateIndex, `index type '${dir}' on field '${field}' is not supported by the embedded database`);
      }
    } else {
      const n = toNumber(dir);
      if (!Number.isFinite(n) || n === 0) throw new CommandError(Codes.CannotCreateIndex, `bad index key pattern value for '${field}'`);
    }
  }
  for (const opt of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.has(opt)) {
      throw new CommandError(Codes.InvalidIndexSpecificationOption, `The field '${opt}' is not valid for an index specification.`);
    }
  }
  if (raw.partialFilterExpression !== undefined && !isPlainObject(raw.partialFilterExpression)) {
    throw new CommandError(Codes.CannotCreateIndex, 'partialFilterExpression must be an object');
  }
  if (raw.expireAfterSeconds !== undefined) {
    const s = toNumber(raw.expireAfterSeconds);
    if (!Number.isFinite(s) || s < 0) throw new CommandError(Codes.CannotCreateIndex, 'expireAfterSeconds must be a non-negative number');
  }
  const name = raw.name === undefined ? defaultIndexName(key) : raw.name;
  if (typeof name !== 'string' || name === '') throw new CommandError(Codes.CannotCreateIndex, 'index name must be a non-empty string');
  const spec: IndexSpec = { v: 2, key, name };
  for (const opt of Object.keys(raw)) {
    if (opt !== 'key' && opt !== 'name' && opt !== 'v' && opt !== 'ns' && opt !== 'background' && opt !== 'collation') spec[opt] = raw[opt];
  }
  const collation = raw.collation === undefined ? defaultCollation : parseCollation(raw.collation);
  if (collation) spec.collation = collation.spec;
  if (name === '_id_' || isIdKey(key)) {
    if (spec.unique === false || spec.sparse || spec.partialFilterExpression) {
      throw new CommandError(Codes.CannotCreateIndex, 'The _id index cannot be sparse, partial or non-unique');
    }
  }
  return spec;
}

export function isIdKey(key: Doc): boolean {
  const fields = Object.keys(key);
  return fields.length === 1 && fields[0] === '_id';
}

export function sameKey(a: Doc, b: Doc): boolean {
  return bsonEquals(a, b);
}

export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return IDENTITY_OPTIONS.every((opt) => {
    const x = opt === 'unique' || opt === 'sparse' ? Boolean(a[opt]) : a[opt];
    const y = opt === 'unique' || opt === 'sparse' ? Boolean(b[opt]) : b[opt];
    return x === undefined || y === undefined ? x === y : bsonEquals(x, y);
  });
}

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };
