/**
 * A direct implementation of `$group` for the common shapes (group key made of field paths or
 * constants; $sum, $avg, $min, $max, $first, $last, $push, $addToSet, $count over field paths),
 * which are what reports use. Groups are keyed by canonical BSON value keys, so 1, 1.0 and
 * Long(1) form one group as in MongoDB. Anything else returns null and mingo's $group runs.
 */
import { bsonCompare } from '../values/compare';
import { valueKey } from '../values/keys';
import { addNumbers, isNumeric, NumValue, toNumber } from '../values/numeric';
import { Decimal128 } from 'bson';
import { Doc, isPlainObject, makeDouble } from '../values/types';

type Getter = (doc: Doc) => unknown;

const ACCUMULATORS = new Set(['$sum', '$avg', '$min', '$max', '$first', '$last', '$push', '$addToSet', '$count']);

function fieldValue(v: unknown, parts: string[], i: number): unknown {
  for (; i < parts.length; i++) {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const e of v) {
        const x = fieldValue(e, parts, i);
        if (x !== undefined) out.push(x);
      }
      return out;
    }
    if (!isPlainObject(v)) return undefined;
    v = v[parts[i]];
  }
  return v;
}

/** A getter for `"$a.b"`, `"$$ROOT"` or a constant; null when the operand is an expression. */
function getterFor(operand: unknown): Getter | null {
  if (typeof operand === 'string' && operand.startsWith('$')) {
    if (operand === '$$ROOT' || operand === '$$CURRENT') return (doc) => doc;
    if (operand.startsWith('$$')) return null;
    const parts = operand.slice(1).split('.');
    return parts.length === 1 ? (doc) => doc[parts[0]] : (doc) => fieldValue(doc, parts, 0);
  }
  if (isPlainObject(operand) || Array.isArray(operand)) return null;
  return () => operand;
}

function idGetter(idSpec: unknown): Getter | null {
  if (!isPlainObject(idSpec)) return getterFor(idSpec);
  const fields = Object.keys(idSpec);
  if (fields.length === 0 || fields.some((f) => f.startsWith('$'))) return null;
  const getters = fields.map((f) => getterFor(idSpec[f]));
  if (getters.some((g) => g === null)) return null;
  return (doc) => {
    const out: Doc = {};
    fields.forEach((f, i) => { out[f] = getters[i]!(doc) ?? null; });
    return out;
  };
}

interface Acc { field: string; op: string; get: Getter }

function parseAccumulators(spec: Doc): Acc[] | null {
  const out: Acc[] = [];
  for (const field of Object.keys(spec)) {
    if (field === '_id') continue;
    const def = spec[field];
    if (!isPlainObject(def) || Object.keys(def).length !== 1) return null;
    const op = Object.keys(def)[0];
    if (!ACCUMULATORS.has(op)) return null;
    if (op === '$count') {
      if (!isPlainObject(def.$count) || Object.keys(def.$count).length) return null;
      out.push({ field, op: '$sum', get: () => 1 });
      continue;
    }
    const get = getterFor(def[op]);
    if (!get) return null;
    out.push({ field, op, get });
  }
  return out;
}

function finish(op: string, values: unknown[]): unknown {
  switch (op) {
    case '$sum': {
      let acc: NumValue = 0;
      for (const v of values) if (isNumeric(v)) acc = addNumbers(acc, v);
      return acc;
    }
    case '$avg': {
      const nums = values.filter(isNumeric);
      if (nums.length === 0) return null;
      let acc: NumValue = 0;
      for (const v of nums) acc = addNumbers(acc, v);
      const mean = toNumber(acc) / nums.length;
      return (acc as { _bsontype?: string })._bsontype === 'Decimal128' ? Decimal128.fromStringWithRounding(String(mean)) : makeDouble(mean);
    }
    case '$min': case '$max': {
      let best: unknown;
      for (const v of values) {
        if (v === null || v === undefined) continue;
        if (best === undefined || (op === '$min' ? bsonCompare(v, best) < 0 : bsonCompare(v, best) > 0)) best = v;
      }
      return best ?? null;
    }
    case '$first': return values.length ? values[0] ?? null : null;
    case '$last': return values.length ? values[values.length - 1] ?? null : null;
    case '$push': return values.filter((v) => v !== undefined);
    default: { // $addToSet
      const seen = new Map<string, unknown>();
      for (const v of values) if (v !== undefined && !seen.has(valueKey(v))) seen.set(valueKey(v), v);
      return Array.from(seen.values());
    }
  }
}

/** Groups `docs` by `spec`, or null when the spec needs mingo's general evaluator. */
export function fastGroup(docs: Doc[], spec: Doc): Doc[] | null {
  if (!('_id' in spec)) return null;
  const key = idGetter(spec._id);
  const accs = parseAccumulators(spec);
  if (!key || !accs) return null;
  const groups = new Map<string, { id: unknown; values: unknown[][] }>();
  for (const doc of docs) {
    const id = key(doc) ?? null;
    const k = valueKey(id);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { id, values: accs.map(() => []) }));
    for (let i = 0; i < accs.length; i++) g.values[i].push(accs[i].get(doc));
  }
  const out: Doc[] = [];
  for (const g of groups.values()) {
    const row: Doc = { _id: g.id };
    accs.forEach((a, i) => { row[a.field] = finish(a.op, g.values[i]); });
    out.push(row);
  }
  return out;
}

export function isFastGroup(spec: unknown): boolean {
  return isPlainObject(spec) && '_id' in spec && idGetter(spec._id) !== null && parseAccumulators(spec) !== null;
}
