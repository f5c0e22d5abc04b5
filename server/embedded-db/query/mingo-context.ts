/**
 * The mingo operator set used for aggregation and pipeline updates, with the operators that
 * must understand BSON numeric types replaced: arithmetic and $sum/$avg follow MongoDB's type
 * promotion (int32 overflow → int64, Decimal128 stays decimal), comparisons use BSON order, and
 * $match/$sort reuse this server's matcher and sorter. Stages that would write ($out, $merge)
 * are refused rather than silently doing nothing.
 */
import { Decimal128 } from 'bson';
import { Context } from 'mingo';
import { evalExpr } from 'mingo/core';
import { Lazy } from 'mingo/lazy';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as windowOps from 'mingo/operators/window';
import { CommandError, Codes } from '../errors';
import { bsonCompare } from '../values/compare';
import { setField } from '../values/fields';
import { addNumbers, isNumeric, multiplyNumbers, negate, NumValue, toNumber } from '../values/numeric';
import { makeDouble, Doc, isPlainObject } from '../values/types';
import { runRenamedPipeline } from './aggregate';
import { fastGroup, isFastGroup } from './group';
import { compileFilter } from './matcher';
import { OBJECT_EXPRESSIONS } from './object-expressions';
import { parseSort, sortDocs } from './sort';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function sumOf(values: unknown[]): NumValue {
  let acc: NumValue = 0;
  for (const v of values) if (isNumeric(v)) acc = addNumbers(acc, v);
  return acc;
}

/** The operand evaluated for every document of the group (mingo's own $push does exactly that). */
function operands(coll: Any[], expr: Any, options: Any): unknown[] {
  return (accumulatorOps as Any).$push(coll, expr, options);
}

const $sum = (coll: Any[], expr: Any, options: Any): Any => {
  if (isNumeric(expr)) return multiplyNumbers(expr, coll.length);
  return sumOf(operands(coll, expr, options));
};

const $avg = (coll: Any[], expr: Any, options: Any): Any => {
  const values = operands(coll, expr, options).filter(isNumeric);
  if (values.length === 0) return null;
  const total = sumOf(values);
  if ((total as { _bsontype?: string })._bsontype === 'Decimal128') {
    return Decimal128.fromStringWithRounding(String(toNumber(total) / values.length));
  }
  return makeDouble(toNumber(total) / values.length);
};

function extremeAcc(pick: (c: number) => boolean) {
  return (coll: Any[], expr: Any, options: Any): Any => {
    let best: unknown;
    for (const v of operands(coll, expr, options)) {
      if (v === null || v === undefined) continue;
      if (best === undefined || pick(bsonCompare(v, best))) best = v;
    }
    return best ?? null;
  };
}

function args(obj: Any, expr: Any, options: Any): unknown[] {
  const v = evalExpr(obj, expr, options);
  if (!Array.isArray(v)) throw new CommandError(Codes.TypeMismatch, 'expression arguments must be an array');
  return v;
}

const $add = (obj: Any, expr: Any, options: Any): Any => {
  let total: NumValue = 0;
  let date: Date | null = null;
  for (const v of args(obj, expr, options)) {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) {
      if (date) throw new CommandError(16612, 'only one date allowed in an $add expression');
      date = v;
    } else if (isNumeric(v)) total = addNumbers(total, v);
    else throw new CommandError(Codes.TypeMismatch, `$add only supports numeric or date types`);
  }
  return date ? new Date(date.getTime() + toNumber(total)) : total;
};

const $subtract = (obj: Any, expr: Any, options: Any): Any => {
  const [a, b] = args(obj, expr, options);
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (a instanceof Date && isNumeric(b)) return new Date(a.getTime() - toNumber(b));
  if (isNumeric(a) && isNumeric(b)) return addNumbers(a, negate(b));
  throw new CommandError(Codes.TypeMismatch, '$subtract only supports numeric or date types');
};

const $multiply = (obj: Any, expr: Any, options: Any): Any => {
  let total: NumValue = 1;
  for (const v of args(obj, expr, options)) {
    if (v === null || v === undefined) return null;
    if (!isNumeric(v)) throw new CommandError(Codes.TypeMismatch, '$multiply only supports numeric types');
    total = multiplyNumbers(total, v);
  }
  return total;
};

function comparison(test: (c: number) => boolean) {
  return (obj: Any, expr: Any, options: Any): Any => {
    const [a, b] = args(obj, expr, options);
    return test(bsonCompare(a, b));
  };
}

const $match = (coll: Any, expr: Any): Any => {
  const pred = compileFilter(expr as Doc);
  return coll.filter((o: Doc) => pred(o));
};

const $sort = (coll: Any, expr: Any): Any => {
  const fields = parseSort(expr);
  return coll.transform((docs: Doc[]) => Lazy(sortDocs(docs, fields, (d) => d)));
};

/** $group through the direct implementation when the spec allows, else mingo's. */
const $group = (coll: Any, expr: Any, options: Any): Any => {
  if (!isFastGroup(expr)) return (pipelineOps as Any).$group(coll, expr, options);
  return coll.transform((docs: Doc[]) => Lazy(fastGroup(docs, expr as Doc, (id, e) => evalExpr(id, e, options))!));
};

/**
 * $facet without mingo's deep copy of every input document per facet: each sub-pipeline runs
 * through runRenamedPipeline, which copies only for a sub-pipeline that modifies documents.
 */
const $facet = (coll: Any, expr: Any, options: Any): Any => {
  if (!isPlainObject(expr)) throw new CommandError(Codes.TypeMismatch, '$facet requires an object');
  const resolve = (name: string): Doc[] => (options.collectionResolver ? options.collectionResolver(name) : []);
  return coll.transform((docs: Doc[]) => {
    const out: Doc = {};
    for (const key of Object.keys(expr)) {
      const sub = expr[key];
      if (!Array.isArray(sub)) throw new CommandError(Codes.TypeMismatch, `$facet sub-pipeline '${key}' must be an array`);
      setField(out, key, runRenamedPipeline(docs, sub as Doc[], resolve, options.variables));
    }
    return Lazy([out]);
  });
};

function refused(name: string) {
  return (): Any => {
    throw new CommandError(Codes.CommandNotSupported, `${name} is not supported by the embedded database`);
  };
}

export const AGG_CONTEXT = Context.init({
  accumulator: { ...accumulatorOps, $sum, $avg, $min: extremeAcc((c) => c < 0), $max: extremeAcc((c) => c > 0) },
  expression: {
    ...expressionOps, ...OBJECT_EXPRESSIONS, $add, $subtract, $multiply,
    $eq: comparison((c) => c === 0), $ne: comparison((c) => c !== 0), $gt: comparison((c) => c > 0),
    $gte: comparison((c) => c >= 0), $lt: comparison((c) => c < 0), $lte: comparison((c) => c <= 0),
    $cmp: (obj: Any, expr: Any, options: Any): Any => Math.sign(bsonCompare(...(args(obj, expr, options) as [unknown, unknown]))),
  },
  pipeline: { ...pipelineOps, $match, $sort, $group, $facet, $out: refused('$out'), $merge: refused('$merge') },
  projection: projectionOps,
  query: queryOps,
  window: windowOps,
} as Any);
