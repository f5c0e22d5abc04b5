/**
 * Collations (MongoDB's `collation` document) over the ICU that Node ships (`Intl.Collator`).
 * Parsing follows the server: unknown fields and out-of-range values are FailedToParse (9), a
 * locale ICU does not know is BadValue (2), and the accepted spec is reported in full with the
 * locale's defaults filled in (what listIndexes / listCollections show). Options `Intl.Collator`
 * cannot express (strength 4 and 5, `backwards`, `maxVariable: "space"` with `alternate:
 * "shifted"`, `caseLevel` with strength 2) are refused as not supported rather than approximated.
 *
 * `null` stands for the simple (binary) collation everywhere: code paths test for it once and
 * keep their binary fast paths.
 */
import { CommandError, Codes } from '../errors';
import { bsonCompare, compareObjectsWith } from './compare';
import { numKind, toNumber } from './numeric';
import { Doc, isPlainObject, KIND_RANK, kindOf } from './types';

export interface Collation {
  /** The full spec as MongoDB reports it (locale, caseLevel, caseFirst, strength, ...). */
  readonly spec: Doc;
  /** Equal ids = the same collation (index selection, index option conflicts). */
  readonly id: string;
  compareStrings(a: string, b: string): number;
  /** BSON order with strings (also inside arrays and sub-documents) compared by the collator. */
  compare(a: unknown, b: unknown): number;
  equals(a: unknown, b: unknown): boolean;
}

/** ICU's collation version as MongoDB 7.0 reports it in every spec. */
const ICU_VERSION = '57.1';

const FIELDS = ['locale', 'caseLevel', 'caseFirst', 'strength', 'numericOrdering', 'alternate', 'maxVariable', 'normalization', 'backwards', 'version'];

/** MongoDB's `@collation=` keywords → BCP 47 `-u-co-` values. */
const COLLATION_KEYWORDS: Record<string, string> = {
  phonebook: 'phonebk', traditional: 'trad', pinyin: 'pinyin', stroke: 'stroke', unihan: 'unihan', zhuyin: 'zhuyin',
  big5han: 'big5han', gb2312han: 'gb2312', search: 'search', dictionary: 'dict', standard: 'standard', compat: 'compat', eor: 'eor', emoji: 'emoji',
};

function parseError(message: string): CommandError {
  return new CommandError(Codes.FailedToParse, message);
}

function notSupported(what: string, raw: Doc): CommandError {
  return new CommandError(Codes.BadValue, `collation option ${what} is not supported by the embedded database (ICU through Intl.Collator): ${JSON.stringify(raw)}`);
}

function boolField(raw: Doc, name: string): boolean | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new CommandError(Codes.TypeMismatch, `BSON field 'collation.${name}' is the wrong type '${typeof v}', expected type 'bool'`);
  return v;
}

function stringField(raw: Doc, name: string, allowed: string[]): string | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new CommandError(Codes.TypeMismatch, `BSON field 'collation.${name}' is the wrong type '${typeof v}', expected type 'string'`);
  if (!allowed.includes(v)) throw parseError(`Field '${name}' must be ${allowed.map((a) => `'${a}'`).join(' or ')}. Got: ${v}`);
  return v;
}

/** MongoDB / ICU locale id (`en_US`, `de@collation=phonebook`) → BCP 47 tag for Intl. */
function bcp47(locale: string): string | null {
  const [base, keywords] = locale.split('@');
  let tag = base.replace(/_/g, '-');
  if (tag === 'en-US-POSIX') tag = 'en-US-u-va-posix';
  if (keywords) {
    const m = /^collation=(\w+)$/.exec(keywords);
    const co = m ? COLLATION_KEYWORDS[m[1]] : undefined;
    if (!co) return null;
    tag += `-u-co-${co}`;
  }
  try {
    return Intl.Collator.supportedLocalesOf([tag]).length === 1 ? tag : null;
  } catch {
    return null;
  }
}

/** BSON comparison with a string comparator (the simple collation's is binary). */
function collatedCompare(a: unknown, b: unknown, strCmp: (x: string, y: string) => number): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return KIND_RANK[ka] - KIND_RANK[kb];
  switch (ka) {
    case 'string':
      return strCmp(typeof a === 'string' ? a : String((a as { value: unknown }).value), typeof b === 'string' ? b : String((b as { value: unknown }).value));
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = collatedCompare(x[i], y[i], strCmp);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 'object': return compareObjectsWith(a as Doc, b as Doc, (x, y) => collatedCompare(x, y, strCmp));
    default: return bsonCompare(a, b);
  }
}

const cache = new Map<string, Collation>();

/**
 * The collation a command or index asked for: null for the simple collation (absent, `{}` is
 * refused as MongoDB does, `{locale: "simple"}`), else a Collation. Throws MongoDB's errors.
 */
export function parseCollation(raw: unknown): Collation | null {
  if (raw === undefined || raw === null) return null;
  if (!isPlainObject(raw)) throw new CommandError(Codes.TypeMismatch, "BSON field 'collation' is the wrong type, expected type 'object'");
  for (const k of Object.keys(raw)) if (!FIELDS.includes(k)) throw parseError(`Collation spec contains unknown field. Collation spec: ${JSON.stringify(raw)}`);
  const locale = raw.locale;
  if (locale === undefined) throw new CommandError(40414, "BSON field 'collation.locale' is missing but a required field");
  if (typeof locale !== 'string') throw new CommandError(Codes.TypeMismatch, "BSON field 'collation.locale' is the wrong type, expected type 'string'");
  if (locale === 'simple') {
    if (Object.keys(raw).length > 1) throw new CommandError(Codes.BadValue, `If locale is 'simple', no other collation fields may be given: ${JSON.stringify(raw)}`);
    return null;
  }
  const key = JSON.stringify(raw);
  const known = cache.get(key);
  if (known) return known;
  const tag = bcp47(locale);
  if (!tag) throw new CommandError(Codes.BadValue, `Field 'locale' is invalid in: ${JSON.stringify(raw)}`);

  let strength = 3;
  if (raw.strength !== undefined) {
    if (!numKind(raw.strength) || !Number.isInteger(toNumber(raw.strength))) throw new CommandError(Codes.TypeMismatch, "BSON field 'collation.strength' is the wrong type, expected type 'int'");
    strength = toNumber(raw.strength);
    if (strength < 1 || strength > 5) throw parseError(`Field 'strength' must be an integer 1 through 5. Got: ${strength}`);
  }
  const caseLevel = boolField(raw, 'caseLevel') ?? false;
  const caseFirstRaw = stringField(raw, 'caseFirst', ['upper', 'lower', 'off']);
  const numericOrdering = boolField(raw, 'numericOrdering') ?? false;
  const alternate = stringField(raw, 'alternate', ['non-ignorable', 'shifted']) ?? 'non-ignorable';
  const maxVariable = stringField(raw, 'maxVariable', ['punct', 'space']) ?? 'punct';
  const normalization = boolField(raw, 'normalization') ?? false;
  const backwards = boolField(raw, 'backwards') ?? false;
  if (raw.version !== undefined && raw.version !== ICU_VERSION) throw new CommandError(Codes.BadValue, `Field 'version' must be '${ICU_VERSION}' in: ${JSON.stringify(raw)}`);

  if (strength > 3) throw notSupported(`strength ${strength}`, raw);
  if (backwards) throw notSupported('backwards: true', raw);
  if (alternate === 'shifted' && maxVariable === 'space') throw notSupported("maxVariable: 'space' with alternate: 'shifted'", raw);
  if (caseLevel && strength === 2) throw notSupported('caseLevel: true with strength 2', raw);

  const sensitivity = strength === 1 ? (caseLevel ? 'case' : 'base') : strength === 2 ? 'accent' : 'variant';
  const options: Intl.CollatorOptions = { usage: 'sort', sensitivity, numeric: numericOrdering, ignorePunctuation: alternate === 'shifted' };
  if (caseFirstRaw !== undefined) options.caseFirst = caseFirstRaw === 'off' ? 'false' : (caseFirstRaw as 'upper' | 'lower');
  const collator = new Intl.Collator(tag, options);
  const resolved = collator.resolvedOptions();
  const spec: Doc = {
    locale,
    caseLevel,
    caseFirst: caseFirstRaw ?? (resolved.caseFirst === 'false' || !resolved.caseFirst ? 'off' : resolved.caseFirst),
    strength,
    numericOrdering,
    alternate,
    maxVariable,
    normalization,
    backwards,
    version: ICU_VERSION,
  };
  const compareStrings = collator.compare;
  const collation: Collation = {
    spec,
    id: JSON.stringify(spec),
    compareStrings,
    compare: (a, b) => collatedCompare(a, b, compareStrings),
    equals: (a, b) => a === b || collatedCompare(a, b, compareStrings) === 0,
  };
  if (cache.size > 1000) cache.clear();
  cache.set(key, collation);
  return collation;
}

export function sameCollation(a: Collation | null, b: Collation | null): boolean {
  return a === b || (a !== null && b !== null && a.id === b.id);
}

/** True when collation can change how `v` compares (it holds a string somewhere). */
export function hasStrings(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (Array.isArray(v)) return v.some(hasStrings);
  if (isPlainObject(v)) return Object.keys(v).some((k) => hasStrings(v[k]));
  return kindOf(v) === 'string';
}
