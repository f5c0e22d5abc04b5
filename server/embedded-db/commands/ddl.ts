/**
 * Namespace commands: create, drop, dropDatabase, listCollections, renameCollection, collMod,
 * collStats. Collections may be capped and carry a default collation; features this server does
 * not implement (views, validators, time series, clustered indexes) are refused with
 * CommandNotSupported (115) instead of being accepted and ignored.
 */
import { CommandError, Codes } from '../errors';
import { compileFilter } from '../query/matcher';
import { Collection } from '../storage/collection';
import { ID_INDEX_SPEC } from '../storage/index-spec';
import { bsonSize } from '../values/codec';
import { parseCollation } from '../values/collation';
import { setField } from '../values/fields';
import { numKind, toNumber } from '../values/numeric';
import { Doc } from '../values/types';
import { collModIndex } from './coll-mod-index';
import { CommandContext, CommandDef, collectionArg, docOption, existing } from './context';

const REFUSED_CREATE_OPTIONS: Record<string, string> = {
  viewOn: 'views', pipeline: 'views', validator: 'document validators', timeseries: 'time-series collections',
  clusteredIndex: 'clustered collections', expireAfterSeconds: 'collection-level expireAfterSeconds (clustered or time-series collections)',
  changeStreamPreAndPostImages: 'change stream pre- and post-images', encryptedFields: 'queryable encryption',
};
const IGNORED_CREATE_OPTIONS = new Set(['create', 'idIndex', 'writeConcern', 'storageEngine', 'autoIndexId', 'comment', 'lsid', 'txnNumber', 'autocommit', 'startTransaction', 'validationLevel', 'validationAction', 'collation', 'capped', 'size', 'max', '$db', '$readPreference', '$clusterTime', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);

/** Capped limits as MongoDB takes them: size required, at least 4096 bytes, a multiple of 256. */
function cappedOptions(body: Doc, options: Doc): void {
  if (body.capped === undefined || body.capped === false) return;
  if (body.capped !== true) throw new CommandError(Codes.TypeMismatch, "BSON field 'create.capped' is the wrong type, expected type 'bool'");
  if (body.size === undefined) throw new CommandError(Codes.InvalidOptions, "the 'size' field is required when 'capped' is true");
  if (!numKind(body.size) || toNumber(body.size) < 0) throw new CommandError(Codes.BadValue, "the 'size' field must be a non-negative number");
  const size = toNumber(body.size);
  if (size > 2 ** 50) throw new CommandError(Codes.InvalidOptions, 'Cannot create a capped collection larger than 1PB');
  options.capped = true;
  options.size = size <= 4096 ? 4096 : Math.ceil(size / 256) * 256;
  if (body.max !== undefined) {
    if (!numKind(body.max)) throw new CommandError(Codes.TypeMismatch, "BSON field 'create.max' is the wrong type, expected a number");
    if (toNumber(body.max) > 0) options.max = Math.trunc(toNumber(body.max));
  }
}

function create(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  for (const opt of Object.keys(REFUSED_CREATE_OPTIONS)) {
    if (ctx.body[opt] !== undefined && ctx.body[opt] !== false) {
      throw new CommandError(Codes.CommandNotSupported, `create option '${opt}' (${REFUSED_CREATE_OPTIONS[opt]}) is not supported by the embedded database`);
    }
  }
  const options: Doc = {};
  cappedOptions(ctx.body, options);
  if (options.capped && ctx.txn) throw new CommandError(Codes.OperationNotSupportedInTransaction, 'Cannot create a capped collection in a multi-document transaction.');
  const collation = parseCollation(ctx.body.collation);
  if (collation) options.collation = collation.spec;
  for (const key of Object.keys(ctx.body)) if (!IGNORED_CREATE_OPTIONS.has(key)) setField(options, key, ctx.body[key]);
  ctx.view.createCollection(ctx.db, name, options, ctx.log);
  return { ok: 1 };
}

/** collStats (deprecated in MongoDB but still answered): counts, sizes and the capped limits. */
function collStats(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const coll: Collection | undefined = existing(ctx, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, `Collection [${ctx.db}.${name}] not found.`);
  const scale = ctx.body.scale !== undefined && numKind(ctx.body.scale) && toNumber(ctx.body.scale) >= 1 ? Math.trunc(toNumber(ctx.body.scale)) : 1;
  let size = 0;
  for (const [, doc] of ctx.view.all(coll)) size += bsonSize(doc);
  const count = ctx.view.count(coll);
  const indexSizes: Doc = {};
  for (const spec of coll.indexSpecs()) indexSizes[spec.name] = 0;
  const reply: Doc = {
    ns: coll.ns, size: Math.floor(size / scale), count, avgObjSize: count ? Math.floor(size / count) : 0,
    storageSize: Math.floor(size / scale), freeStorageSize: 0, capped: coll.capped !== null,
    nindexes: coll.indexes.length + 1, totalIndexSize: 0, totalSize: Math.floor(size / scale), indexSizes, scaleFactor: scale,
  };
  if (coll.capped) {
    if (coll.capped.max > 0) reply.max = coll.capped.max;
    reply.maxSize = Math.floor(coll.capped.size / scale);
  }
  reply.ok = 1;
  return reply;
}

function drop(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const coll = ctx.state.engine.catalog.drop(ctx.db, name, ctx.log);
  if (!coll) return { ok: 1 };
  ctx.state.cursors.killNamespace(coll.ns);
  return { nIndexesWas: coll.indexes.length + 1, ns: coll.ns, ok: 1 };
}

function dropDatabase(ctx: CommandContext): Doc {
  ctx.state.engine.catalog.dropDatabase(ctx.db, ctx.log);
  ctx.state.cursors.killNamespace(`${ctx.db}.`);
  return { dropped: ctx.db, ok: 1 };
}

function listCollections(ctx: CommandContext): Buffer {
  const filter = compileFilter(docOption(ctx.body, 'filter'));
  const nameOnly = ctx.body.nameOnly === true;
  const items = ctx.state.engine.catalog.collections(ctx.db)
    .map((c): Doc => (nameOnly
      ? { name: c.name, type: 'collection' }
      : { name: c.name, type: 'collection', options: c.options, info: { readOnly: false, uuid: c.uuid }, idIndex: ID_INDEX_SPEC }))
    .filter((entry) => filter(entry));
  const cursorOpt = docOption(ctx.body, 'cursor') ?? {};
  return ctx.state.cursors.first({
    items,
    ns: `${ctx.db}.$cmd.listCollections`,
    projector: null,
    limit: 0,
    batchSize: typeof cursorOpt.batchSize === 'number' ? cursorOpt.batchSize : undefined,
    singleBatch: false,
    sessionId: ctx.session?.id ?? null,
  }).reply;
}

function splitNs(ns: unknown, what: string): [string, string] {
  if (typeof ns !== 'string' || !ns.includes('.')) throw new CommandError(Codes.InvalidNamespace, `Invalid ${what} namespace: ${String(ns)}`);
  const dot = ns.indexOf('.');
  return [ns.slice(0, dot), ns.slice(dot + 1)];
}

function renameCollection(ctx: CommandContext): Doc {
  const [fromDb, fromName] = splitNs(ctx.body.renameCollection, 'source');
  const [toDb, toName] = splitNs(ctx.body.to, 'target');
  const { catalog } = ctx.state.engine;
  const source = catalog.get(fromDb, fromName);
  if (!source) throw new CommandError(Codes.NamespaceNotFound, `Source collection ${fromDb}.${fromName} does not exist`);
  if (fromDb === toDb && fromName === toName) throw new CommandError(Codes.IllegalOperation, "Can't rename a collection to itself");
  if (catalog.get(toDb, toName)) {
    if (ctx.body.dropTarget !== true) throw new CommandError(Codes.NamespaceExists, 'target namespace exists');
    catalog.drop(toDb, toName, ctx.log);
    ctx.state.cursors.killNamespace(`${toDb}.${toName}`);
  }
  ctx.state.cursors.killNamespace(source.ns);
  catalog.rename(source, toDb, toName, ctx.log);
  return { ok: 1 };
}

/** Generic command fields that are not collMod options. */
const COLLMOD_GENERIC = new Set(['collMod', 'writeConcern', 'comment', 'lsid', 'txnNumber', '$db', '$readPreference', '$clusterTime', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);

/**
 * collMod: the `index` option (hidden, expireAfterSeconds, prepareUnique, unique; see
 * coll-mod-index.ts) is implemented; the collection options this server does not keep
 * (validators, views, capped resizing, pre/post images, ...) are refused with
 * CommandNotSupported (115) rather than acknowledged and ignored. No option at all is the
 * harmless no-op MongoDB makes it.
 */
function collMod(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const coll = ctx.view.collection(ctx.db, name);
  if (!coll) throw new CommandError(Codes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const option = Object.keys(ctx.body).find((k) => !COLLMOD_GENERIC.has(k) && k !== 'index');
  if (option !== undefined) {
    throw new CommandError(Codes.CommandNotSupported, `collMod option '${option}' is not supported by the embedded database`);
  }
  if (ctx.body.index === undefined) return { ok: 1 };
  return { ...collModIndex(ctx, coll, ctx.body.index), ok: 1 };
}

export const DDL_COMMANDS: Record<string, CommandDef> = {
  collMod: { run: collMod, write: true },
  collStats: { run: collStats },
  create: { run: create, write: true, inTxn: true },
  drop: { run: drop, write: true },
  dropDatabase: { run: dropDatabase, write: true },
  listCollections: { run: listCollections },
  renameCollection: { run: renameCollection, write: true },
};

