/**
 * One collection: documents keyed by the canonical key of their `_id`, plus secondary indexes.
 * Stored documents are immutable; a write installs a new version. While transactions are open
 * the previous version is chained behind the new one (`prev`), so a transaction reads the state
 * as of its snapshot without the collection ever being copied.
 */
import { UUID } from 'bson';
import { CommandError, Codes } from '../errors';
import { compileFilter } from '../query/matcher';
import { valueKey } from '../values/keys';
import { bsonSize } from '../values/codec';
import { Collation, parseCollation } from '../values/collation';
import { toNumber } from '../values/numeric';
import { Doc } from '../values/types';
import { duplicateKeyError } from './dup-key';
import { ID_INDEX_SPEC, IndexSpec } from './index-spec';
import { IndexKeys, SecondaryIndex } from './secondary-index';

export interface Version {
  /** null marks a deletion kept for open transactions. */
  doc: Doc | null;
  seq: number;
  prev?: Version;
}

export interface UniqueConflict { index: SecondaryIndex | null; otherId: string; values: unknown[] }

export function idKeyOf(doc: Doc): string {
  return valueKey(doc._id);
}

export class Collection {
  readonly records = new Map<string, Version>();
  indexes: SecondaryIndex[] = [];
  liveCount = 0;
  /** Ids changed while transactions were open, with the change's sequence number. */
  readonly recentChanges = new Map<string, number>();
  /** Bumped by DDL so cached plans and open transactions notice. */
  epoch = 0;
  /** Prefix of this collection's keys in the engine's document lock table. */
  readonly lockPrefix: string;
  /** The default collation (create's `collation` option); null = simple. */
  readonly collation: Collation | null;
  /** Capped limits: bytes (BSON sizes of the live documents) and documents (0 = no limit). */
  readonly capped: { size: number; max: number } | null;
  /** Sum of the BSON sizes of the live documents (kept for capped collections only). */
  cappedBytes = 0;

  constructor(readonly db: string, public name: string, readonly uuid: UUID, readonly options: Doc) {
    this.lockPrefix = `${uuid.toHexString()}|`;
    this.collation = parseCollation(options.collation);
    this.capped = options.capped === true ? { size: toNumber(options.size), max: options.max === undefined ? 0 : toNumber(options.max) } : null;
  }

  /** A capped collection holding more than its limits allow (the oldest documents must go). */
  get overCap(): boolean {
    return this.capped !== null && (this.cappedBytes > this.capped.size || (this.capped.max > 0 && this.liveCount > this.capped.max));
  }

  private trackSize(before: Doc | null | undefined, after: Doc | null | undefined): void {
    if (!this.capped) return;
    this.cappedBytes += (after ? bsonSize(after) : 0) - (before ? bsonSize(before) : 0);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  current(id: string): Doc | undefined {
    return this.records.get(id)?.doc ?? undefined;
  }

  /** The version a snapshot taken at `snap` sees. */
  visible(id: string, snap: number): Doc | undefined {
    let v = this.records.get(id);
    while (v && v.seq > snap) v = v.prev;
    return v?.doc ?? undefined;
  }

  *live(): IterableIterator<[string, Doc]> {
    for (const [id, v] of this.records) if (v.doc) yield [id, v.doc];
  }

  *asOf(snap: number): IterableIterator<[string, Doc]> {
    for (const id of this.records.keys()) {
      const doc = this.visible(id, snap);
      if (doc) yield [id, doc];
    }
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...this.indexes.map((i) => i.spec)];
  }

  findIndex(name: string): SecondaryIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  keysFor(doc: Doc | null | undefined): IndexKeys[] {
    return this.indexes.map((i) => i.keysOf(doc ?? null));
  }

  /** Unique-index clashes `doc` (stored at `id`) would cause against the committed state. */
  conflicts(id: string, doc: Doc, keys: IndexKeys[], checkId: boolean): UniqueConflict[] {
    const out: UniqueConflict[] = [];
    if (checkId && this.current(id)) out.push({ index: null, otherId: id, values: [doc._id] });
    this.indexes.forEach((index, i) => {
      const c = index.conflict(keys[i], id);
      if (c) out.push({ index, otherId: c.otherId, values: c.values });
    });
    return out;
  }

  duplicateError(c: UniqueConflict): CommandError {
    if (!c.index) return duplicateKeyError(this.ns, '_id_', { _id: 1 }, c.values);
    return duplicateKeyError(this.ns, c.index.name, c.index.spec.key, c.values);
  }

  /** Throws the duplicate-key error a committed insert or replacement would hit. */
  checkPut(id: string, doc: Doc, isInsert: boolean): IndexKeys[] {
    const keys = this.keysFor(doc);
    const clashes = this.conflicts(id, doc, keys, isInsert);
    if (clashes.length) throw this.duplicateError(clashes[0]);
    return keys;
  }

  /** Installs `doc` as the newest version of `id` (insert or replace); indexes follow. */
  put(id: string, doc: Doc, seq: number, keepHistory: boolean, newKeys?: IndexKeys[]): void {
    const prev = this.records.get(id);
    const before = this.keysFor(prev?.doc);
    const after = newKeys ?? this.keysFor(doc);
    this.indexes.forEach((index, i) => index.update(id, before[i], after[i]));
    this.trackSize(prev?.doc, doc);
    if (!prev?.doc) this.liveCount++;
    this.records.set(id, { doc, seq, prev: keepHistory ? prev : undefined });
    if (keepHistory) this.recentChanges.set(id, seq);
  }

  remove(id: string, seq: number, keepHistory: boolean): Doc | undefined {
    const prev = this.records.get(id);
    if (!prev?.doc) return undefined;
    const before = this.keysFor(prev.doc);
    this.indexes.forEach((index, i) => index.remove(id, before[i]));
    this.trackSize(prev.doc, null);
    this.liveCount--;
    if (keepHistory) {
      this.records.set(id, { doc: null, seq, prev });
      this.recentChanges.set(id, seq);
    } else this.records.delete(id);
    return prev.doc;
  }

  /**
   * Drops versions no open transaction can read: every snapshot is at `minSnap` or later, so
   * of the versions older than that only the newest one is still visible.
   */
  pruneBefore(minSnap: number): void {
    for (const [id, seq] of this.recentChanges) {
      const v = this.records.get(id);
      if (!v) {
        this.recentChanges.delete(id);
        continue;
      }
      if (seq <= minSnap) {
        v.prev = undefined;
        if (!v.doc) this.records.delete(id);
        this.recentChanges.delete(id);
        continue;
      }
      let cur = v.prev;
      while (cur && cur.seq > minSnap) cur = cur.prev;
      if (cur) cur.prev = undefined;
    }
  }

  /** Drops version chains and tombstones once no transaction can read them. */
  pruneHistory(): void {
    for (const id of this.recentChanges.keys()) {
      const v = this.records.get(id);
      if (!v) continue;
      if (!v.doc) this.records.delete(id);
      else v.prev = undefined;
    }
    this.recentChanges.clear();
  }

  /** Builds a new index over the live documents; fails without side effects on duplicates. */
  addIndex(spec: IndexSpec): SecondaryIndex {
    const partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression as Doc) : null;
    const index = new SecondaryIndex(spec, partial);
    for (const [id, doc] of this.live()) {
      const keys = index.keysOf(doc);
      const c = index.conflict(keys, id);
      if (c) {
        index.clear();
        throw duplicateKeyError(this.ns, spec.name, spec.key, c.values);
      }
      index.add(id, keys);
    }
    this.indexes = [...this.indexes, index];
    this.epoch++;
    return index;
  }

  /** Registers an index without building it (recovery; rebuildIndexes fills it). */
  attachIndex(spec: IndexSpec): void {
    const partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression as Doc) : null;
    this.indexes = [...this.indexes, new SecondaryIndex(spec, partial)];
    this.epoch++;
  }

  dropIndex(name: string): void {
    const index = this.findIndex(name);
    if (!index) throw new CommandError(Codes.IndexNotFound, `index not found with name [${name}]`);
    this.indexes = this.indexes.filter((i) => i !== index);
    this.epoch++;
  }

  /** Rebuilds all indexes from the documents (after bulk loading). */
  rebuildIndexes(): void {
    for (const index of this.indexes) {
      index.clear();
      for (const [id, doc] of this.live()) index.add(id, index.keysOf(doc));
    }
  }

  /** Bulk load without index maintenance (recovery); call rebuildIndexes afterwards. */
  load(id: string, doc: Doc | null): void {
    const prev = this.records.get(id);
    this.trackSize(prev?.doc, doc);
    if (doc) {
      if (!prev?.doc) this.liveCount++;
      this.records.set(id, { doc, seq: 0 });
    } else if (prev?.doc) {
      this.liveCount--;
      this.records.delete(id);
    }
  }
}
