/**
 * What one command reads and writes through: the committed state, or a transaction's snapshot
 * plus its own writes. Commands never touch collections or the engine directly for data.
 */
import { UUID } from 'bson';
import { CommandError, Codes } from '../errors';
import { Transaction } from '../txn/transaction';
import { Doc } from '../values/types';
import { checkCollName, checkDbName, OpLog } from './catalog';
import { Collection } from './collection';
import { Engine } from './engine';
import { IndexSpec } from './index-spec';

export class DataView {
  constructor(readonly engine: Engine, readonly txn: Transaction | null) {}

  /** The collection as this command sees it (a transaction also sees the ones it created). */
  collection(db: string, name: string): Collection | undefined {
    return this.txn?.pendingColls.get(`${db}.${name}`) ?? this.engine.catalog.get(db, name);
  }

  createCollection(db: string, name: string, options: Doc, log: OpLog): Collection {
    if (!this.txn) return this.engine.catalog.create(db, name, options, log);
    checkDbName(db);
    checkCollName(db, name);
    if (this.collection(db, name)) throw new CommandError(Codes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    const coll = new Collection(db, name, new UUID(), options);
    this.txn.pendingColls.set(coll.ns, coll);
    return coll;
  }

  /** The collection, created implicitly (as inserts, upserts and createIndexes do) when missing. */
  obtainCollection(db: string, name: string, log: OpLog): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name, {}, log);
  }

  addIndex(coll: Collection, spec: IndexSpec, log: OpLog): void {
    if (!this.txn) {
      this.engine.catalog.addIndex(coll, spec, log);
      return;
    }
    if (this.txn.pendingColls.get(coll.ns) !== coll) {
      throw new CommandError(Codes.OperationNotSupportedInTransaction, `Cannot create new indexes on existing collection ${coll.ns} in a multi-document transaction.`);
    }
    coll.addIndex(spec); // journaled with the collection at commit
  }

  get(coll: Collection, id: string): Doc | undefined {
    return this.txn ? this.engine.txnGet(this.txn, coll, id) : coll.current(id);
  }

  *all(coll: Collection): IterableIterator<[string, Doc]> {
    if (!this.txn) {
      yield* coll.live();
      return;
    }
    const overlay = this.txn.overlay(coll);
    for (const id of coll.records.keys()) {
      const doc = overlay?.has(id) ? overlay.get(id) : coll.visible(id, this.txn.snap);
      if (doc) yield [id, doc];
    }
    if (overlay) for (const [id, doc] of overlay) if (doc && !coll.records.has(id)) yield [id, doc];
  }

  /**
   * Documents among index candidates `ids`. Inside a transaction the committed indexes may be
   * ahead of the snapshot, so ids changed since the snapshot and the transaction's own writes
   * are added to the candidates (the filter is applied to everything afterwards anyway).
   */
  *byIds(coll: Collection, ids: Iterable<string>): IterableIterator<[string, Doc]> {
    if (!this.txn) {
      for (const id of ids) {
        const doc = coll.current(id);
        if (doc) yield [id, doc];
      }
      return;
    }
    const seen = new Set<string>(ids);
    for (const [id, seq] of coll.recentChanges) if (seq > this.txn.snap) seen.add(id);
    const overlay = this.txn.overlay(coll);
    if (overlay) for (const id of overlay.keys()) seen.add(id);
    for (const id of seen) {
      const doc = this.get(coll, id);
      if (doc) yield [id, doc];
    }
  }

  count(coll: Collection): number {
    if (!this.txn) return coll.liveCount;
    let n = 0;
    for (const _ of this.all(coll)) n++;
    return n;
  }

  put(coll: Collection, id: string, doc: Doc, isInsert: boolean, log: OpLog): void {
    if (this.txn) {
      checkTxnWrite(coll);
      this.engine.txnPut(this.txn, coll, id, doc, isInsert);
    } else this.engine.put(coll, id, doc, isInsert, log);
  }

  remove(coll: Collection, id: string, log: OpLog): void {
    if (this.txn) {
      checkTxnWrite(coll);
      this.engine.txnRemove(this.txn, coll, id);
    } else this.engine.remove(coll, id, log);
  }
}

/** MongoDB refuses writes to capped collections inside transactions. */
function checkTxnWrite(coll: Collection): void {
  if (coll.capped) {
    throw new CommandError(Codes.OperationNotSupportedInTransaction, `Collection '${coll.ns}' is a capped collection. Writes in transactions are not allowed on capped collections.`);
  }
}
