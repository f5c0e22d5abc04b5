/**
 * A direct implementation of `$group` for the common shapes (group key made of field paths or
 * constants; $sum, $avg, $min, $max, $first, $last, $push, $addToSet, $count over field paths;
 * $topN, $bottomN, $top, $bottom with outputs of field paths, group-top.ts), which are what
 * reports use. Each distinct operand is read once per document, however many accumulators use
 * it. Groups are keyed by canonical BSON values, so 1, 1.0 and Long(1) form one group as in
 * MongoDB. Anything else returns null and mingo's $group runs.
 */
import { bsonCompare } from '../values/compare';
import { setField } from '../values/fields';
import { valueKey } from '../values/keys';
import { addNumbers, isNumeric, NumValue, toNumber } from '../values/numeric';
import { Decimal128, Double, Long } from 'bson';
import { bsonTag, Doc, isInt32Number, isPlainObject, makeDouble } from '../values/types';
import { type KeyEvaluator, parseTop, TOP_OPS, topRunning } from './group-top';
import { getterFor, GroupIndex, OperandSet } from './group-operands';

const ACCUMULATORS = new Set(['$sum', '$avg', '$min', '$max', '$first', '$last', '$push', '$addToSet', '$count']);

interface Acc {
  field: string;
  /** The operand's slot in the per-document values (identical operands share one). */
  slot: number;
  make(groupId: unknown, evalOnKey: KeyEvaluator): Running;
}

function parseAccumulators(spec: Doc, operands: OperandSet): Acc[] | null {
  const accs: Acc[] = [];
  for (const field of Object.keys(spec)) {
    if (field === '_id') continue;
    const def = spec[field];
    if (!isPlainObject(def) || Object.keys(def).length !== 1) return null;
    const op = Object.keys(def)[0];
    if (TOP_OPS.has(op)) {
      const top = parseTop(op, def[op]);
      if (!top) return null;
      accs.push({ field, slot: operands.add('$$ROOT')!, make: (id, evalOnKey) => topRunning(top, id, evalOnKey) });
      continue;
    }
    if (!ACCUMULATORS.has(op)) return null;
    if (op === '$count') {
      if (!isPlainObject(def.$count) || Object.keys(def.$count).length) return null;
      accs.push({ field, slot: operands.add(1)!, make: () => running('$sum') });
      continue;
    }
    const slot = operands.add(def[op]);
    if (slot === null) return null;
    accs.push({ field, slot, make: () => running(op) });
  }
  return accs;
}

/**
 * One accumulator of one group, fed document by document: only the running value is kept
 * ($push and $addToSet keep their arrays, which are their result). Values are combined in
 * document order, so sums come out exactly as a collect-then-add would compute them.
 */
interface Running { add(v: unknown): void; result(): unknown }

/**
 * $sum: plain JS numbers and Double values are added as plain numbers with a flag for "a double
 * was seen", so a running total is never rewrapped per document; the first value of another type
 * (Long, Decimal128, Int32) or an int32 total leaving the int32 range hands over to addNumbers,
 * which promotes exactly as MongoDB does. The additions happen in the same order, so the result
 * is the same as addNumbers all along.
 */
function sumRunning(): Running {
  let plain = 0;
  let double = false;
  let general: NumValue | null = null;
  const current = (): NumValue => (double ? makeDouble(plain) : plain);
  return {
    add(v) {
      if (general === null) {
        if (typeof v === 'number') {
          if (!double && !isInt32Number(v)) double = true;
          plain += v;
          if (!double && !isInt32Number(plain)) general = Long.fromNumber(plain);
          return;
        }
        if (bsonTag(v) === 'Double') {
          double = true;
          plain += (v as Double).value;
          return;
        }
        if (!isNumeric(v)) return;
        general = current();
      }
      if (isNumeric(v)) general = addNumbers(general, v);
    },
    result: () => general ?? current(),
  };
}

function running(op: string): Running {
  switch (op) {
    case '$sum': return sumRunning();
    case '$avg': {
      const sum = sumRunning();
      let n = 0;
      return {
        add(v) { if (isNumeric(v)) { sum.add(v); n++; } },
        result() {
          if (n === 0) return null;
          const acc = sum.result();
          const mean = toNumber(acc) / n;
          return (acc as { _bsontype?: string })._bsontype === 'Decimal128' ? Decimal128.fromStringWithRounding(String(mean)) : makeDouble(mean);
        },
      };
    }
    case '$min': case '$max': {
      const better = op === '$min' ? (c: number) => c < 0 : (c: number) => c > 0;
      let best: unknown;
      return {
        add(v) { if (v !== null && v !== undefined && (best === undefined || better(bsonCompare(v, best)))) best = v; },
        result: () => best ?? null,
      };
    }
    case '$first': {
      let seen = false;
      let first: unknown;
      return { add(v) { if (!seen) { seen = true; first = v; } }, result: () => first ?? null };
    }
    case '$last': {
      let last: unknown;
      return { add(v) { last = v; }, result: () => last ?? null };
    }
    case '$push': {
      const out: unknown[] = [];
      return { add(v) { if (v !== undefined) out.push(v); }, result: () => out };
    }
    default: { // $addToSet
      const seen = new Map<string, unknown>();
      return {
        add(v) { if (v !== undefined) { const k = valueKey(v); if (!seen.has(k)) seen.set(k, v); } },
        result: () => Array.from(seen.values()),
      };
    }
  }
}

/**
 * The group key: its operands (the `_id` itself, or each field of a document `_id`) and how a
 * group's `_id` is built from their values (missing values become null); null if not direct.
 */
function parseKey(idSpec: unknown): { operands: unknown[]; idOf(values: unknown[]): unknown } | null {
  if (!isPlainObject(idSpec)) return getterFor(idSpec) ? { operands: [idSpec], idOf: (values) => values[0] ?? null } : null;
  const fields = Object.keys(idSpec);
  if (fields.length === 0 || fields.some((f) => f.startsWith('$'))) return null;
  const operands = fields.map((f) => idSpec[f]);
  if (!operands.every((o) => getterFor(o) !== null)) return null;
  return {
    operands,
    idOf(values) {
      const id: Doc = {};
      fields.forEach((f, i) => setField(id, f, values[i] ?? null));
      return id;
    },
  };
}

interface Group { id: unknown; states: Running[] }

/**
 * Groups `docs` by `spec`, or null when the spec needs mingo's general evaluator. The key's and
 * the accumulators' operands are read together (group-operands.ts); the group is found by the
 * key's values without building a key string (GroupIndex) and its `_id` built from them once.
 */
export function fastGroup(docs: Doc[], spec: Doc, evalOnKey: KeyEvaluator): Doc[] | null {
  if (!('_id' in spec)) return null;
  const key = parseKey(spec._id);
  if (!key) return null;
  const operands = new OperandSet();
  const keySlots = key.operands.map((o) => operands.add(o)!);
  const accs = parseAccumulators(spec, operands);
  if (!accs) return null;
  const values: unknown[] = new Array(operands.size);
  const read = operands.reader();
  const index = new GroupIndex<Group>();
  const groups: Group[] = [];
  for (const doc of docs) {
    read(doc, values);
    const g = index.get(values, keySlots, () => {
      const id = key.idOf(keySlots.map((slot) => values[slot]));
      const created = { id, states: accs.map((a) => a.make(id, evalOnKey)) };
      groups.push(created);
      return created;
    });
    for (let i = 0; i < accs.length; i++) g.states[i].add(values[accs[i].slot]);
  }
  return groups.map((g) => {
    const row: Doc = { _id: g.id };
    for (let i = 0; i < accs.length; i++) setField(row, accs[i].field, g.states[i].result());
    return row;
  });
}

export function isFastGroup(spec: unknown): boolean {
  return isPlainObject(spec) && '_id' in spec && parseKey(spec._id) !== null
    && parseAccumulators(spec, new OperandSet()) !== null;
}
