/** Version chains kept for open transactions are trimmed even when transactions keep overlapping. */
import { Engine } from '../../server/embedded-db/storage/engine';
import { OpLog } from '../../server/embedded-db/storage/catalog';
import { Collection } from '../../server/embedded-db/storage/collection';

function chainLength(coll: Collection, id: string): number {
  let n = 0;
  for (let v = coll.records.get(id); v; v = v.prev) n++;
  return n;
}

test('overlapping transactions see their snapshots while old versions are pruned', () => {
  const engine = new Engine();
  const log: OpLog = [];
  const coll = engine.catalog.create('t', 'c', {}, log);
  engine.put(coll, 'n1', { _id: 1, v: 0 }, true, log);
  engine.put(coll, 'n2', { _id: 2, v: 0 }, true, log);
  let older = engine.begin('s0', 1n);
  const firstSnapshotValue = engine.txnGet(older, coll, 'n1');
  for (let round = 1; round <= 200; round++) {
    const newer = engine.begin(`s${round}`, BigInt(round + 1));
    engine.put(coll, 'n1', { _id: 1, v: round }, false, log);
    if (round === 100) engine.remove(coll, 'n2', log);
    if (round === 1) expect(engine.txnGet(older, coll, 'n1')).toBe(firstSnapshotValue);
    expect(engine.txnGet(newer, coll, 'n1')).toEqual({ _id: 1, v: round - 1 });
    engine.abort(older, null);
    older = newer;
  }
  // Only versions visible to the one open transaction (and the current one) remain.
  expect(chainLength(coll, 'n1')).toBeLessThanOrEqual(20);
  expect(coll.recentChanges.size).toBeLessThanOrEqual(2);
  expect(engine.txnGet(older, coll, 'n1')).toEqual({ _id: 1, v: 199 });
  expect(engine.txnGet(older, coll, 'n2')).toBeUndefined();
  engine.abort(older, null);
  expect(chainLength(coll, 'n1')).toBe(1);
  expect(coll.records.has('n2')).toBe(false);
  expect(coll.recentChanges.size).toBe(0);
});
