// Durability journal of the embedded database: an append-only log of opaque records plus
// periodic snapshots. The database decides what a record means; the journal only guarantees
// that a record whose append() resolved survives a crash (it has been written and fdatasynced),
// and that recovery returns the last snapshot followed by every intact record, in order.
//
// Group commit: appends are queued and written by a single writer; every append queued in the
// same event-loop turn, or while the previous fsync was in flight, shares one write + fdatasync.
// That is how many concurrent writers get far beyond the ~3,000 fsyncs/s a disk allows.
import fs from 'fs';
import path from 'path';
import { decodeFrames, encodeFrame } from './frames';
import { listLogGenerations, logFileName, readSnapshot, SNAPSHOT_TMP, syncDir, writeFully, writeSnapshot } from './files';
import { DirLock } from './lock';

export interface JournalOptions { logger?: { info(...a: any[]): void; warn(...a: any[]): void; error(...a: any[]): void } }
type Logger = NonNullable<JournalOptions['logger']>;

/** Counters for tests and diagnostics: `syncs` far below `appends` shows group commit working. */
export interface JournalStats { appends: number; writes: number; syncs: number; snapshots: number }

interface Pending { frame: Buffer; gen: number; resolve(): void; reject(err: Error): void }
interface OpenLog { gen: number; fh: fs.promises.FileHandle }

const defaultLogger: Logger = { info() {}, warn: console.warn, error: console.error };

export class Journal {
  readonly stats: JournalStats = { appends: 0, writes: 0, syncs: 0, snapshots: 0 };
  private queue: Pending[] = [];
  private writerRunning = false;
  /** Settles after every append queued so far has been written (or failed). */
  private tail: Promise<void> = Promise.resolve();
  private compactions: Promise<void> = Promise.resolve();
  private log: OpenLog | null = null;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    readonly dir: string,
    private readonly lock: DirLock,
    private readonly logger: Logger,
    /** Generation that new appends go to; bumped synchronously by compact(). */
    private gen: number,
    /** Bytes appended (written or queued) to the current generation's log. */
    private genBytes: number,
  ) {}

  static async open(dir: string, opts: JournalOptions = {}): Promise<{ journal: Journal; snapshot: Buffer | null; records: Buffer[] }> {
    const logger = opts.logger ?? defaultLogger;
    const absDir = path.resolve(dir);
    await fs.promises.mkdir(absDir, { recursive: true });
    const lock = await DirLock.acquire(absDir, logger);
    try {
      await fs.promises.rm(path.join(absDir, SNAPSHOT_TMP), { force: true });
      const snap = await readSnapshot(absDir);
      const snapGen = snap?.generation ?? 0;
      const gens = await listLogGenerations(absDir);
      const obsolete = gens.filter((g) => g < snapGen);
      for (const g of obsolete) await fs.promises.rm(path.join(absDir, logFileName(g)), { force: true });
      if (obsolete.length) await syncDir(absDir);
      const records: Buffer[] = [];
      let lastGen = snapGen;
      let lastSize = 0;
      for (const g of gens.filter((x) => x >= snapGen)) {
        lastSize = await recoverLog(path.join(absDir, logFileName(g)), records, logger);
        lastGen = g;
      }
      logger.info(`journal: opened ${absDir} (snapshot ${snap ? `${snap.data.length} bytes, generation ${snapGen}` : 'none'}, ${records.length} records replayed)`);
      const journal = new Journal(absDir, lock, logger, lastGen, lastSize);
      return { journal, snapshot: snap ? snap.data : null, records };
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  append(record: Buffer): Promise<void> {
    return this.enqueue([record]);
  }

  /** The records form one frame under one checksum: after a crash all or none are recovered. */
  appendMany(records: Buffer[]): Promise<void> {
    if (records.length > 0) return this.enqueue(records);
    const stop = this.refusal();
    return stop ? Promise.reject(stop) : Promise.resolve();
  }

  /**
   * Makes `snapshot` the new base state and starts a fresh log. The snapshot must reflect every
   * record appended before this call; records appended after it are ordered after the snapshot.
   */
  compact(snapshot: Buffer): Promise<void> {
    const stop = this.refusal();
    if (stop) return Promise.reject(stop);
    const newGen = this.gen + 1;
    this.gen = newGen;
    this.genBytes = 0;
    const olderWritten = this.tail;
    const run = this.compactions.then(() => this.writeCompaction(snapshot, newGen, olderWritten));
    this.compactions = run.catch(() => {});
    return run;
  }

  sizeBytes(): number {
    return this.genBytes;
  }

  close(): Promise<void> {
    if (!this.closing) this.closing = this.finishAndClose();
    return this.closing;
  }

  private enqueue(records: Buffer[]): Promise<void> {
    const stop = this.refusal();
    if (stop) return Promise.reject(stop);
    for (const r of records) if (!Buffer.isBuffer(r)) return Promise.reject(new TypeError('journal records must be Buffers'));
    const frame = encodeFrame(records);
    this.stats.appends++;
    this.genBytes += frame.length;
    const done = new Promise<void>((resolve, reject) => this.queue.push({ frame, gen: this.gen, resolve, reject }));
    this.tail = done.catch(() => {});
    if (!this.writerRunning) {
      this.writerRunning = true;
      // Defer to the next turn so every append made in this turn joins the same write + fsync.
      setImmediate(() => void this.runWriter());
    }
    return done;
  }

  private refusal(): Error | null {
    if (this.closing) return new Error(`journal ${this.dir} is closed`);
    if (this.failure) return new Error(`journal ${this.dir} failed earlier and refuses writes: ${this.failure.message}`);
    return null;
  }

  private async runWriter(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.failure) throw this.failure;
        // A batch can straddle a compaction: write each generation's run to its own log.
        for (let i = 0; i < batch.length;) {
          let j = i;
          while (j < batch.length && batch[j].gen === batch[i].gen) j++;
          await this.writeAndSync(batch[i].gen, batch.slice(i, j));
          i = j;
        }
        for (const p of batch) p.resolve();
      } catch (err: any) {
        // After a failed write or fsync the file's state is unknown: stop accepting writes
        // rather than acknowledge data that may not be on disk.
        if (!this.failure) {
          this.failure = err;
          this.logger.error(`journal: write to ${this.dir} failed, journal is now read-only: ${err.message}`);
        }
        for (const p of batch) p.reject(err);
      }
    }
    this.writerRunning = false;
  }

  private async writeAndSync(gen: number, entries: Pending[]): Promise<void> {
    const fh = await this.logFor(gen);
    const data = entries.length === 1 ? entries[0].frame : Buffer.concat(entries.map((e) => e.frame));
    await writeFully(fh, data);
    this.stats.writes++;
    await fh.datasync();
    this.stats.syncs++;
  }

  private async logFor(gen: number): Promise<fs.promises.FileHandle> {
    if (this.log && this.log.gen === gen) return this.log.fh;
    if (this.log) await this.log.fh.close();
    this.log = null;
    const file = path.join(this.dir, logFileName(gen));
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(file, 'ax');
      await syncDir(this.dir); // the new file's directory entry must survive a crash too
    } catch (err: any) {
      if (err.code !== 'EEXIST') throw err;
      fh = await fs.promises.open(file, 'a');
    }
    this.log = { gen, fh };
    return fh;
  }

  private async writeCompaction(snapshot: Buffer, newGen: number, olderWritten: Promise<void>): Promise<void> {
    await writeSnapshot(this.dir, newGen, snapshot);
    this.stats.snapshots++;
    await olderWritten;
    // Older logs are now fully covered by the durable snapshot.
    for (const g of await listLogGenerations(this.dir)) {
      if (g < newGen) await fs.promises.rm(path.join(this.dir, logFileName(g)), { force: true });
    }
    await syncDir(this.dir);
    this.logger.info(`journal: compacted ${this.dir} into a ${snapshot.length}-byte snapshot (generation ${newGen})`);
  }

  private async finishAndClose(): Promise<void> {
    await this.tail;
    await this.compactions;
    if (this.log) await this.log.fh.close();
    this.log = null;
    await this.lock.release();
  }
}

/** Reads one log into `out`, truncating a torn or corrupt tail; returns the valid length. */
async function recoverLog(file: string, out: Buffer[], logger: Logger): Promise<number> {
  const data = await fs.promises.readFile(file);
  const result = decodeFrames(data);
  for (const r of result.records) out.push(r);
  if (result.problem) {
    logger.warn(
      `journal: ${file}: ${result.problem}; discarding the last ${data.length - result.validLength} bytes ` +
      `(kept ${result.frames} intact frames). A write was interrupted by a crash or the file is damaged.`,
    );
    const fh = await fs.promises.open(file, 'r+');
    try {
      await fh.truncate(result.validLength);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
  return result.validLength;
}
