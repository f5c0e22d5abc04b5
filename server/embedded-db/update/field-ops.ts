/**
 * Field update operators ($set, $unset, $inc, $mul, $min, $max, $currentDate, $bit) on one
 * concrete path of a private copy of the document. Each returns whether it changed anything.
 * Numeric results follow MongoDB's type rules (values/numeric.ts), errors its codes.
 */
import { Long, Timestamp } from 'bson';
import { CommandError, Codes } from '../errors';
import { formatValue } from '../storage/dup-key';
import { bsonCompare, strictEquals } from '../values/compare';
import { fieldOf, hasField, setField } from '../values/fields';
import { addNumbers, isNumeric, multiplyNumbers, numKind, NumValue } from '../values/numeric';
import { cloneValue, Doc, isPlainObject, kindOf } from '../values/types';
import { parentOf, setIndex } from './targets';

export interface OpEnv { now: Date; idText: string }

export type FieldOp = (doc: Doc, parts: string[], arg: unknown, env: OpEnv) => boolean;

export function readAt(doc: Doc, parts: string[]): unknown {
  const parent = parentOf(doc, parts, false);
  if (!parent) return undefined;
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) return /^\d+$/.test(last) ? parent[Number(last)] : undefined;
  return fieldOf(parent, last);
}

export function writeAt(doc: Doc, parts: string[], value: unknown): boolean {
  const parent = parentOf(doc, parts, true)!;
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    if (!/^\d+$/.test(last)) {
      throw new CommandError(Codes.PathNotViable, `Cannot create field '${last}' in element {${parts[parts.length - 2]}: ${formatValue(parent)}}`);
    }
    const idx = Number(last);
    if (idx < parent.length && strictEquals(parent[idx], value)) return false;
    setIndex(parent, idx, value);
    return true;
  }
  if (hasField(parent, last) && strictEquals(parent[last], value)) return false;
  setField(parent, last, value);
  return true;
}

export function typeName(v: unknown): string {
  const nk = numKind(v);
  if (nk) return nk;
  const k = kindOf(v);
  return v === undefined ? 'missing' : k === 'null' ? 'null' : k;
}

const $set: FieldOp = (doc, parts, arg) => writeAt(doc, parts, cloneValue(arg));

const $unset: FieldOp = (doc, parts) => {
  const parent = parentOf(doc, parts, false);
  if (!parent) return false;
  const last = parts[parts.length - 1];
  if (Array.isArray(parent)) {
    // Unsetting an array element leaves a null hole, as in MongoDB.
    if (!/^\d+$/.test(last) || Number(last) >= parent.length || parent[Number(last)] === null) return false;
    parent[Number(last)] = null;
    return true;
  }
  if (!hasField(parent, last)) return false;
  delete parent[last];
  return true;
};

function arithmetic(name: '$inc' | '$mul', fn: (a: NumValue, b: NumValue) => NumValue): FieldOp {
  const verb = name === '$inc' ? 'increment' : 'multiply';
  return (doc, parts, arg, env) => {
    if (!isNumeric(arg)) {
      throw new CommandError(Codes.TypeMismatch, `Cannot ${verb} with non-numeric argument: {${parts.join('.')}: ${formatValue(arg)}}`);
    }
    const cur = readAt(doc, parts);
    if (cur === undefined) return writeAt(doc, parts, name === '$inc' ? arg : multiplyNumbers(arg, 0));
    if (!isNumeric(cur)) {
      throw new CommandError(
        Codes.TypeMismatch,
        `Cannot apply ${name} to a value of non-numeric type. {_id: ${env.idText}} has the field '${parts[parts.length - 1]}' of non-numeric type ${typeName(cur)}`,
      );
    }
    return writeAt(doc, parts, fn(cur, arg));
  };
}

function extreme(keepIf: (c: number) => boolean): FieldOp {
  return (doc, parts, arg) => {
    const cur = readAt(doc, parts);
    if (cur === undefined || keepIf(bsonCompare(arg, cur))) return writeAt(doc, parts, cloneValue(arg));
    return false;
  };
}

const $currentDate: FieldOp = (doc, parts, arg, env) => {
  let type = 'date';
  if (isPlainObject(arg)) {
    type = String(arg.$type);
    if (type !== 'date' && type !== 'timestamp') {
      throw new CommandError(Codes.BadValue, "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}");
    }
  } else if (typeof arg !== 'boolean') {
    throw new CommandError(Codes.BadValue, `${typeName(arg)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`);
  }
  const value = type === 'date' ? new Date(env.now.getTime()) : new Timestamp({ t: Math.floor(env.now.getTime() / 1000), i: 1 });
  return writeAt(doc, parts, value);
};

const $bit: FieldOp = (doc, parts, arg) => {
  if (!isPlainObject(arg) || Object.keys(arg).length === 0) {
    throw new CommandError(Codes.BadValue, `The $bit modifier is not compatible with a ${typeName(arg)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`);
  }
  const cur = readAt(doc, parts) ?? 0;
  const kind = numKind(cur);
  if (kind !== 'int' && kind !== 'long') {
    throw new CommandError(Codes.BadValue, `Cannot apply $bit to a value of non-integral type.`);
  }
  let acc = kind === 'long' ? (cur as Long).toBigInt() : BigInt(cur as number);
  let wide = kind === 'long';
  for (const [op, operand] of Object.entries(arg)) {
    const ok = numKind(operand);
    if (ok !== 'int' && ok !== 'long') throw new CommandError(Codes.BadValue, `The $bit modifier field must be an Integer(32/64 bit); a '${typeName(operand)}' is not supported here`);
    const b = ok === 'long' ? (operand as Long).toBigInt() : BigInt(operand as number);
    wide ||= ok === 'long';
    if (op === 'and') acc &= b;
    else if (op === 'or') acc |= b;
    else if (op === 'xor') acc ^= b;
    else throw new CommandError(Codes.BadValue, `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator`);
  }
  return writeAt(doc, parts, wide ? Long.fromBigInt(BigInt.asIntN(64, acc)) : Number(BigInt.asIntN(32, acc)));
};

export const FIELD_OPS: Record<string, FieldOp> = {
  $set,
  $setOnInsert: $set,
  $unset,
  $inc: arithmetic('$inc', addNumbers),
  $mul: arithmetic('$mul', multiplyNumbers),
  $min: extreme((c) => c < 0),
  $max: extreme((c) => c > 0),
  $currentDate,
  $bit,
};
