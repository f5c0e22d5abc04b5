/**
 * Compiles the filters applications use most ($eq/$ne/$gt/$gte/$lt/$lte/$in/$nin/$all/$exists/$size,
 * regular expressions, $and/$or/$nor) into plain closures over BSON values. Scans then cost a
 * fraction of mingo's general evaluator; anything else (or any value shape not handled here)
 * returns null and the caller uses mingo.
 *
 * Semantics follow MongoDB: a path that crosses arrays yields every reachable value (and a
 * terminal array also counts as a whole), comparisons only match values of the same type class,
 * `null` matches missing fields, negations ($ne, $nin) hold when no value matches. Under a
 * non-simple collation strings compare with the collator ($eq/$ne/$in/$nin and ranges);
 * regular expressions stay binary, as in MongoDB.
 */
import { bsonCompare, bsonEquals } from '../values/compare';
import type { Collation } from '../values/collation';
import { fieldOf, isInheritedName } from '../values/fields';
import { collect, EMPTY_ARRAY } from '../values/paths';
import { numKind, toNumber } from '../values/numeric';
import { bsonTag, Doc, isPlainObject, kindOf } from '../values/types';
import { hashedMembership, isHashableOperand, ValueTest } from './in-set';

export type Predicate = (doc: Doc) => boolean;

/** Values at `path`, with terminal arrays both expanded and whole (as MongoDB matches them). */
function valuesAt(path: string): (doc: Doc) => unknown[] {
  if (!path.includes('.')) {
    const own = isInheritedName(path);
    return (doc) => {
      const v = own ? fieldOf(doc, path) : doc[path];
      return Array.isArray(v) ? [...v, v] : [v];
    };
  }
  return (doc) => {
    const whole = collect(doc, path, false);
    const out: unknown[] = [];
    for (const v of whole) {
      if (Array.isArray(v)) out.push(...v, v);
      else out.push(v);
    }
    return out;
  };
}

function isScalarOperand(v: unknown): boolean {
  if (v === null || v === undefined || Array.isArray(v) || v instanceof RegExp) return false;
  if (isPlainObject(v)) return false;
  const tag = bsonTag(v);
  return tag !== 'BSONRegExp' && tag !== 'MinKey' && tag !== 'MaxKey';
}

type Equals = (a: unknown, b: unknown) => boolean;

function equalsAny(values: unknown[], target: unknown, equals: Equals): boolean {
  if (target === null) return values.some((v) => v === null || v === undefined);
  for (const v of values) if (v !== undefined && v !== EMPTY_ARRAY && equals(v, target)) return true;
  return false;
}

function comparison(op: string, operand: unknown, collation: Collation | null): ValueTest | null {
  if (!isScalarOperand(operand)) return null;
  const kind = kindOf(operand);
  const test = op === '$gt' ? (c: number) => c > 0 : op === '$gte' ? (c: number) => c >= 0 : op === '$lt' ? (c: number) => c < 0 : (c: number) => c <= 0;
  const compare = collation ? collation.compare : bsonCompare;
  return (values) => {
    for (const v of values) {
      if (v === undefined || Array.isArray(v) || kindOf(v) !== kind) continue;
      if (test(compare(v, operand))) return true;
    }
    return false;
  };
}

function regexTest(re: RegExp): ValueTest {
  return (values) => values.some((v) => typeof v === 'string' && (re.lastIndex = 0, re.test(v)));
}

function toRegExp(pattern: unknown, options: unknown): RegExp | null {
  if (pattern instanceof RegExp) return options === undefined ? pattern : new RegExp(pattern.source, String(options));
  if (typeof pattern !== 'string') return null;
  const flags = typeof options === 'string' ? options : '';
  if (!/^[imsu]*$/.test(flags)) return null; // x and l flags: leave to mingo
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

function operatorTest(op: string, operand: unknown, all: Doc, collation: Collation | null): ValueTest | null {
  const equals = collation ? collation.equals : bsonEquals;
  switch (op) {
    case '$eq':
      if (Array.isArray(operand) || (isPlainObject(operand) && Object.keys(operand).some((k) => k.startsWith('$')))) return null;
      return operand instanceof RegExp ? null : (values) => equalsAny(values, operand, equals);
    case '$ne': {
      const eq = operatorTest('$eq', operand, all, collation);
      return eq && ((values) => !eq(values));
    }
    case '$gt': case '$gte': case '$lt': case '$lte':
      return comparison(op, operand, collation);
    case '$in': case '$nin': {
      if (!Array.isArray(operand)) return null;
      const tests: ValueTest[] = [];
      const hashable: unknown[] = [];
      for (const item of operand) {
        if (item instanceof RegExp) tests.push(regexTest(item));
        else if (Array.isArray(item) || (isPlainObject(item) && Object.keys(item).some((k) => k.startsWith('$')))) return null;
        else if (isHashableOperand(item)) hashable.push(item);
        else tests.push((values) => equalsAny(values, item, equals));
      }
      if (hashable.length) tests.unshift(hashedMembership(hashable, collation));
      const any: ValueTest = tests.length === 1 ? tests[0] : (values) => tests.some((t) => t(values));
      return op === '$in' ? any : (values) => !any(values);
    }
    case '$all': {
      // {f: {$all: [a, b]}} is {$and: [{f: a}, {f: b}]}; an empty list matches nothing.
      if (!Array.isArray(operand)) return null;
      const tests: ValueTest[] = [];
      for (const item of operand) {
        const t = item instanceof RegExp ? regexTest(item) : operatorTest('$eq', item, {}, collation);
        if (!t) return null;
        tests.push(t);
      }
      return (values) => tests.length > 0 && tests.every((t) => t(values));
    }
    case '$exists': {
      const want = typeof operand === 'boolean' ? operand : numKind(operand) ? toNumber(operand) !== 0 : null;
      if (want === null) return null;
      return (values) => values.some((v) => v !== undefined) === want;
    }
    case '$size': {
      if (!numKind(operand) || !Number.isInteger(toNumber(operand))) return null;
      const n = toNumber(operand);
      return (values) => values.some((v) => Array.isArray(v) && v.length === n);
    }
    case '$regex': {
      const re = toRegExp(operand, all.$options);
      return re && regexTest(re);
    }
    case '$options':
      return '$regex' in all ? () => true : null;
    default:
      return null;
  }
}

function fieldPredicate(path: string, cond: unknown, collation: Collation | null): Predicate | null {
  if (path.startsWith('$') || path.split('.').some((p) => p === '' || /^\d+$/.test(p))) return null;
  let tests: ValueTest[];
  if (cond instanceof RegExp) tests = [regexTest(cond)];
  else if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
    tests = [];
    for (const op of Object.keys(cond)) {
      const t = operatorTest(op, cond[op], cond, collation);
      if (!t) return null;
      tests.push(t);
    }
  } else {
    const t = operatorTest('$eq', cond, {}, collation);
    if (!t) return null;
    tests = [t];
  }
  const read = valuesAt(path);
  return (doc) => {
    const values = read(doc);
    for (const t of tests) if (!t(values)) return false;
    return true;
  };
}

/** A predicate for `filter`, or null when it uses something only mingo evaluates. */
export function compileSimpleFilter(filter: Doc, collation: Collation | null = null): Predicate | null {
  const preds: Predicate[] = [];
  for (const key of Object.keys(filter)) {
    const cond = filter[key];
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(cond) || cond.length === 0) return null;
      const subs: Predicate[] = [];
      for (const sub of cond) {
        const p = isPlainObject(sub) ? compileSimpleFilter(sub, collation) : null;
        if (!p) return null;
        subs.push(p);
      }
      if (key === '$and') preds.push((doc) => subs.every((p) => p(doc)));
      else if (key === '$or') preds.push((doc) => subs.some((p) => p(doc)));
      else preds.push((doc) => !subs.some((p) => p(doc)));
      continue;
    }
    const p = fieldPredicate(key, cond, collation);
    if (!p) return null;
    preds.push(p);
  }
  if (preds.length === 1) return preds[0];
  return (doc) => {
    for (const p of preds) if (!p(doc)) return false;
    return true;
  };
}
