// Collection and database operations of the unified format, mapped onto the Node driver's API.
// Arguments arrive flat (spec style); options are everything except the positional arguments.
import { AnyBulkWriteOperation, BulkWriteResult, Collection, Db } from 'mongodb';
import { EntityMap, readPreference } from './entities';

export type Args = Record<string, any>;

/** Driver options from spec arguments: drops positional keys, resolves the session entity and readPreference. */
export function options(args: Args, entities: EntityMap, positional: string[] = []): Args {
  const out: Args = {};
  for (const [k, v] of Object.entries(args)) {
    if (positional.includes(k)) continue;
    if (k === 'session') out.session = entities.session(v).session;
    else if (k === 'readPreference') out.readPreference = readPreference(v);
    else out[k] = v;
  }
  return out;
}

export function bulkResultDoc(r: BulkWriteResult): Record<string, unknown> {
  return {
    insertedCount: r.insertedCount,
    matchedCount: r.matchedCount,
    modifiedCount: r.modifiedCount,
    deletedCount: r.deletedCount,
    upsertedCount: r.upsertedCount,
    upsertedIds: r.upsertedIds,
    insertedIds: r.insertedIds,
  };
}

function returnDocument(v: unknown): 'before' | 'after' | undefined {
  if (v === undefined) return undefined;
  const s = String(v).toLowerCase();
  if (s !== 'before' && s !== 'after') throw new Error(`returnDocument must be Before or After, got ${v}`);
  return s;
}

function bulkRequests(requests: any[]): AnyBulkWriteOperation[] {
  return requests.map((r) => {
    const [kind, spec] = Object.entries(r)[0] as [string, any];
    if (!['insertOne', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany'].includes(kind)) {
      throw new Error(`unsupported bulkWrite request ${kind}`);
    }
    return { [kind]: spec } as AnyBulkWriteOperation;
  });
}

export async function collectionOperation(coll: Collection, name: string, args: Args, entities: EntityMap): Promise<unknown> {
  const o = (...positional: string[]) => options(args, entities, positional);
  switch (name) {
    case 'aggregate': return coll.aggregate(args.pipeline, o('pipeline')).toArray();
    case 'bulkWrite': return bulkResultDoc(await coll.bulkWrite(bulkRequests(args.requests), o('requests')));
    case 'countDocuments': return coll.countDocuments(args.filter, o('filter'));
    case 'count': return coll.count(args.filter, o('filter'));
    case 'estimatedDocumentCount': return coll.estimatedDocumentCount(o());
    case 'distinct': return coll.distinct(args.fieldName, args.filter, o('fieldName', 'filter'));
    case 'find': return coll.find(args.filter, o('filter')).toArray();
    case 'findOne': return coll.findOne(args.filter, o('filter'));
    case 'findOneAndDelete': return coll.findOneAndDelete(args.filter, o('filter'));
    case 'findOneAndReplace':
      return coll.findOneAndReplace(args.filter, args.replacement, { ...o('filter', 'replacement', 'returnDocument'), returnDocument: returnDocument(args.returnDocument) });
    case 'findOneAndUpdate':
      return coll.findOneAndUpdate(args.filter, args.update, { ...o('filter', 'update', 'returnDocument'), returnDocument: returnDocument(args.returnDocument) });
    case 'insertOne': return coll.insertOne(args.document, o('document'));
    case 'insertMany': return coll.insertMany(args.documents, o('documents'));
    case 'replaceOne': return coll.replaceOne(args.filter, args.replacement, o('filter', 'replacement'));
    case 'updateOne': return coll.updateOne(args.filter, args.update, o('filter', 'update'));
    case 'updateMany': return coll.updateMany(args.filter, args.update, o('filter', 'update'));
    case 'deleteOne': return coll.deleteOne(args.filter, o('filter'));
    case 'deleteMany': return coll.deleteMany(args.filter, o('filter'));
    case 'createIndex': return coll.createIndex(args.keys, o('keys'));
    case 'dropIndex': return coll.dropIndex(args.name, o('name'));
    case 'listIndexes': return coll.listIndexes(o()).toArray();
    case 'drop': return coll.drop(o());
    case 'rename': return coll.rename(args.to, o('to'));
    default: throw new UnsupportedOperation(`collection.${name}`);
  }
}

export async function databaseOperation(db: Db, name: string, args: Args, entities: EntityMap): Promise<unknown> {
  const o = (...positional: string[]) => options(args, entities, positional);
  switch (name) {
    case 'aggregate': return db.aggregate(args.pipeline, o('pipeline')).toArray();
    case 'runCommand': return db.command(args.command, o('command', 'commandName'));
    case 'createCollection': await db.createCollection(args.collection, o('collection')); return undefined;
    case 'dropCollection': return db.dropCollection(args.collection, o('collection'));
    case 'listCollections': return db.listCollections(args.filter ?? {}, o('filter')).toArray();
    case 'listCollectionNames': return (await db.listCollections(args.filter ?? {}, { ...o('filter'), nameOnly: true }).toArray()).map((c) => c.name);
    case 'modifyCollection': {
      const { session, ...fields } = o('collection');
      return db.command({ collMod: args.collection, ...fields }, { session });
    }
    default: throw new UnsupportedOperation(`database.${name}`);
  }
}

/** An operation this runner does not implement: reported as a failure naming it, never silently passed. */
export class UnsupportedOperation extends Error {
  constructor(what: string) {
    super(`operation ${what} is not implemented by the conformance runner`);
  }
}
