// The unified test format's matching algorithm ("Evaluating Matches"): root-level documents may
// carry extra fields, nested ones may not; arrays must have the same length; numbers compare by
// value; and the $$-operators ($$exists, $$type, $$unsetOrMatches, $$matchesEntity,
// $$matchesHexBytes, $$sessionLsid, $$lte, $$matchAsDocument, $$matchAsRoot).
import { EJSON } from 'bson';
import { deepEqualExact, isDocument, isNumeric, leafEquals, toNumber, typeNames } from './values';

export class MatchError extends Error {}

/** What operators need from the test: saved entities and the lsid of each session entity. */
export interface MatchContext {
  entity(name: string): unknown;
  sessionLsid(name: string): unknown;
}

function operatorOf(v: unknown): string | null {
  if (!isDocument(v)) return null;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0].startsWith('$$') ? keys[0] : null;
}

function show(v: unknown): string {
  try {
    const s = EJSON.stringify(v as any, { relaxed: true });
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return String(v);
  }
}

function fail(path: string, msg: string): never {
  throw new MatchError(`${path || '(root)'}: ${msg}`);
}

export function match(expected: unknown, actual: unknown, ctx: MatchContext, isRoot = true, path = ''): void {
  // The driver builds some command fields (e.g. find's `sort`) as Maps to keep key order.
  if (actual instanceof Map) actual = Object.fromEntries(actual);
  const op = operatorOf(expected);
  if (op) return matchOperator(op, (expected as any)[op], actual, ctx, isRoot, path);

  if (isDocument(expected)) {
    if (!isDocument(actual)) fail(path, `expected a document ${show(expected)}, got ${show(actual)}`);
    for (const [key, value] of Object.entries(expected)) {
      const sub = path ? `${path}.${key}` : key;
      const present = Object.prototype.hasOwnProperty.call(actual, key) && actual[key] !== undefined;
      const keyOp = operatorOf(value);
      if (keyOp === '$$exists') {
        const want = Boolean((value as any).$$exists);
        if (want !== present) fail(sub, want ? 'expected the field to exist' : `expected no field, got ${show(actual[key])}`);
        continue;
      }
      if (keyOp === '$$unsetOrMatches' && !present) continue;
      if (!present) fail(sub, `missing field (expected ${show(value)})`);
      match(value, actual[key], ctx, false, sub);
    }
    if (!isRoot) {
      const extra = Object.keys(actual).filter((k) => actual[k] !== undefined && !(k in expected));
      if (extra.length) fail(path, `unexpected extra field(s) ${extra.join(', ')} in nested document ${show(actual)}`);
    }
    return;
  }

  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) fail(path, `expected an array ${show(expected)}, got ${show(actual)}`);
    if (actual.length !== expected.length) {
      fail(path, `expected ${expected.length} element(s), got ${actual.length}: ${show(actual)}`);
    }
    // Elements of an array are not root documents, except for iterated results (see matchResult).
    expected.forEach((e, i) => match(e, actual[i], ctx, false, `${path}[${i}]`));
    return;
  }

  if (!leafEquals(expected, actual)) fail(path, `expected ${show(expected)}, got ${show(actual)}`);
}

function matchOperator(op: string, arg: any, actual: unknown, ctx: MatchContext, isRoot: boolean, path: string): void {
  switch (op) {
    case '$$exists':
      // At the top of a value (not under a key) "exists" can only mean "is defined".
      if (Boolean(arg) !== (actual !== undefined)) fail(path, `$$exists ${arg} but value is ${show(actual)}`);
      return;
    case '$$unsetOrMatches':
      if (actual === undefined) return;
      return match(arg, actual, ctx, isRoot, path);
    case '$$type': {
      const wanted: string[] = Array.isArray(arg) ? arg : [arg];
      if (actual === undefined) fail(path, `expected a value of type ${wanted.join('|')}, got nothing`);
      const have = typeNames(actual);
      if (!wanted.some((t) => have.includes(t))) fail(path, `expected type ${wanted.join('|')}, got ${have[0]} ${show(actual)}`);
      return;
    }
    case '$$matchesEntity':
      return match(ctx.entity(arg), actual, ctx, isRoot, path);
    case '$$matchesHexBytes': {
      if (typeof arg !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(arg)) throw new Error(`malformed $$matchesHexBytes ${arg}`);
      const bytes = Buffer.isBuffer(actual) ? actual : typeof actual === 'string' ? Buffer.from(actual, 'latin1') : null;
      if (!bytes) fail(path, `expected bytes, got ${show(actual)}`);
      if (bytes.toString('hex') !== arg.toLowerCase()) fail(path, `expected bytes ${arg.toLowerCase()}, got ${bytes.toString('hex')}`);
      return;
    }
    case '$$sessionLsid': {
      const lsid = ctx.sessionLsid(arg);
      if (!deepEqualExact(lsid, actual)) fail(path, `expected lsid of ${arg} ${show(lsid)}, got ${show(actual)}`);
      return;
    }
    case '$$lte':
      if (!isNumeric(actual) || !(toNumber(actual) <= toNumber(arg))) fail(path, `expected a number <= ${show(arg)}, got ${show(actual)}`);
      return;
    case '$$matchAsDocument': {
      if (typeof actual !== 'string') fail(path, `expected an extended JSON string, got ${show(actual)}`);
      return match(arg, EJSON.parse(actual, { relaxed: false }), ctx, false, path);
    }
    case '$$matchAsRoot':
      return match(arg, actual, ctx, true, path);
    default:
      throw new Error(`unsupported special operator ${op} at ${path || '(root)'}`);
  }
}

/** Outcome data: exact match (no extra fields anywhere), key order ignored, numbers by value. */
export function matchExact(expected: unknown, actual: unknown, path: string): void {
  if (!deepEqualExact(expected, actual)) fail(path, `expected exactly ${show(expected)}, got ${show(actual)}`);
}
