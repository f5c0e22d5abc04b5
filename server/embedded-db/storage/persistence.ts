/**
 * Durability through the journal (./journal, written separately): recovery loads the last
 * snapshot and replays the records after it; each command's records are appended as one atomic
 * group and the reply waits for the fsync (group commit shares it between concurrent writers);
 * when the log has grown, the state is written as a new snapshot and the log restarts.
 */
import { Journal } from '../journal';
import { decodeDocument } from '../values/codec';
import type { Logger } from '../wire/connection';
import { OpLog } from './catalog';
import { Engine } from './engine';
import { encodeRecord, replayRecord } from './records';
import { loadSnapshot, SnapshotBuilder } from './snapshot';

export interface PersistenceOptions {
  /** Compact once the log exceeds this many bytes (and half the last snapshot). */
  compactMinBytes?: number;
}

export class Persistence {
  private lastSnapshotBytes = 0;
  private compacting: Promise<void> | null = null;
  private builder: SnapshotBuilder | null = null;
  private failed: Error | null = null;
  private closing = false;
  private readonly compactMinBytes: number;

  private constructor(private readonly journal: Journal, private readonly engine: Engine, private readonly logger: Logger, opts: PersistenceOptions) {
    this.compactMinBytes = opts.compactMinBytes ?? 16 * 1024 * 1024;
  }

  static async open(dir: string, engine: Engine, logger: Logger, opts: PersistenceOptions = {}): Promise<Persistence> {
    const { journal, snapshot, records } = await Journal.open(dir, { logger });
    try {
      const started = Date.now();
      if (snapshot) loadSnapshot(engine.catalog, snapshot);
      let bad = 0;
      for (const raw of records) {
        try {
          replayRecord(engine.catalog, decodeDocument(raw));
        } catch (err) {
          bad++;
          logger.error({ err: err instanceof Error ? err.message : String(err) }, 'embedded-db: skipping unreadable journal record');
        }
      }
      let docs = 0;
      for (const coll of engine.catalog.all()) {
        coll.rebuildIndexes();
        docs += coll.liveCount;
      }
      logger.info({ dir, docs, records: records.length, bad, ms: Date.now() - started }, 'embedded-db: data loaded');
      const p = new Persistence(journal, engine, logger, opts);
      p.lastSnapshotBytes = snapshot?.length ?? 0;
      return p;
    } catch (err) {
      await journal.close();
      throw err;
    }
  }

  /** Appends one command's records atomically; resolves once they are on disk. */
  write(log: OpLog): Promise<void> {
    this.builder?.noteRecords(log);
    const buffers = log.map(encodeRecord);
    const done = buffers.length === 1 ? this.journal.append(buffers[0]) : this.journal.appendMany(buffers);
    return done.catch((err: Error) => {
      if (!this.failed && !this.closing) {
        this.failed = err;
        this.logger.error({ err: err.message }, 'embedded-db: journal write failed; the server now refuses writes (data in memory may be ahead of disk)');
      }
      throw err;
    });
  }

  failure(): Error | null {
    return this.failed;
  }

  shouldCompact(): boolean {
    const size = this.journal.sizeBytes();
    return size >= this.compactMinBytes && size >= this.lastSnapshotBytes / 2;
  }

  /**
   * Snapshots the committed state without stopping the server for long (see snapshot.ts). The
   * snapshot is finished and handed to the journal in one turn, so it covers every record
   * appended before and every later record goes to the new log.
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const builder = new SnapshotBuilder(this.engine.catalog);
    this.builder = builder;
    const run = async () => {
      await builder.serialize();
      const snapshot = builder.finish();
      this.builder = null;
      if (!snapshot) {
        this.logger.info('embedded-db: compaction postponed (collections changed while it ran)');
        return;
      }
      this.lastSnapshotBytes = snapshot.length;
      await this.journal.compact(snapshot);
    };
    this.compacting = run()
      .catch((err) => this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'embedded-db: compaction failed'))
      .finally(() => {
        this.builder = null;
        this.compacting = null;
      });
    return this.compacting;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.compacting) await this.compacting;
    await this.journal.close();
  }
}
