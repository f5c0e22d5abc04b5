/**
 * update and delete commands: batches of statements with per-statement write errors,
 * `nModified` and `upserted: [{index, _id}]` as the driver expects.
 */
import { CommandError, Codes } from '../errors';
import { selectDocs } from '../query/select';
import { toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import { collationFor, CommandContext, CommandDef, collectionArg, existing, letOption } from './context';
import { executeUpdate } from './update-core';
import { runStatements, withWriteErrors } from './write-errors';

function statements(ctx: CommandContext, field: string): Doc[] {
  const list = ctx.body[field];
  if (!Array.isArray(list)) throw new CommandError(Codes.TypeMismatch, `BSON field '${ctx.name}.${field}' is missing or not an array`);
  if (list.length > 100000) throw new CommandError(Codes.InvalidLength, `Write batch sizes must be between 1 and 100000. Got ${list.length} operations.`);
  return list as Doc[];
}

function update(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const list = statements(ctx, 'updates');
  const ordered = ctx.body.ordered !== false;
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const variables = letOption(ctx.body);
  // Parse errors fail the whole command before any statement runs, as in MongoDB 7.0.
  for (const stmt of list) {
    if (isPlainObject(stmt) && stmt.sort !== undefined) throw new CommandError(40415, "BSON field 'update.updates.sort' is an unknown field.");
  }
  const errors = runStatements(list, ordered, ctx.txn !== null, (stmt, index) => {
    if (!isPlainObject(stmt)) throw new CommandError(Codes.TypeMismatch, 'update statement must be an object');
    const outcome = executeUpdate(ctx, name, {
      collation: collationFor(stmt.collation, existing(ctx, name)),
      variables,
      q: (stmt.q ?? {}) as Doc,
      u: stmt.u,
      upsert: stmt.upsert === true,
      multi: stmt.multi === true,
      arrayFilters: stmt.arrayFilters,
    });
    n += outcome.matched;
    nModified += outcome.modified;
    if (outcome.upsertedId !== undefined) {
      n++;
      upserted.push({ index, _id: outcome.upsertedId });
    }
  });
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  reply.ok = 1;
  return withWriteErrors(reply, errors);
}

function del(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const list = statements(ctx, 'deletes');
  const ordered = ctx.body.ordered !== false;
  const coll = existing(ctx, name);
  const variables = letOption(ctx.body);
  let n = 0;
  const errors = runStatements(list, ordered, ctx.txn !== null, (stmt) => {
    if (!isPlainObject(stmt) || !isPlainObject(stmt.q)) throw new CommandError(Codes.TypeMismatch, 'delete statement needs a query object q');
    const collation = collationFor(stmt.collation, coll);
    const limit = toNumber(stmt.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw new CommandError(Codes.FailedToParse, `The limit field in delete objects must be 0 or 1. Got ${limit}`);
    if (!coll) return;
    for (const [id] of selectDocs(ctx.view, coll, stmt.q, { limit, variables, collation })) {
      ctx.view.remove(coll, id, ctx.log);
      n++;
    }
  });
  return withWriteErrors({ n, ok: 1 }, errors);
}

export const WRITE_COMMANDS: Record<string, CommandDef> = {
  update: { run: update, write: true, inTxn: true, retryable: true },
  delete: { run: del, write: true, inTxn: true, retryable: true },
};
