/**
 * Applies a parsed update to one document and returns the new version (the stored one is
 * never mutated). `$setOnInsert` only acts when the update inserts (upsert); `_id` may not
 * change (ImmutableField); arrayFilters must all be used.
 */
import { ObjectId } from 'bson';
import { CommandError, Codes } from '../errors';
import { formatValue } from '../storage/dup-key';
import { bsonEquals, strictEquals } from '../values/compare';
import { setField } from '../values/fields';
import { cloneValue, Doc } from '../values/types';
import { ARRAY_OPS } from './array-ops';
import { FIELD_OPS, OpEnv, readAt, writeAt } from './field-ops';
import { ParsedUpdate } from './parse';
import { runUpdatePipeline } from './pipeline';
import { ArrayFilters, expandPath } from './targets';

export interface ApplyContext {
  filter: Doc;
  arrayFilters: ArrayFilters;
  /** True when the update creates the document (upsert): enables $setOnInsert. */
  isInsert: boolean;
  now: Date;
  /** The command's `let` variables (pipeline updates). */
  variables?: Doc;
}

export interface ApplyResult { doc: Doc; changed: boolean }

/** Puts `_id` first, as MongoDB stores it. */
export function idFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !('_id' in doc)) return doc;
  const out: Doc = { _id: doc._id };
  for (const k of keys) if (k !== '_id') setField(out, k, doc[k]);
  return out;
}

/** MongoDB 5.0+ stores `$`-prefixed names, except at the top level of a document an update changes. */
export function dollarFieldError(name: string): CommandError {
  return new CommandError(
    Codes.DollarPrefixedFieldName,
    `The dollar ($) prefixed field '${name}' in '${name}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
  );
}

function immutableIdError(): CommandError {
  return new CommandError(Codes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
}

function applyOperators(doc: Doc, parsed: Extract<ParsedUpdate, { kind: 'operators' }>, ctx: ApplyContext): ApplyResult {
  const out = cloneValue(doc);
  const env: OpEnv = { now: ctx.now, idText: formatValue(doc._id) };
  const targetCtx = { filter: ctx.filter, arrayFilters: ctx.arrayFilters, original: doc };
  let changed = false;
  for (const { op, path, arg } of parsed.ops) {
    if (op === '$setOnInsert' && !ctx.isInsert) continue;
    for (const parts of expandPath(out, path, targetCtx)) {
      if (op === '$rename') {
        const value = readAt(out, parts);
        if (value === undefined) continue;
        const to = String(arg).split('.');
        if (!ctx.isInsert && to[0].startsWith('$')) throw dollarFieldError(to[0]);
        FIELD_OPS.$unset(out, parts, null, env);
        writeAt(out, to, value);
        changed = true;
        continue;
      }
      const fn = FIELD_OPS[op] ?? ARRAY_OPS[op];
      if (fn(out, parts, arg, env)) {
        if (!ctx.isInsert && op !== '$unset' && parts[0].startsWith('$')) throw dollarFieldError(parts[0]);
        changed = true;
      }
    }
  }
  if (doc._id !== undefined && !strictEquals(out._id, doc._id) && !bsonEquals(out._id, doc._id)) throw immutableIdError();
  if (doc._id !== undefined && !strictEquals(out._id, doc._id)) out._id = doc._id; // same value, keep stored type
  return { doc: idFirst(out), changed };
}

function applyReplacement(doc: Doc, replacement: Doc, isInsert: boolean): ApplyResult {
  const dollar = isInsert ? undefined : Object.keys(replacement).find((k) => k.startsWith('$'));
  if (dollar) throw dollarFieldError(dollar);
  if (replacement._id !== undefined && doc._id !== undefined && !bsonEquals(replacement._id, doc._id)) {
    throw new CommandError(
      Codes.ImmutableField,
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(replacement._id)}`,
    );
  }
  const out: Doc = doc._id !== undefined ? { _id: doc._id } : {};
  for (const k of Object.keys(replacement)) if (k !== '_id' || doc._id === undefined) setField(out, k, cloneValue(replacement[k]));
  const result = idFirst(out);
  return { doc: result, changed: !strictEquals(result, doc) };
}

/** Every `$[id]` needs an array filter and every array filter must be used (checked once per statement). */
export function checkArrayFilters(parsed: ParsedUpdate, arrayFilters: ArrayFilters): void {
  const used = parsed.kind === 'operators' ? parsed.identifiers : new Set<string>();
  for (const id of used) {
    if (!arrayFilters.byId.has(id)) throw new CommandError(Codes.BadValue, `No array filter found for identifier '${id}'`);
  }
  for (const id of arrayFilters.byId.keys()) {
    if (!used.has(id)) throw new CommandError(Codes.FailedToParse, `The array filter for identifier '${id}' was not used in the update`);
  }
}

export function applyUpdate(doc: Doc, parsed: ParsedUpdate, ctx: ApplyContext): ApplyResult {
  if (parsed.kind === 'operators') return applyOperators(doc, parsed, ctx);
  if (parsed.kind === 'replacement') return applyReplacement(doc, parsed.doc, ctx.isInsert);
  const out = runUpdatePipeline(cloneValue(doc), parsed.stages, ctx.variables);
  // A pipeline that drops _id keeps it; one that changes it is refused.
  if (doc._id !== undefined && out._id !== undefined && !bsonEquals(out._id, doc._id)) throw immutableIdError();
  const result = idFirst(doc._id !== undefined ? { ...out, _id: doc._id } : out);
  return { doc: result, changed: !strictEquals(result, doc) };
}

/** New document with an `_id` (generated when neither query nor update supplied one). */
export function withId(doc: Doc): Doc {
  if (doc._id !== undefined) return idFirst(doc);
  return { _id: new ObjectId(), ...doc };
}
