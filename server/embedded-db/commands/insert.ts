/**
 * insert: validates each document, gives it an `_id` (ObjectId, first field) when missing and
 * stores it; duplicate keys and invalid documents become write errors.
 */
import { ObjectId } from 'bson';
import { CommandError, Codes } from '../errors';
import { idKeyOf } from '../storage/collection';
import { idFirst } from '../update/apply';
import { bsonSize } from '../values/codec';
import { bsonTag, Doc, isPlainObject } from '../values/types';
import { MAX_BSON_BYTES } from '../wire/protocol';
import { CommandContext, CommandDef, collectionArg } from './context';
import { runStatements, withWriteErrors } from './write-errors';

/** MongoDB refuses to store documents nested deeper than this. */
const MAX_DEPTH = 100;

function depthOf(v: unknown, limit: number): number {
  if (limit < 0 || v === null || typeof v !== 'object') return 0;
  if (!Array.isArray(v) && !isPlainObject(v)) return 0;
  let max = 0;
  for (const child of Array.isArray(v) ? v : Object.values(v)) {
    const d = depthOf(child, limit - 1);
    if (d > max) max = d;
    if (max > limit) break;
  }
  return max + 1;
}

export function checkDepth(doc: Doc): void {
  if (depthOf(doc, MAX_DEPTH) > MAX_DEPTH) {
    throw new CommandError(Codes.Overflow, `Document exceeds maximum nesting depth of ${MAX_DEPTH}`);
  }
}

/** Checks a document about to be stored (insert, upsert, replacement); sizing is skipped when it cannot be too large. */
export function validateNewDocument(doc: Doc, mayBeTooLarge = true): void {
  const id = doc._id;
  if (Array.isArray(id)) throw new CommandError(Codes.BadValue, "can't use an array for _id");
  if (id instanceof RegExp || bsonTag(id) === 'BSONRegExp') throw new CommandError(Codes.BadValue, "can't use a regex for _id");
  if (id === undefined && '_id' in doc) throw new CommandError(Codes.BadValue, "can't use undefined for _id");
  // Since 5.0 other fields may be $-prefixed, but not the parts of an _id.
  if (isPlainObject(id)) {
    const bad = Object.keys(id).find((k) => k.startsWith('$'));
    if (bad) throw new CommandError(Codes.DollarPrefixedFieldName, `_id fields may not contain '$'-prefixed fields: ${bad} is not valid for storage.`);
  }
  checkDepth(doc);
  const size = mayBeTooLarge ? bsonSize(doc) : 0;
  if (size > MAX_BSON_BYTES) {
    throw new CommandError(Codes.BSONObjectTooLarge, `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_BYTES}`);
  }
}

export function prepareInsert(raw: unknown, mayBeTooLarge: boolean): Doc {
  if (!isPlainObject(raw)) throw new CommandError(Codes.TypeMismatch, 'insert documents must be objects');
  const doc = raw._id === undefined && !('_id' in raw) ? { _id: new ObjectId(), ...raw } : idFirst(raw);
  validateNewDocument(doc, mayBeTooLarge);
  return doc;
}

function insert(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const docs = ctx.body.documents;
  if (!Array.isArray(docs)) throw new CommandError(Codes.TypeMismatch, "BSON field 'insert.documents' is missing or not an array");
  if (docs.length > 100000) throw new CommandError(Codes.InvalidLength, `Write batch sizes must be between 1 and 100000. Got ${docs.length} operations.`);
  const ordered = ctx.body.ordered !== false;
  const coll = ctx.view.obtainCollection(ctx.db, name, ctx.log);
  let n = 0;
  const errors = runStatements(docs, ordered, ctx.txn !== null, (raw) => {
    const doc = prepareInsert(raw, ctx.messageBytes > MAX_BSON_BYTES);
    ctx.view.put(coll, idKeyOf(doc), doc, true, ctx.log);
    n++;
  });
  return withWriteErrors({ n, ok: 1 }, errors);
}

export const INSERT_COMMANDS: Record<string, CommandDef> = {
  insert: { run: insert, write: true, inTxn: true, retryable: true },
};
