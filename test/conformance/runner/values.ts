// BSON-aware value helpers for the unified-format matcher: type names as used by $type/$$type,
// flexible numeric comparison and exact equality of leaf values.
// Values may come from the test file (EJSON parse) or from the driver, so BSON wrappers are
// recognised by their `_bsontype` tag rather than by instanceof.

export function bsonTag(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as any)._bsontype : undefined;
}

export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const t = bsonTag(v);
  return t === 'Int32' || t === 'Double' || t === 'Long';
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const t = bsonTag(v);
  if (t === 'Long') return (v as any).toNumber();
  if (t === 'Int32' || t === 'Double') return (v as any).valueOf();
  return NaN;
}

/** A plain document (not an array, not a BSON wrapper, not a Date/Buffer/RegExp). */
export function isDocument(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (bsonTag(v) !== undefined || v instanceof Date || v instanceof RegExp || Buffer.isBuffer(v) || v instanceof Uint8Array) return false;
  return true;
}

/** Every $type alias the value can satisfy. A JS number may have been an int, long or double on the wire. */
export function typeNames(v: unknown): string[] {
  if (v === undefined) return ['undefined'];
  if (v === null) return ['null'];
  if (typeof v === 'string') return ['string'];
  if (typeof v === 'boolean') return ['bool'];
  if (typeof v === 'bigint') return ['long', 'number'];
  if (typeof v === 'number') return Number.isInteger(v) ? ['int', 'long', 'double', 'number'] : ['double', 'number'];
  if (Array.isArray(v)) return ['array'];
  if (v instanceof Date) return ['date'];
  if (v instanceof RegExp) return ['regex'];
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return ['binData'];
  switch (bsonTag(v)) {
    case 'ObjectId': return ['objectId'];
    case 'Binary': return ['binData'];
    case 'Long': return ['long', 'number'];
    case 'Int32': return ['int', 'number'];
    case 'Double': return ['double', 'number'];
    case 'Decimal128': return ['decimal', 'number'];
    case 'Timestamp': return ['timestamp'];
    case 'BSONRegExp': return ['regex'];
    case 'MinKey': return ['minKey'];
    case 'MaxKey': return ['maxKey'];
    case 'Code': return (v as any).scope ? ['javascriptWithScope'] : ['javascript'];
    case 'BSONSymbol': return ['symbol'];
    case 'DBRef': return ['object'];
    default: return ['object'];
  }
}

function bytesOf(v: unknown): Buffer | null {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (bsonTag(v) === 'Binary') return Buffer.from((v as any).buffer ?? (v as any).value(true));
  return null;
}

/** Equality of two non-document, non-array values, with flexible numerics (Decimal128 excluded). */
export function leafEquals(expected: unknown, actual: unknown): boolean {
  if (isNumeric(expected) && isNumeric(actual)) return toNumber(expected) === toNumber(actual);
  if (expected === null || actual === null || expected === undefined || actual === undefined) return expected === actual;
  if (typeof expected !== 'object' || typeof actual !== 'object') return expected === actual;
  if (expected instanceof Date || actual instanceof Date) {
    return expected instanceof Date && actual instanceof Date && expected.getTime() === actual.getTime();
  }
  const eb = bytesOf(expected);
  const ab = bytesOf(actual);
  if (eb || ab) {
    if (!eb || !ab || !eb.equals(ab)) return false;
    const es = bsonTag(expected) === 'Binary' ? (expected as any).sub_type : 0;
    const as = bsonTag(actual) === 'Binary' ? (actual as any).sub_type : 0;
    return es === as;
  }
  const et = bsonTag(expected) ?? (expected instanceof RegExp ? 'RegExp' : undefined);
  const at = bsonTag(actual) ?? (actual instanceof RegExp ? 'RegExp' : undefined);
  if (et === 'ObjectId' || at === 'ObjectId') return et === at && String(expected) === String(actual);
  if (isRegex(expected) || isRegex(actual)) return isRegex(expected) && isRegex(actual) && regexKey(expected) === regexKey(actual);
  if (et !== at) return false;
  switch (et) {
    case 'Decimal128': return String(expected) === String(actual);
    case 'Timestamp': return (expected as any).t === (actual as any).t && (expected as any).i === (actual as any).i;
    case 'MinKey':
    case 'MaxKey': return true;
    case 'Code': return (expected as any).code === (actual as any).code && deepEqualExact((expected as any).scope ?? null, (actual as any).scope ?? null);
    case 'BSONSymbol': return String((expected as any).value) === String((actual as any).value);
    default: return false;
  }
}

function isRegex(v: unknown): boolean {
  return v instanceof RegExp || bsonTag(v) === 'BSONRegExp';
}

function regexKey(v: any): string {
  const flags = String(v instanceof RegExp ? v.flags : v.options).split('').sort().join('');
  return `${v.source ?? v.pattern}/${flags}`;
}

/** Exact deep equality ignoring key order (used for outcome data and embedded CodeWScope). */
export function deepEqualExact(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqualExact(x, b[i]));
  }
  if (isDocument(a) || isDocument(b)) {
    if (!isDocument(a) || !isDocument(b)) return false;
    const ak = Object.keys(a).filter((k) => a[k] !== undefined);
    const bk = Object.keys(b).filter((k) => b[k] !== undefined);
    return ak.length === bk.length && ak.every((k) => k in b && deepEqualExact(a[k], b[k]));
  }
  return leafEquals(a, b);
}
