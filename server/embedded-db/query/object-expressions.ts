/**
 * The expression operators that turn data into field names and back: `$arrayToObject`,
 * `$objectToArray`, `$setField` and `$unsetField`. Inside mingo, field names that objects inherit
 * carry a substitute (mingo-names.ts), so these operators translate between a name as a string
 * value and the name as a key; they also build objects with own fields only, whatever the name.
 */
import { evalExpr } from 'mingo/core';
import { CommandError } from '../errors';
import { setField } from '../values/fields';
import { Doc, isPlainObject, kindOf } from '../values/types';
import { mangleName, unmangleName } from './mingo-names';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function keyOf(k: unknown): string {
  if (typeof k !== 'string') {
    throw new CommandError(40394, `$arrayToObject requires an object with keys 'k' and 'v', where the value of 'k' must be of type string. Found type: ${kindOf(k)}`);
  }
  if (k.includes('\0')) throw new CommandError(4940400, "Key field cannot contain an embedded null byte");
  return mangleName(k);
}

/** The operand of a one-argument operator, written bare or as a one-element argument list. */
const operand = (obj: Any, expr: Any, options: Any): unknown => evalExpr(obj, Array.isArray(expr) && expr.length === 1 ? expr[0] : expr, options);

export const $arrayToObject = (obj: Any, expr: Any, options: Any): Any => {
  const arr = operand(obj, expr, options);
  if (arr === null || arr === undefined) return null;
  if (!Array.isArray(arr)) throw new CommandError(40386, `$arrayToObject requires an array input, found: ${kindOf(arr)}`);
  const out: Doc = {};
  for (const item of arr) {
    if (Array.isArray(item)) {
      if (item.length !== 2) throw new CommandError(40397, '$arrayToObject requires an array of size 2 arrays');
      setField(out, keyOf(item[0]), item[1]);
    } else if (isPlainObject(item) && Object.keys(item).length === 2 && 'k' in item && 'v' in item) {
      setField(out, keyOf(item.k), item.v);
    } else {
      throw new CommandError(40398, 'Unrecognised input type format for $arrayToObject');
    }
  }
  return out;
};

export const $objectToArray = (obj: Any, expr: Any, options: Any): Any => {
  const v = operand(obj, expr, options);
  if (v === null || v === undefined) return null;
  if (!isPlainObject(v)) throw new CommandError(40390, `$objectToArray requires a document input, found: ${kindOf(v)}`);
  return Object.keys(v).map((k) => ({ k: unmangleName(k), v: v[k] }));
};

function fieldArg(expr: Doc, op: string): string {
  let field = expr.field;
  if (isPlainObject(field) && Object.keys(field).length === 1 && '$literal' in field) field = field.$literal;
  if (typeof field !== 'string') throw new CommandError(4161106, `${op} requires 'field' to evaluate to type String`);
  return mangleName(unmangleName(field));
}

function withField(obj: Any, expr: Any, options: Any, op: string, remove: boolean): Any {
  if (!isPlainObject(expr) || !('input' in expr) || !('field' in expr) || (!remove && !('value' in expr))) {
    throw new CommandError(4161102, `${op} requires 'field', 'input'${remove ? '' : " and 'value'"}`);
  }
  const field = fieldArg(expr, op);
  const input = evalExpr(obj, expr.input, options);
  if (input === null || input === undefined) return null;
  if (!isPlainObject(input)) throw new CommandError(4161105, `${op} requires 'input' to evaluate to type Object`);
  const out: Doc = { ...input };
  const value = remove || expr.value === '$$REMOVE' ? undefined : evalExpr(obj, expr.value, options);
  if (value === undefined) delete out[field];
  else setField(out, field, value);
  return out;
}

export const $setField = (obj: Any, expr: Any, options: Any): Any => withField(obj, expr, options, '$setField', false);
export const $unsetField = (obj: Any, expr: Any, options: Any): Any => withField(obj, expr, options, '$unsetField', true);

export const OBJECT_EXPRESSIONS = { $arrayToObject, $objectToArray, $setField, $unsetField };
