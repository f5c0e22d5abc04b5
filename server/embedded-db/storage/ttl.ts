/**
 * TTL monitor: deletes documents whose indexed date (the earliest, for an array of dates) plus
 * `expireAfterSeconds` lies in the past, like MongoDB's background TTL thread. Documents without
 * a date in the indexed field never expire.
 */
import { OpLog } from './catalog';
import { Engine } from './engine';
import { collect } from '../values/paths';

export function reapExpired(engine: Engine, log: OpLog, now = Date.now()): number {
  let removed = 0;
  for (const coll of engine.catalog.all()) {
    for (const index of coll.indexes) {
      if (index.ttlSeconds === null) continue;
      const cutoff = now - index.ttlSeconds * 1000;
      const expired: string[] = [];
      for (const [id, doc] of coll.live()) {
        let earliest = Infinity;
        for (const v of collect(doc, index.fields[0])) if (v instanceof Date) earliest = Math.min(earliest, v.getTime());
        if (earliest <= cutoff) expired.push(id);
      }
      for (const id of expired) if (engine.remove(coll, id, log)) removed++;
    }
  }
  return removed;
}
