/**
 * findAndModify (mongoose findOneAndUpdate / findOneAndDelete / findOneAndReplace): one
 * document, chosen by query + sort, updated or removed; replies
 * `{lastErrorObject: {n, updatedExisting, upserted}, value}`.
 */
import { CommandError, Codes } from '../errors';
import { compileProjection } from '../query/projection';
import { selectDocs } from '../query/select';
import { parseSort } from '../query/sort';
import { Doc, isPlainObject } from '../values/types';
import { boolOption, collationFor, CommandContext, CommandDef, collectionArg, docOption, existing, letOption } from './context';
import { executeUpdate } from './update-core';

function findAndModify(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const { body } = ctx;
  const collation = collationFor(body.collation, existing(ctx, name));
  const query = docOption(body, 'query') ?? {};
  const sort = parseSort(docOption(body, 'sort'));
  const remove = boolOption(body, 'remove');
  const returnNew = boolOption(body, 'new');
  const upsert = boolOption(body, 'upsert');
  const hasUpdate = body.update !== undefined && body.update !== null;
  if (remove && hasUpdate) throw new CommandError(Codes.FailedToParse, 'Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw new CommandError(Codes.FailedToParse, 'Either an update or remove=true must be specified');
  if (remove && (upsert || returnNew)) throw new CommandError(Codes.FailedToParse, 'Cannot specify both upsert=true and remove=true, or new=true and remove=true');
  if (body.update !== undefined && !isPlainObject(body.update) && !Array.isArray(body.update)) {
    throw new CommandError(Codes.FailedToParse, 'Update argument must be either an object or an array');
  }
  const projector = compileProjection(body.fields, query);
  const variables = letOption(body);
  const shape = (doc: Doc | undefined) => (doc ? (projector ? projector(doc) : doc) : null);

  if (remove) {
    const coll = existing(ctx, name);
    const [hit] = selectDocs(ctx.view, coll, query, { sort, limit: 1, variables, collation });
    if (!hit || !coll) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    ctx.view.remove(coll, hit[0], ctx.log);
    return { lastErrorObject: { n: 1 }, value: shape(hit[1]), ok: 1 };
  }
  const outcome = executeUpdate(ctx, name, { q: query, u: body.update, upsert, multi: false, arrayFilters: body.arrayFilters, sort, variables, collation });
  const lastErrorObject: Doc = { n: outcome.matched > 0 || outcome.upsertedId !== undefined ? 1 : 0, updatedExisting: outcome.matched > 0 };
  if (outcome.upsertedId !== undefined) lastErrorObject.upserted = outcome.upsertedId;
  const value = returnNew ? outcome.after : outcome.upsertedId !== undefined ? undefined : outcome.before;
  return { lastErrorObject, value: shape(value), ok: 1 };
}

export const FIND_AND_MODIFY_COMMANDS: Record<string, CommandDef> = {
  findAndModify: { run: findAndModify, write: true, inTxn: true, retryable: true },
  findandmodify: { run: findAndModify, write: true, inTxn: true, retryable: true },
};
