/**
 * One update statement (shared by `update` and `findAndModify`): match, apply, store, and the
 * upsert path. For an upsert the new document starts from the query's equality fields, then
 * the update is applied with `$setOnInsert` enabled.
 */
import { CommandError, Codes } from '../errors';
import { Collection, idKeyOf } from '../storage/collection';
import { selectDocs } from '../query/select';
import { SortField } from '../query/sort';
import { applyUpdate, checkArrayFilters, withId } from '../update/apply';
import { writeAt } from '../update/field-ops';
import { parseUpdate } from '../update/parse';
import { parseArrayFilters } from '../update/targets';
import { bsonSize } from '../values/codec';
import type { Collation } from '../values/collation';
import { cloneValue, Doc, isPlainObject } from '../values/types';
import { MAX_BSON_BYTES } from '../wire/protocol';
import { CommandContext } from './context';
import { checkDepth, validateNewDocument } from './insert';

export interface UpdateStatement {
  q: Doc;
  u: unknown;
  upsert: boolean;
  multi: boolean;
  arrayFilters?: unknown;
  sort?: SortField[];
  variables?: Doc;
  collation?: Collation | null;
}

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** First affected document before / after the update (findAndModify). */
  before?: Doc;
  after?: Doc;
}

/** Equality fields of a query, as the starting point of an upserted document. */
export function upsertSeed(filter: Doc, out: Doc = {}): Doc {
  for (const key of Object.keys(filter)) {
    const v = filter[key];
    if (key === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) upsertSeed(sub, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    let value: unknown = v;
    if (isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'))) {
      if (Object.keys(v).length !== 1 || !('$eq' in v)) continue;
      value = v.$eq;
    }
    if (value instanceof RegExp) continue;
    writeAt(out, key.split('.'), cloneValue(value));
  }
  return out;
}

function checkSize(doc: Doc): void {
  checkDepth(doc);
  const size = bsonSize(doc);
  if (size > MAX_BSON_BYTES) {
    throw new CommandError(17419, `Resulting document after update is larger than ${MAX_BSON_BYTES}`);
  }
}

export function executeUpdate(ctx: CommandContext, collName: string, stmt: UpdateStatement): UpdateOutcome {
  if (!isPlainObject(stmt.q)) throw new CommandError(Codes.TypeMismatch, 'update query must be an object');
  const parsed = parseUpdate(stmt.u);
  const arrayFilters = parseArrayFilters(stmt.arrayFilters);
  checkArrayFilters(parsed, arrayFilters);
  if (stmt.multi && parsed.kind === 'replacement') {
    throw new CommandError(Codes.FailedToParse, 'multi update is not supported for replacement-style update');
  }
  const now = new Date();
  let coll: Collection | undefined = ctx.view.collection(ctx.db, collName);
  const hits = selectDocs(ctx.view, coll, stmt.q, { sort: stmt.sort, limit: stmt.multi ? 0 : 1, variables: stmt.variables, collation: stmt.collation });
  const outcome: UpdateOutcome = { matched: 0, modified: 0 };
  for (const [id, doc] of hits) {
    const result = applyUpdate(doc, parsed, { filter: stmt.q, arrayFilters, isInsert: false, now, variables: stmt.variables });
    outcome.matched++;
    if (outcome.matched === 1) {
      outcome.before = doc;
      outcome.after = result.doc;
    }
    if (!result.changed) continue;
    checkSize(result.doc);
    ctx.view.put(coll!, id, result.doc, false, ctx.log);
    outcome.modified++;
  }
  if (outcome.matched > 0 || !stmt.upsert) return outcome;
  const seed = parsed.kind === 'replacement' ? (stmt.q._id !== undefined && !isPlainObject(stmt.q._id) ? { _id: stmt.q._id } : {}) : upsertSeed(stmt.q);
  const created = withId(applyUpdate(seed, parsed, { filter: stmt.q, arrayFilters, isInsert: true, now, variables: stmt.variables }).doc);
  validateNewDocument(created);
  coll ??= ctx.view.obtainCollection(ctx.db, collName, ctx.log);
  ctx.view.put(coll, idKeyOf(created), created, true, ctx.log);
  outcome.upsertedId = created._id;
  outcome.after = created;
  return outcome;
}
