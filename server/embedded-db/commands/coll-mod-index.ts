/**
 * collMod's `index` option, as MongoDB 7.0 answers it:
 * `{collMod: c, index: {keyPattern | name, hidden?, expireAfterSeconds?, prepareUnique?, unique?}}`
 * replies `hidden_old/hidden_new`, `expireAfterSeconds_old/_new`, `prepareUnique_old/_new`,
 * `unique_new`. Converting to unique needs `prepareUnique: true` first (new duplicates are then
 * refused) and fails with CannotConvertIndexToUnique (359) listing the clashing `_id`s.
 */
import { CommandError, Codes } from '../errors';
import { Collection } from '../storage/collection';
import { IndexSpec, isIdKey, sameKey } from '../storage/index-spec';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import { CommandContext } from './context';

const MODIFIERS = ['hidden', 'expireAfterSeconds', 'prepareUnique', 'unique'];

function invalid(message: string): CommandError {
  return new CommandError(Codes.InvalidOptions, message);
}

function boolModifier(spec: Doc, name: string): boolean | undefined {
  const v = spec[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new CommandError(Codes.TypeMismatch, `BSON field 'collMod.index.${name}' is the wrong type, expected type 'bool'`);
  return v;
}

export function collModIndex(ctx: CommandContext, coll: Collection, raw: unknown): Doc {
  if (!isPlainObject(raw)) throw new CommandError(Codes.TypeMismatch, "BSON field 'collMod.index' is the wrong type, expected type 'object'");
  for (const k of Object.keys(raw)) {
    if (k !== 'keyPattern' && k !== 'name' && !MODIFIERS.includes(k)) throw new CommandError(40415, `BSON field 'collMod.index.${k}' is an unknown field.`);
  }
  const byKey = raw.keyPattern;
  const byName = raw.name;
  if ((byKey === undefined) === (byName === undefined)) throw invalid('must specify either index name or key pattern');
  if (!MODIFIERS.some((m) => raw[m] !== undefined)) throw invalid('no expireAfterSeconds, hidden, prepareUnique or unique field');
  if (byName === '_id_' || (isPlainObject(byKey) && isIdKey(byKey))) throw new CommandError(Codes.BadValue, 'cannot modify the _id index');
  const index = typeof byName === 'string'
    ? coll.findIndex(byName)
    : isPlainObject(byKey) ? coll.indexes.find((i) => sameKey(i.spec.key, byKey)) : undefined;
  if (!index) {
    throw new CommandError(Codes.IndexNotFound, `cannot find index ${typeof byName === 'string' ? byName : JSON.stringify(byKey)} for ns ${coll.ns}`);
  }
  const old = index.spec;
  const spec: IndexSpec = { ...old };
  const reply: Doc = {};

  const hidden = boolModifier(raw, 'hidden');
  if (hidden !== undefined) {
    reply.hidden_old = Boolean(old.hidden);
    reply.hidden_new = hidden;
    if (hidden) spec.hidden = true;
    else delete spec.hidden;
  }
  if (raw.expireAfterSeconds !== undefined) {
    const s = raw.expireAfterSeconds;
    if (!numKind(s) || !Number.isInteger(toNumber(s)) || toNumber(s) < 0) throw invalid('expireAfterSeconds must be a non-negative integer');
    if (index.fields.length !== 1) throw invalid('TTL indexes are single-field indexes, compound indexes do not support TTL');
    if (coll.capped) throw invalid('Cannot create TTL index on a capped collection');
    if (old.expireAfterSeconds !== undefined) reply.expireAfterSeconds_old = old.expireAfterSeconds;
    reply.expireAfterSeconds_new = toNumber(s);
    spec.expireAfterSeconds = toNumber(s);
  }
  const prepare = boolModifier(raw, 'prepareUnique');
  if (prepare !== undefined) {
    if (old.prepareUnique !== undefined) reply.prepareUnique_old = old.prepareUnique;
    reply.prepareUnique_new = prepare;
    if (prepare) spec.prepareUnique = true;
    else delete spec.prepareUnique;
  }
  const unique = boolModifier(raw, 'unique');
  if (unique !== undefined) {
    if (!unique) throw new CommandError(Codes.BadValue, "collMod can only set 'unique' to true");
    if (!old.unique) {
      if (!spec.prepareUnique) throw invalid("Cannot make index unique with 'prepareUnique=false'. Run 'collMod' to set it first.");
      const violations = index.duplicateGroups().map((ids) => ({ ids: ids.map((id) => coll.current(id)?._id) }));
      if (violations.length) {
        throw new CommandError(359, 'Cannot convert the index to unique. Please resolve conflicting documents before running collMod again.', { violations });
      }
      spec.unique = true;
      delete spec.prepareUnique;
      reply.unique_new = true;
    }
  }
  ctx.state.engine.catalog.modifyIndex(coll, index.name, spec, ctx.log);
  return reply;
}
