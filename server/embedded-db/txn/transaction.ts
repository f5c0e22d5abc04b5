/**
 * A multi-document transaction: a snapshot sequence number plus a private overlay of the
 * documents it wrote (null = deleted). Nothing reaches the collections before commit.
 */
import { CommandError, noSuchTransaction } from '../errors';
import type { Collection } from '../storage/collection';
import { IdMultiMap } from '../storage/id-map';
import type { SecondaryIndex } from '../storage/secondary-index';
import { Doc } from '../values/types';

export type TxnState = 'active' | 'committed' | 'aborted';

export class Transaction {
  state: TxnState = 'active';
  /** Why it was aborted; reported to the next statement or commit. */
  abortError: CommandError | null = null;
  readonly writes = new Map<Collection, Map<string, Doc | null>>();
  readonly startedAt = Date.now();
  /** Cursors opened inside the transaction, killed when it ends. */
  readonly cursorIds = new Set<bigint>();
  /** Collections created inside the transaction (by namespace): invisible to others until commit. */
  readonly pendingColls = new Map<string, Collection>();
  /** Unique-index keys of the documents in the overlay, so clashes among them cost a lookup. */
  readonly uniqueKeys = new Map<SecondaryIndex, IdMultiMap>();
  /** Document locks held (engine lock-table keys). */
  readonly lockKeys = new Set<string>();

  constructor(readonly sessionId: string, readonly txnNumber: bigint, readonly snap: number) {}

  overlay(coll: Collection): Map<string, Doc | null> | undefined {
    return this.writes.get(coll);
  }

  overlayFor(coll: Collection): Map<string, Doc | null> {
    let m = this.writes.get(coll);
    if (!m) this.writes.set(coll, (m = new Map()));
    return m;
  }

  /** Throws the reason this transaction can no longer run statements. */
  assertActive(): void {
    if (this.state === 'active') return;
    const err = this.abortError ?? noSuchTransaction(this.txnNumber);
    this.abortError = null; // the first statement learns the cause, later ones NoSuchTransaction
    throw err;
  }
}
