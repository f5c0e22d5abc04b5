/**
 * What one command reads and writes through: the committed state, or a transaction's snapshot
 * plus its own writes. Commands never touch collections or the engine directly for data.
 */
import { Transaction } from '../txn/transaction';
import { Doc } from '../values/types';
import { OpLog } from './catalog';
import { Collection } from './collection';
import { Engine } from './engine';

export class DataView {
  constructor(readonly engine: Engine, readonly txn: Transaction | null) {}

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
    if (this.txn) this.engine.txnPut(this.txn, coll, id, doc, isInsert);
    else this.engine.put(coll, id, doc, isInsert, log);
  }

  remove(coll: Collection, id: string, log: OpLog): void {
    if (this.txn) this.engine.txnRemove(this.txn, coll, id);
    else this.engine.remove(coll, id, log);
  }
}
