/**
 * Snapshots: a header document, then per collection its metadata followed by its documents.
 *
 * Building one for a large database must not freeze the server, so it happens in three steps:
 * capture (synchronous, copies only references to the immutable document versions), serialise
 * (in chunks, yielding to other work), finish (synchronous: documents written meanwhile are
 * serialised again from their current version). `finish()` and `journal.compact()` run in the
 * same turn, so the snapshot covers exactly the records appended before compaction starts.
 * If collections or indexes changed meanwhile, finish() gives up and compaction waits for
 * the next round.
 */
import { UUID } from 'bson';
import { decodeDocument } from '../values/codec';
import { valueKey } from '../values/keys';
import { Doc } from '../values/types';
import { Catalog, OpLog } from './catalog';
import { Collection, idKeyOf } from './collection';
import { IndexSpec } from './index-spec';
import { encodeRecord } from './records';

const SNAPSHOT_FORMAT = 'monev-embedded-db';
const SNAPSHOT_VERSION = 1;
const CHUNK = 2000;

interface Captured { coll: Collection; ids: string[]; docs: Doc[]; encoded: Buffer[] }

export class SnapshotBuilder {
  private readonly captured: Captured[];
  /** Per collection (lock prefix), ids written since the capture. */
  private readonly dirty = new Map<string, Set<string>>();
  private ddlChanged = false;

  constructor(private readonly catalog: Catalog) {
    this.captured = catalog.all().map((coll) => {
      const ids: string[] = [];
      const docs: Doc[] = [];
      for (const [id, doc] of coll.live()) {
        ids.push(id);
        docs.push(doc);
      }
      return { coll, ids, docs, encoded: [] };
    });
  }

  /** Called with every batch of journal records appended while the snapshot is being built. */
  noteRecords(log: OpLog): void {
    for (const r of log) {
      if (r.o !== 'p' && r.o !== 'd') {
        this.ddlChanged = true;
        continue;
      }
      const coll = this.catalog.get(String(r.db), String(r.c));
      if (!coll) {
        this.ddlChanged = true;
        continue;
      }
      let ids = this.dirty.get(coll.lockPrefix);
      if (!ids) this.dirty.set(coll.lockPrefix, (ids = new Set()));
      ids.add(r.o === 'p' ? idKeyOf(r.d as Doc) : valueKey(r.id));
    }
  }

  /** Serialises the captured documents, yielding to the event loop between chunks. */
  async serialize(): Promise<void> {
    let sinceYield = 0;
    for (const c of this.captured) {
      for (let i = 0; i < c.docs.length; i++) {
        c.encoded.push(encodeRecord(c.docs[i]));
        if (++sinceYield >= CHUNK) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      c.docs.length = 0;
    }
  }

  /** The snapshot as of now, or null if the catalog changed since the capture. */
  finish(): Buffer | null {
    if (this.ddlChanged || this.catalog.all().length !== this.captured.length) return null;
    const parts: Buffer[] = [encodeRecord({ format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, collections: this.captured.length })];
    for (const c of this.captured) {
      const { coll } = c;
      if (this.catalog.get(coll.db, coll.name) !== coll) return null;
      const dirty = this.dirty.get(coll.lockPrefix);
      const docs: Buffer[] = [];
      for (let i = 0; i < c.ids.length; i++) if (!dirty?.has(c.ids[i])) docs.push(c.encoded[i]);
      if (dirty) {
        for (const id of dirty) {
          const doc = coll.current(id);
          if (doc) docs.push(encodeRecord(doc));
        }
      }
      parts.push(encodeRecord({
        db: coll.db, c: coll.name, uuid: coll.uuid, opts: coll.options,
        indexes: coll.indexes.map((i) => i.spec), count: docs.length,
      }));
      for (const d of docs) parts.push(d);
    }
    return Buffer.concat(parts);
  }
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
