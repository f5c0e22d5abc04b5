/**
 * The write path. Committed writes install new document versions immediately; transactional
 * writes go to the transaction's overlay after conflict checks and are installed together at
 * commit under one sequence number. Write-write conflicts are first-writer-wins: a transaction
 * touching a document someone changed after its snapshot, or one another transaction holds,
 * gets WriteConflict (with the TransientTransactionError label, so the driver retries it).
 */
import { CommandError, noSuchTransaction, writeConflict } from '../errors';
import { Transaction } from '../txn/transaction';
import { Doc } from '../values/types';
import { Catalog, OpLog } from './catalog';
import { IdMultiMap } from './id-map';
import { Collection, UniqueConflict } from './collection';

function lockKey(coll: Collection, id: string): string {
  return coll.lockPrefix + id;
}

export class Engine {
  seq = 0;
  readonly catalog = new Catalog();
  readonly activeTxns = new Set<Transaction>();
  private readonly locks = new Map<string, Transaction>();
  /** Collections holding version chains that must be pruned when the last transaction ends. */
  private readonly historyColls = new Set<Collection>();
  private finishedSincePrune = 0;
  /** setParameter notablescan: queries that would scan a collection fail (code 291). */
  noTableScan = false;

  private get keepHistory(): boolean {
    return this.activeTxns.size > 0;
  }

  // ---- committed (non-transactional) writes -------------------------------------------------

  /** Inserts or replaces a document outside transactions; throws duplicate-key errors. */
  put(coll: Collection, id: string, doc: Doc, isInsert: boolean, log: OpLog): void {
    const keys = coll.checkPut(id, doc, isInsert);
    this.breakLock(coll, id);
    const seq = ++this.seq;
    if (this.keepHistory) this.historyColls.add(coll);
    coll.put(id, doc, seq, this.keepHistory, keys);
    log.push({ o: 'p', db: coll.db, c: coll.name, d: doc });
    if (isInsert && coll.overCap) this.evictOldest(coll, id, log);
  }

  /**
   * A capped collection over its size or document limit drops its oldest documents (insertion
   * order, which the record map keeps), never the one just inserted. Each removal is journaled.
   */
  private evictOldest(coll: Collection, keep: string, log: OpLog): void {
    for (const [id] of coll.live()) {
      if (!coll.overCap) return;
      if (id !== keep) this.remove(coll, id, log);
    }
  }

  remove(coll: Collection, id: string, log: OpLog): Doc | undefined {
    const doc = coll.current(id);
    if (!doc) return undefined;
    this.breakLock(coll, id);
    if (this.keepHistory) this.historyColls.add(coll);
    coll.remove(id, ++this.seq, this.keepHistory);
    log.push({ o: 'd', db: coll.db, c: coll.name, id: doc._id });
    return doc;
  }

  /** A plain write wins over a transaction holding the document: that transaction aborts. */
  private breakLock(coll: Collection, id: string): void {
    if (this.locks.size === 0) return;
    const owner = this.locks.get(lockKey(coll, id));
    if (owner) this.abort(owner, writeConflict());
  }

  // ---- transactions ----------------------------------------------------------------------------

  begin(sessionId: string, txnNumber: bigint): Transaction {
    const txn = new Transaction(sessionId, txnNumber, this.seq);
    this.activeTxns.add(txn);
    return txn;
  }

  /** The document as the transaction sees it (its own writes, else its snapshot). */
  txnGet(txn: Transaction, coll: Collection, id: string): Doc | undefined {
    const overlay = txn.overlay(coll);
    if (overlay?.has(id)) return overlay.get(id) ?? undefined;
    return coll.visible(id, txn.snap);
  }

  private claim(txn: Transaction, coll: Collection, id: string): void {
    txn.assertActive();
    const key = lockKey(coll, id);
    const owner = this.locks.get(key);
    const committed = coll.records.get(id);
    if ((owner && owner !== txn) || (committed && committed.seq > txn.snap)) {
      const err = writeConflict();
      this.abort(txn, null);
      throw err;
    }
    this.locks.set(key, txn);
    txn.lockKeys.add(key);
  }

  txnPut(txn: Transaction, coll: Collection, id: string, doc: Doc, isInsert: boolean): void {
    this.claim(txn, coll, id);
    try {
      if (isInsert && this.txnGet(txn, coll, id)) throw coll.duplicateError({ index: null, otherId: id, values: [doc._id] });
      const clash = this.txnUniqueClash(txn, coll, id, doc);
      if (clash) throw clash;
    } catch (err) {
      // As in MongoDB, a failed statement aborts the whole transaction.
      this.abort(txn, null);
      throw err;
    }
    this.trackUnique(txn, coll, id, doc);
    txn.overlayFor(coll).set(id, doc);
  }

  txnRemove(txn: Transaction, coll: Collection, id: string): void {
    this.claim(txn, coll, id);
    this.trackUnique(txn, coll, id, null);
    txn.overlayFor(coll).set(id, null);
  }

  /** Moves `id`'s unique keys in the transaction's key maps from its previous overlay version to `after`. */
  private trackUnique(txn: Transaction, coll: Collection, id: string, after: Doc | null): void {
    const before = txn.overlay(coll)?.get(id);
    for (const index of coll.indexes) {
      if (!index.unique) continue;
      const keys = txn.uniqueKeys.get(index) ?? new IdMultiMap();
      txn.uniqueKeys.set(index, keys);
      if (before) for (const k of index.keysOf(before).full) keys.remove(k, id);
      if (after) for (const k of index.keysOf(after).full) keys.add(k, id);
    }
  }

  /** Unique-index clash of `doc` against the transaction's view (snapshot + own writes). */
  private txnUniqueClash(txn: Transaction, coll: Collection, id: string, doc: Doc): CommandError | null {
    const keys = coll.keysFor(doc);
    const overlay = txn.overlay(coll);
    for (let i = 0; i < coll.indexes.length; i++) {
      const index = coll.indexes[i];
      if (!index.unique) continue;
      for (let k = 0; k < keys[i].full.length; k++) {
        const key = keys[i].full[k];
        const clash: UniqueConflict = { index, otherId: '', values: keys[i].values[k] };
        for (const holder of index.holders(key)) {
          if (holder === id || overlay?.has(holder)) continue;
          if (coll.visible(holder, txn.snap)) return coll.duplicateError(clash);
          return writeConflict(); // committed after our snapshot
        }
        if (txn.uniqueKeys.get(index)?.other(key, id) !== undefined) {
          return coll.duplicateError(clash);
        }
      }
    }
    return null;
  }

  commit(txn: Transaction, log: OpLog): void {
    txn.assertActive();
    // Re-check unique constraints against writes committed since the statements ran.
    for (const coll of txn.pendingColls.values()) {
      if (this.catalog.get(coll.db, coll.name)) return this.failCommit(txn); // created concurrently
    }
    for (const [coll, writes] of txn.writes) {
      if (txn.pendingColls.get(coll.ns) !== coll && this.catalog.get(coll.db, coll.name) !== coll) return this.failCommit(txn);
      for (const [id, doc] of writes) {
        if (!doc) continue;
        const clashes = coll.conflicts(id, doc, coll.keysFor(doc), false).filter((c) => !writes.has(c.otherId));
        if (clashes.length) return this.failCommit(txn);
      }
    }
    for (const coll of txn.pendingColls.values()) this.catalog.register(coll, log);
    const seq = ++this.seq;
    const history = this.activeTxns.size > 1;
    for (const [coll, writes] of txn.writes) {
      if (history) this.historyColls.add(coll);
      for (const [id, doc] of writes) {
        if (doc) {
          coll.put(id, doc, seq, history);
          log.push({ o: 'p', db: coll.db, c: coll.name, d: doc });
        } else {
          const old = coll.remove(id, seq, history);
          if (old) log.push({ o: 'd', db: coll.db, c: coll.name, id: old._id });
        }
      }
    }
    txn.state = 'committed';
    this.finish(txn);
  }

  private failCommit(txn: Transaction): never {
    this.abort(txn, null);
    throw writeConflict();
  }

  /** Ends a transaction without applying it; `reason` is what its next statement will see. */
  abort(txn: Transaction, reason: CommandError | null): void {
    if (txn.state !== 'active') return;
    txn.state = 'aborted';
    txn.abortError = reason ?? noSuchTransaction(txn.txnNumber);
    txn.writes.clear();
    this.finish(txn);
  }

  private finish(txn: Transaction): void {
    for (const key of txn.lockKeys) if (this.locks.get(key) === txn) this.locks.delete(key);
    txn.lockKeys.clear();
    this.activeTxns.delete(txn);
    if (this.activeTxns.size === 0) {
      for (const coll of this.historyColls) coll.pruneHistory();
      this.historyColls.clear();
    } else if (++this.finishedSincePrune >= 16) {
      // Transactions that keep overlapping never leave the engine idle: trim history anyway.
      this.finishedSincePrune = 0;
      let minSnap = Infinity;
      for (const t of this.activeTxns) minSnap = Math.min(minSnap, t.snap);
      for (const coll of this.historyColls) coll.pruneBefore(minSnap);
    }
  }
}
