/**
 * Journal records: the BSON of one change with full post-images (`p`: put document, `d`: delete
 * by _id, and DDL), so replaying a record twice is harmless. Snapshots are in snapshot.ts.
 */
import { BSON, UUID } from 'bson';
import { valueKey } from '../values/keys';
import { Doc, isPlainObject } from '../values/types';
import { Catalog, OpLog } from './catalog';
import { Collection, idKeyOf } from './collection';
import { IndexSpec } from './index-spec';

export function encodeRecord(record: Doc): Buffer {
  const bytes = BSON.serialize(record);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function collectionFor(catalog: Catalog, db: string, name: string, scratch: OpLog): Collection {
  return catalog.get(db, name) ?? catalog.create(db, name, {}, scratch);
}

/** Applies one decoded record during recovery (indexes are rebuilt afterwards). */
export function replayRecord(catalog: Catalog, r: Doc): void {
  const scratch: OpLog = [];
  const db = String(r.db);
  const name = String(r.c);
  switch (r.o) {
    case 'p': {
      const doc = r.d as Doc;
      collectionFor(catalog, db, name, scratch).load(idKeyOf(doc), doc);
      return;
    }
    case 'd':
      catalog.get(db, name)?.load(valueKey(r.id), null);
      return;
    case 'cc':
      if (!catalog.get(db, name)) catalog.create(db, name, isPlainObject(r.opts) ? r.opts : {}, scratch, r.uuid as UUID);
      return;
    case 'dc':
      catalog.drop(db, name, scratch);
      return;
    case 'dd':
      catalog.dropDatabase(db, scratch);
      return;
    case 'rn': {
      const source = catalog.get(db, name);
      if (!source) return;
      catalog.drop(String(r.toDb), String(r.toC), scratch);
      catalog.rename(source, String(r.toDb), String(r.toC), scratch);
      return;
    }
    case 'ci': {
      const coll = collectionFor(catalog, db, name, scratch);
      const spec = r.spec as IndexSpec;
      if (!coll.findIndex(spec.name)) coll.attachIndex(spec);
      return;
    }
    case 'mi': {
      const spec = r.spec as IndexSpec;
      catalog.get(db, name)?.findIndex(spec.name)?.applyOptions(spec);
      return;
    }
    case 'di': {
      const coll = catalog.get(db, name);
      if (coll?.findIndex(String(r.name))) coll.dropIndex(String(r.name));
      return;
    }
    default:
      throw new Error(`unknown journal record type ${String(r.o)}`);
  }
}
