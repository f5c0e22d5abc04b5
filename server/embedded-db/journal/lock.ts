// Exclusive ownership of a data directory, so two processes never write the same journal.
// The lock is a file created with O_EXCL holding the owner's pid (and, on Linux, the process
// start time, so a recycled pid is not mistaken for the original owner). A lock whose owner is
// dead is stale; taking it over is done under a short-lived "takeover" mutex file so two
// processes racing for the same stale lock cannot both win, and a live lock is never removed.
import fs from 'fs';
import path from 'path';

export const LOCK_FILE = 'LOCK';
const TAKEOVER_FILE = 'LOCK.takeover';
/** A takeover mutex older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 5000;
/** How long to wait for a lock file that exists but is still empty (its owner is writing it). */
const EMPTY_LOCK_GRACE_MS = 1000;

interface LockOwner { pid: number; start: string | null }
interface Logger { warn(...a: any[]): void }

export class DirLock {
  private released = false;
  private constructor(readonly dir: string, private readonly file: string, private readonly content: string) {}

  static async acquire(dir: string, logger: Logger): Promise<DirLock> {
    const file = path.join(dir, LOCK_FILE);
    const content = JSON.stringify({ pid: process.pid, start: processStart(process.pid) });
    const firstSeenEmpty = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (await tryCreate(file, content)) return new DirLock(dir, file, content);
      const raw = await readOrNull(file);
      if (raw === null) continue; // vanished between our create and read: just retry
      const owner = parseOwner(raw);
      if (!owner && Date.now() - firstSeenEmpty < EMPTY_LOCK_GRACE_MS) {
        await sleep(20);
        continue;
      }
      if (owner && isAlive(owner)) {
        throw new Error(
          `Data directory ${dir} is locked by process ${owner.pid} (lock file ${file}); ` +
          'another embedded database is already using it. Stop that process or use another data directory.',
        );
      }
      logger.warn(`journal: taking over stale lock ${file} left by ${owner ? `dead process ${owner.pid}` : 'an unreadable lock file'}`);
      await removeStale(dir, file, raw);
      if (attempt > 50) throw new Error(`Could not take over the stale lock ${file}`);
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    // Only remove the file if it is still ours (never delete someone else's lock).
    if ((await readOrNull(this.file)) === this.content) await fs.promises.rm(this.file, { force: true });
  }
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
  if (!(await tryCreate(mutex, String(process.pid)))) {
    const st = await fs.promises.stat(mutex).catch(() => null);
    if (st && Date.now() - st.mtimeMs > TAKEOVER_STALE_MS) await fs.promises.rm(mutex, { force: true });
    await sleep(10);
    return; // caller loops and re-evaluates the lock
  }
  try {
    if ((await readOrNull(file)) === staleContent) await fs.promises.rm(file, { force: true });
  } finally {
    await fs.promises.rm(mutex, { force: true });
  }
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const v = JSON.parse(raw);
    if (Number.isInteger(v.pid) && v.pid > 0) return { pid: v.pid, start: typeof v.start === 'string' ? v.start : null };
  } catch { /* empty or partially written lock file */ }
  return null;
}

function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err: any) {
    if (err.code === 'ESRCH') return false;
    // EPERM: the pid exists but belongs to another user; treat as alive (safe side).
  }
  if (owner.start === null) return true;
  const start = processStart(owner.pid);
  return start === null || start === owner.start;
}

/** Process start time in clock ticks since boot (Linux /proc), to detect pid reuse. */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces; fields after the closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 overall = starttime
  } catch {
    return null;
  }
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
