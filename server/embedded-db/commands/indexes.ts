/**
 * createIndexes / listIndexes / dropIndexes with MongoDB's conflict rules: an identical index is
 * a no-op; the same name with another key is IndexKeySpecsConflict (86); the same key with other
 * options or another name is IndexOptionsConflict (85).
 */
import { CommandError, Codes } from '../errors';
import { Collection } from '../storage/collection';
import { bsonEquals } from '../values/compare';
import { IndexSpec, isIdKey, sameKey, sameOptions, validateIndexSpec } from '../storage/index-spec';
import { Doc, isPlainObject } from '../values/types';
import { CommandContext, CommandDef, collectionArg, docOption, existing } from './context';

function needsCreating(coll: Collection, spec: IndexSpec): boolean {
  if (spec.name === '_id_' || isIdKey(spec.key)) return false; // the _id index always exists
  for (const index of coll.indexes) {
    const other = index.spec;
    if (other.name === spec.name) {
      if (!sameKey(other.key, spec.key)) {
        throw new CommandError(Codes.IndexKeySpecsConflict, `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(other)}`);
      }
      if (!sameOptions(other, spec)) {
        throw new CommandError(Codes.IndexOptionsConflict, `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(other)}`);
      }
      return false;
    }
    // Indexes on one key may differ by collation (MongoDB allows one per collation).
    const sameCollation = other.collation === undefined || spec.collation === undefined ? other.collation === spec.collation : bsonEquals(other.collation, spec.collation);
    if (sameKey(other.key, spec.key) && sameCollation && !other.partialFilterExpression && !spec.partialFilterExpression) {
      if (sameOptions(other, spec)) throw new CommandError(Codes.IndexOptionsConflict, `Index already exists with a different name: ${other.name}`);
      throw new CommandError(Codes.IndexOptionsConflict, `An existing index has the same key pattern but different options: ${other.name}`);
    }
  }
  return true;
}

function createIndexes(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const raw = ctx.body.indexes;
  if (!Array.isArray(raw) || raw.length === 0) throw new CommandError(Codes.BadValue, "Must specify at least one index to create");
  const existingColl = ctx.view.collection(ctx.db, name);
  const specs = raw.map((r) => validateIndexSpec(r, existingColl?.collation ?? null));
  const created = !existingColl;
  const coll = existingColl ?? ctx.view.obtainCollection(ctx.db, name, ctx.log);
  if (coll.capped && specs.some((s) => s.expireAfterSeconds !== undefined)) {
    throw new CommandError(Codes.CannotCreateIndex, 'Cannot create TTL index on a capped collection');
  }
  const before = coll.indexes.length + 1;
  const todo = specs.filter((s) => needsCreating(coll, s));
  const names = new Set<string>();
  for (const s of todo) {
    if (names.has(s.name)) throw new CommandError(Codes.IndexKeySpecsConflict, `index with name ${s.name} specified twice`);
    names.add(s.name);
  }
  for (const spec of todo) ctx.view.addIndex(coll, spec, ctx.log);
  const reply: Doc = { numIndexesBefore: before, numIndexesAfter: coll.indexes.length + 1, createdCollectionAutomatically: created };
  if (todo.length === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
}

function listIndexes(ctx: CommandContext): Buffer {
  const name = collectionArg(ctx);
  const coll = existing(ctx, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const cursorOpt = docOption(ctx.body, 'cursor') ?? {};
  return ctx.state.cursors.first({
    items: coll.indexSpecs(),
    ns: `${ctx.db}.${name}`,
    projector: null,
    limit: 0,
    batchSize: typeof cursorOpt.batchSize === 'number' ? cursorOpt.batchSize : undefined,
    singleBatch: false,
    sessionId: ctx.session?.id ?? null,
  }).reply;
}

function dropIndexes(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const coll = existing(ctx, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, `ns not found ${ctx.db}.${name}`);
  const { catalog } = ctx.state.engine;
  const before = coll.indexes.length + 1;
  const which = ctx.body.index;
  let names: string[];
  if (which === '*') names = coll.indexes.map((i) => i.name);
  else if (typeof which === 'string') names = [which];
  else if (Array.isArray(which)) names = which.map(String);
  else if (isPlainObject(which)) {
    const match = coll.indexes.find((i) => sameKey(i.spec.key, which));
    if (!match) {
      if (isIdKey(which)) throw new CommandError(Codes.InvalidOptions, 'cannot drop _id index');
      throw new CommandError(Codes.IndexNotFound, `can't find index with key: ${JSON.stringify(which)}`);
    }
    names = [match.name];
  } else throw new CommandError(Codes.TypeMismatch, "BSON field 'dropIndexes.index' must be a string, array or object");
  if (names.includes('_id_')) throw new CommandError(Codes.InvalidOptions, 'cannot drop _id index');
  for (const n of names) if (!coll.findIndex(n)) throw new CommandError(Codes.IndexNotFound, `index not found with name [${n}]`);
  for (const n of names) catalog.dropIndex(coll, n, ctx.log);
  return { nIndexesWas: before, ok: 1 };
}

export const INDEX_COMMANDS: Record<string, CommandDef> = {
  createIndexes: { run: createIndexes, write: true, inTxn: true },
  listIndexes: { run: listIndexes },
  dropIndexes: { run: dropIndexes, write: true },
  deleteIndexes: { run: dropIndexes, write: true },
};
