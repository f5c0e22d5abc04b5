/**
 * Namespace commands: create, drop, dropDatabase, listCollections, renameCollection, collMod. Collection
 * features this server does not implement (capped, views, validators, time series) are refused
 * with an error instead of being accepted and ignored.
 */
import { CommandError, Codes } from '../errors';
import { compileFilter } from '../query/matcher';
import { ID_INDEX_SPEC } from '../storage/index-spec';
import { setField } from '../values/fields';
import { Doc } from '../values/types';
import { CommandContext, CommandDef, collectionArg, docOption } from './context';

const REFUSED_CREATE_OPTIONS = ['capped', 'viewOn', 'pipeline', 'validator', 'timeseries', 'clusteredIndex', 'expireAfterSeconds', 'changeStreamPreAndPostImages', 'encryptedFields'];
const IGNORED_CREATE_OPTIONS = new Set(['create', 'idIndex', 'writeConcern', 'storageEngine', 'autoIndexId', 'comment', 'lsid', 'txnNumber', 'autocommit', 'startTransaction', 'validationLevel', 'validationAction', 'collation', 'size', 'max', '$db', '$readPreference', '$clusterTime', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);

function create(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  for (const opt of REFUSED_CREATE_OPTIONS) {
    if (ctx.body[opt] !== undefined && ctx.body[opt] !== false) {
      throw new CommandError(Codes.CommandNotSupported, `create option '${opt}' is not supported by the embedded database`);
    }
  }
  const options: Doc = {};
  for (const key of Object.keys(ctx.body)) if (!IGNORED_CREATE_OPTIONS.has(key)) setField(options, key, ctx.body[key]);
  ctx.view.createCollection(ctx.db, name, options, ctx.log);
  return { ok: 1 };
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
 * collMod changes collection options (validators, TTL of an index, hiding indexes) none of which
 * this server keeps, so every option is refused with CommandNotSupported (115) rather than
 * acknowledged and ignored; with no option at all it is the harmless no-op MongoDB makes it.
 */
function collMod(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  if (!ctx.view.collection(ctx.db, name)) throw new CommandError(Codes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const option = Object.keys(ctx.body).find((k) => !COLLMOD_GENERIC.has(k));
  if (option !== undefined) {
    throw new CommandError(Codes.CommandNotSupported, `collMod option '${option}' is not supported by the embedded database`);
  }
  return { ok: 1 };
}

export const DDL_COMMANDS: Record<string, CommandDef> = {
  collMod: { run: collMod, write: true },
  create: { run: create, write: true, inTxn: true },
  drop: { run: drop, write: true },
  dropDatabase: { run: dropDatabase, write: true },
  listCollections: { run: listCollections },
  renameCollection: { run: renameCollection, write: true },
};

