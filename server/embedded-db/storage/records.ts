/**
 * Journal records and snapshots. A record is the BSON of one change with full post-images
 * (`p`: put document, `d`: delete by _id, and DDL), so replaying a record twice is harmless.
 * A snapshot is a sequence of BSON documents: a header, then per collection its metadata
 * followed by its documents.
 */
import { BSON, UUID } from 'bson';
import { decodeDocument } from '../values/codec';
import { valueKey } from '../values/keys';
import { Doc, isPlainObject } from '../values/types';
import { Catalog, OpLog } from './catalog';
import { Collection, idKeyOf } from './collection';
import { IndexSpec } from './index-spec';

const SNAPSHOT_FORMAT = 'monev-embedded-db';
const SNAPSHOT_VERSION = 1;

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
    case 'di': {
      const coll = catalog.get(db, name);
      if (coll?.findIndex(String(r.name))) coll.dropIndex(String(r.name));
      return;
    }
    default:
      throw new Error(`unknown journal record type ${String(r.o)}`);
  }
}

/** Serialises the whole catalog (committed state only). */
export function buildSnapshot(catalog: Catalog): Buffer {
  const parts: Buffer[] = [];
  const colls = catalog.all();
  parts.push(encodeRecord({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, collections: colls.length }));
  for (const coll of colls) {
    parts.push(encodeRecord({
      db: coll.db, c: coll.name, uuid: coll.uuid, opts: coll.options,
      indexes: coll.indexes.map((i) => i.spec), count: coll.liveCount,
    }));
    for (const [, doc] of coll.live()) parts.push(encodeRecord(doc));
  }
  return Buffer.concat(parts);
}

function readDoc(buf: Buffer, pos: number): [Doc, number] {
  if (pos + 4 > buf.length) throw new Error('snapshot truncated');
  const size = buf.readInt32LE(pos);
  if (size < 5 || pos + size > buf.length) throw new Error('snapshot has an invalid document length');
  return [decodeDocument(buf.subarray(pos, pos + size)), pos + size];
}

export function loadSnapshot(catalog: Catalog, buf: Buffer): void {
  let [header, pos] = readDoc(buf, 0);
  if (header.format !== SNAPSHOT_FORMAT || Number(header.version) !== SNAPSHOT_VERSION) {
    throw new Error(`unrecognised snapshot format ${String(header.format)} v${String(header.version)}`);
  }
  const scratch: OpLog = [];
  const n = Number(header.collections);
  for (let i = 0; i < n; i++) {
    let meta: Doc;
    [meta, pos] = readDoc(buf, pos);
    const coll = catalog.create(String(meta.db), String(meta.c), (meta.opts as Doc) ?? {}, scratch, meta.uuid as UUID);
    for (const spec of (meta.indexes as IndexSpec[]) ?? []) coll.attachIndex(spec);
    const count = Number(meta.count);
    for (let k = 0; k < count; k++) {
      let doc: Doc;
      [doc, pos] = readDoc(buf, pos);
      coll.load(idKeyOf(doc), doc);
    }
  }
}
