/**
 * find, getMore and killCursors. find materialises the matching stored documents (immutable
 * versions: a stable snapshot for the cursor), projects lazily per batch and replies with BSON
 * built directly from the serialised documents.
 */
import { Long } from 'bson';
import { CommandError, Codes } from '../errors';
import { compileProjection } from '../query/projection';
import { selectDocs } from '../query/select';
import { parseSort } from '../query/sort';
import { bsonTag, Doc } from '../values/types';
import { toNumber } from '../values/numeric';
import { boolOption, collationFor, CommandContext, CommandDef, collectionArg, docOption, existing, intOption, letOption } from './context';

const UNSUPPORTED_FIND_OPTIONS = ['tailable', 'awaitData', 'min', 'max', 'returnKey', 'showRecordId', 'oplogReplay'];

function find(ctx: CommandContext): Buffer {
  const name = collectionArg(ctx);
  const { body } = ctx;
  for (const opt of UNSUPPORTED_FIND_OPTIONS) {
    if (body[opt] !== undefined && body[opt] !== false) throw new CommandError(Codes.BadValue, `find option '${opt}' is not supported by the embedded database`);
  }
  const coll = existing(ctx, name);
  const collation = collationFor(body.collation, coll);
  const filter = docOption(body, 'filter');
  const sortSpec = docOption(body, 'sort');
  // {$natural: ±1}: insertion order (what capped collections are read in) or its reverse.
  const natural = sortSpec && Object.keys(sortSpec).length === 1 && sortSpec.$natural !== undefined ? Math.sign(toNumber(sortSpec.$natural)) : 0;
  const sort = natural ? [] : parseSort(sortSpec);
  const skip = intOption(body, 'skip', 0) ?? 0;
  let limit = intOption(body, 'limit') ?? 0;
  let singleBatch = boolOption(body, 'singleBatch');
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = intOption(body, 'batchSize', 0);
  const projector = compileProjection(body.projection, filter);
  const variables = letOption(body);
  const hits = natural < 0
    ? selectDocs(ctx.view, coll, filter, { variables, collation }).reverse().slice(skip, limit > 0 ? skip + limit : undefined)
    : selectDocs(ctx.view, coll, filter, { sort, skip, limit, variables, collation });
  const { reply, cursorId } = ctx.state.cursors.first({
    items: hits.map((h) => h[1]),
    ns: `${ctx.db}.${name}`,
    projector,
    limit,
    batchSize,
    singleBatch,
    sessionId: ctx.session?.id ?? null,
  });
  if (cursorId !== 0n && ctx.txn) ctx.txn.cursorIds.add(cursorId);
  return reply;
}

export function cursorIdOf(v: unknown): bigint {
  if (bsonTag(v) === 'Long') return (v as Long).toBigInt();
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (bsonTag(v) === 'Double') return BigInt(Math.trunc(toNumber(v)));
  throw new CommandError(Codes.TypeMismatch, 'cursor id must be an integer (int64)');
}

function getMore(ctx: CommandContext): Buffer {
  const id = cursorIdOf(ctx.body.getMore);
  const coll = ctx.body.collection;
  if (typeof coll !== 'string') throw new CommandError(Codes.TypeMismatch, "BSON field 'getMore.collection' is missing or not a string");
  const batchSize = intOption(ctx.body, 'batchSize', 0);
  return ctx.state.cursors.next(id, `${ctx.db}.${coll}`, batchSize, ctx.session?.id ?? null);
}

function killCursors(ctx: CommandContext): Doc {
  const ids = ctx.body.cursors;
  if (!Array.isArray(ids)) throw new CommandError(Codes.TypeMismatch, "BSON field 'killCursors.cursors' is missing or not an array");
  const { killed, notFound } = ctx.state.cursors.kill(ids.map(cursorIdOf));
  const asLong = (xs: bigint[]) => xs.map((x) => Long.fromBigInt(x));
  return { cursorsKilled: asLong(killed), cursorsNotFound: asLong(notFound), cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

export const FIND_COMMANDS: Record<string, CommandDef> = {
  find: { run: find, inTxn: true },
  getMore: { run: getMore, inTxn: true },
  killCursors: { run: killCursors, inTxn: true },
};
