// Exclusive ownership of a data directory, so two processes never write the same journal.
// The lock is a file created with O_EXCL holding the owner's pid and, on Linux, the process start
// time (so a recycled pid is not mistaken for the original owner). A lock whose owner is dead
// (gone, a zombie, or a recycled pid: see owner-state.ts) is stale and is taken over at once; an
// owner that is in the middle of exiting is waited for; a live owner is never taken over. The
// takeover itself runs under a short-lived "takeover" mutex file, so two processes racing for the
// same stale lock cannot both win.
import fs from 'fs';
import path from 'path';
import { ownerState, processStart, type LockOwner } from './owner-state';

export const LOCK_FILE = 'LOCK';
const TAKEOVER_FILE = 'LOCK.takeover';
/** A takeover mutex whose owner cannot be read and that is older than this was left by a crash. */
const TAKEOVER_STALE_MS = 5000;
/** How long to wait for a lock file that exists but is still empty (its owner is writing it). */
const EMPTY_LOCK_GRACE_MS = 1000;
/** How long an exiting owner may take to finish (unmapping a large heap takes a while). */
const DYING_OWNER_WAIT_MS = 30_000;
/** Give up taking over a stale lock after this long (only a pathological race gets here). */
const TAKEOVER_WAIT_MS = 15_000;

interface Logger { warn(...a: any[]): void }

export class DirLock {
  private released = false;
  private constructor(readonly dir: string, private readonly file: string, private readonly content: string) {}

  static async acquire(dir: string, logger: Logger): Promise<DirLock> {
    const file = path.join(dir, LOCK_FILE);
    const content = ownerContent();
    const began = Date.now();
    let waitingFor: number | null = null;
    for (;;) {
      if (await tryCreate(file, content)) return new DirLock(dir, file, content);
      const raw = await readOrNull(file);
      if (raw === null) continue; // vanished between our create and read: just retry
      const owner = parseOwner(raw);
      if (!owner && Date.now() - began < EMPTY_LOCK_GRACE_MS) {
        await sleep(20);
        continue;
      }
      const state = owner ? ownerState(owner) : 'dead';
      if (state === 'alive') throw lockedBy(dir, file, owner!);
      if (state === 'dying') {
        if (waitingFor !== owner!.pid) logger.warn(`journal: process ${owner!.pid} holding ${file} is exiting; waiting for it`);
        waitingFor = owner!.pid;
        if (Date.now() - began > DYING_OWNER_WAIT_MS) throw lockedBy(dir, file, owner!);
        await sleep(20);
        continue;
      }
      logger.warn(`journal: taking over stale lock ${file} left by ${owner ? `dead process ${owner.pid}` : 'an unreadable lock file'}`);
      await removeStale(dir, file, raw);
      if (Date.now() - began > TAKEOVER_WAIT_MS) throw new Error(`Could not take over the stale lock ${file}`);
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    // Only remove the file if it is still ours (never delete someone else's lock).
    if ((await readOrNull(this.file)) === this.content) await fs.promises.rm(this.file, { force: true });
  }
}

function ownerContent(): string {
  return JSON.stringify({ pid: process.pid, start: processStart(process.pid) });
}

function lockedBy(dir: string, file: string, owner: LockOwner): Error {
  return new Error(
    `Data directory ${dir} is locked by process ${owner.pid} (lock file ${file}); ` +
    'another embedded database is already using it. Stop that process or use another data directory.',
  );
}

async function tryCreate(file: string, content: string): Promise<boolean> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'wx');
  } catch (err: any) {
    if (err.code === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

/** Removes the lock file only if it still holds exactly the stale content we judged. */
async function removeStale(dir: string, file: string, staleContent: string): Promise<void> {
  const mutex = path.join(dir, TAKEOVER_FILE);
  if (!(await tryCreate(mutex, ownerContent()))) {
    if (await mutexAbandoned(mutex)) await fs.promises.rm(mutex, { force: true });
    else await sleep(10);
    return; // caller loops and re-evaluates the lock
  }
  try {
    if ((await readOrNull(file)) === staleContent) await fs.promises.rm(file, { force: true });
  } finally {
    await fs.promises.rm(mutex, { force: true });
  }
}

/** A takeover mutex left by a process killed mid-takeover: its owner is dead, or it is old and unreadable. */
async function mutexAbandoned(mutex: string): Promise<boolean> {
  const raw = await readOrNull(mutex);
  if (raw === null) return false; // just released: retry
  const owner = parseOwner(raw);
  if (owner) return ownerState(owner) === 'dead';
  const st = await fs.promises.stat(mutex).catch(() => null);
  return st !== null && Date.now() - st.mtimeMs > TAKEOVER_STALE_MS;
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const v = JSON.parse(raw);
    if (Number.isInteger(v.pid) && v.pid > 0) return { pid: v.pid, start: typeof v.start === 'string' ? v.start : null };
  } catch { /* empty or partially written lock file */ }
  return null;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (err: any) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
