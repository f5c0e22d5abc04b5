/**
 * Array update operators: $push (with $each/$position/$slice/$sort), $addToSet, $pop, $pull,
 * $pullAll. A missing field becomes a new array for $push/$addToSet; anything that is not an
 * array is an error, worded as MongoDB words it.
 */
import { CommandError, Codes } from '../errors';
import { compileFilter } from '../query/matcher';
import { parseSort, sortDocs } from '../query/sort';
import { bsonCompare, bsonEquals } from '../values/compare';
import { toNumber, numKind } from '../values/numeric';
import { cloneValue, Doc, isPlainObject } from '../values/types';
import { FieldOp, OpEnv, readAt, typeName, writeAt } from './field-ops';

function arrayAt(doc: Doc, parts: string[], env: OpEnv, op: string): unknown[] | undefined {
  const cur = readAt(doc, parts);
  if (cur === undefined) return undefined;
  if (!Array.isArray(cur)) {
    // MongoDB names the field itself (the last part of the path), not the whole path.
    const name = parts[parts.length - 1];
    if (op === '$pop' || op === '$pull' || op === '$pullAll') {
      throw new CommandError(Codes.BadValue, `Cannot apply ${op} to a non-array value`);
    }
    if (op === '$addToSet') throw new CommandError(Codes.BadValue, `Cannot apply $addToSet to non-array field. Field named '${name}' has non-array type ${typeName(cur)}`);
    throw new CommandError(Codes.BadValue, `The field '${name}' must be an array but is of type ${typeName(cur)} in document {_id: ${env.idText}}`);
  }
  return cur;
}

function intArg(v: unknown, what: string): number {
  const k = numKind(v);
  const n = toNumber(v);
  if (!k || !Number.isInteger(n)) throw new CommandError(Codes.BadValue, `The value for ${what} must be an integer value but was given type: ${typeName(v)}`);
  return n;
}

const $push: FieldOp = (doc, parts, arg, env) => {
  const existing = arrayAt(doc, parts, env, '$push');
  const isEach = isPlainObject(arg) && '$each' in arg;
  const spec = isEach ? (arg as Doc) : { $each: [arg] };
  for (const k of Object.keys(spec)) {
    if (!['$each', '$position', '$slice', '$sort'].includes(k)) {
      throw new CommandError(Codes.BadValue, `Unrecognized clause in $push: ${k}`);
    }
  }
  if (!Array.isArray(spec.$each)) throw new CommandError(Codes.BadValue, `The argument to $each in $push must be an array but it was of type: ${typeName(spec.$each)}`);
  const arr = existing ? existing.slice() : [];
  const items = spec.$each.map(cloneValue);
  if (spec.$position !== undefined) {
    let pos = intArg(spec.$position, '$position');
    if (pos < 0) pos = Math.max(0, arr.length + pos);
    arr.splice(Math.min(pos, arr.length), 0, ...items);
  } else arr.push(...items);
  if (spec.$sort !== undefined) {
    const s = spec.$sort;
    if (isPlainObject(s)) {
      const fields = parseSort(s);
      sortDocs(arr, fields, (e) => (isPlainObject(e) ? e : {}));
    } else {
      const dir = toNumber(s);
      if (dir !== 1 && dir !== -1) throw new CommandError(Codes.BadValue, 'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
      arr.sort((a, b) => bsonCompare(a, b) * dir);
    }
  }
  if (spec.$slice !== undefined) {
    const n = intArg(spec.$slice, '$slice');
    const sliced = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
    arr.length = 0;
    arr.push(...sliced);
  }
  return writeAt(doc, parts, arr);
};

const $addToSet: FieldOp = (doc, parts, arg, env) => {
  const existing = arrayAt(doc, parts, env, '$addToSet');
  let items: unknown[];
  if (isPlainObject(arg) && '$each' in arg) {
    if (!Array.isArray(arg.$each)) throw new CommandError(Codes.TypeMismatch, `The argument to $each in $addToSet must be an array but it was of type ${typeName(arg.$each)}`);
    items = arg.$each;
  } else items = [arg];
  const arr = existing ? existing.slice() : [];
  let added = false;
  for (const item of items) {
    if (!arr.some((e) => bsonEquals(e, item))) {
      arr.push(cloneValue(item));
      added = true;
    }
  }
  if (!existing) return writeAt(doc, parts, arr);
  return added ? writeAt(doc, parts, arr) : false;
};

const $pop: FieldOp = (doc, parts, arg, env) => {
  const dir = toNumber(arg);
  if (dir !== 1 && dir !== -1) throw new CommandError(Codes.FailedToParse, `Expected a number in: ${parts.join('.')}: ${String(arg)}`);
  const existing = arrayAt(doc, parts, env, '$pop');
  if (!existing || existing.length === 0) return false;
  return writeAt(doc, parts, dir === 1 ? existing.slice(0, -1) : existing.slice(1));
};

/** Operators that make `{$pull: {arr: {...}}}` a condition on each element's value, not a query on element documents. */
const TOP_LEVEL_OPS = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment', '$jsonSchema']);

function pullMatcher(cond: unknown): (e: unknown) => boolean {
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    // As MongoDB: the first field decides. `{$gte: 5}` tests each value; `{$or: [...]}` or
    // `{name: 'x'}` is a query each element document must match.
    if (keys.length && keys[0].startsWith('$') && !TOP_LEVEL_OPS.has(keys[0])) {
      const pred = compileFilter({ v: cond });
      return (e) => pred({ v: e });
    }
    const pred = compileFilter(cond);
    return (e) => isPlainObject(e) && pred(e);
  }
  if (cond instanceof RegExp) return (e) => typeof e === 'string' && cond.test(e);
  return (e) => bsonEquals(e, cond);
}

const $pull: FieldOp = (doc, parts, arg, env) => {
  const existing = arrayAt(doc, parts, env, '$pull');
  if (!existing) return false;
  const match = pullMatcher(arg);
  const kept = existing.filter((e) => !match(e));
  return kept.length !== existing.length ? writeAt(doc, parts, kept) : false;
};

const $pullAll: FieldOp = (doc, parts, arg, env) => {
  if (!Array.isArray(arg)) throw new CommandError(Codes.BadValue, `$pullAll requires an array argument but was given a ${typeName(arg)}`);
  const existing = arrayAt(doc, parts, env, '$pullAll');
  if (!existing) return false;
  const kept = existing.filter((e) => !arg.some((v) => bsonEquals(e, v)));
  return kept.length !== existing.length ? writeAt(doc, parts, kept) : false;
};

export const ARRAY_OPS: Record<string, FieldOp> = { $push, $addToSet, $pop, $pull, $pullAll };
