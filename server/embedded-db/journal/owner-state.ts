// Is the process named in a lock file still the lock's owner? On Linux the answer comes from
// /proc, because "kill(pid, 0) succeeds" is not enough: a process killed with SIGKILL whose
// parent has not reaped it (Docker without an init, a supervisor that restarts at once, an
// orphan under a pid 1 that never calls wait) stays in the process table as a zombie, and it
// holds nothing any more. Elsewhere only kill(pid, 0) is available and answers for liveness.
import fs from 'fs';

export interface LockOwner { pid: number; start: string | null }

/**
 * - `alive`: running, and the same process that wrote the lock (start time matches).
 * - `dying`: it has begun to exit (SIGKILL pending or PF_EXITING), but its files may still be
 *   open; the caller waits for it instead of refusing or taking over.
 * - `dead`: no such process, a zombie (every thread in state Z or X), or the pid was recycled by
 *   another process (a different start time).
 */
export type OwnerState = 'alive' | 'dying' | 'dead';

/** The kernel's PF_EXITING task flag (include/linux/sched.h): set when do_exit() begins. */
const PF_EXITING = 0x4;
/** SIGKILL is signal 9: bit 8 of the pending-signal masks in /proc/<pid>/status. */
const SIGKILL_BIT = 1n << 8n;

export function ownerState(owner: LockOwner): OwnerState {
  try {
    process.kill(owner.pid, 0);
  } catch (err: any) {
    if (err.code === 'ESRCH') return 'dead';
    // EPERM: the pid exists but belongs to another user; go on to /proc, or treat it as alive.
  }
  const stat = procStat(owner.pid);
  // kill() found it but /proc has no entry: on Linux it has just gone; elsewhere there is no /proc.
  if (stat === null) return hasProc() ? 'dead' : 'alive';
  if (owner.start !== null && stat.start !== owner.start) return 'dead';
  if (allThreadsExited(owner.pid)) return 'dead';
  if ((stat.flags & PF_EXITING) !== 0 || killPending(owner.pid)) return 'dying';
  return 'alive';
}

export interface ProcStat { state: string; flags: number; start: string }

/** Fields of /proc/<pid>/stat after the command name (which may itself contain spaces and parentheses). */
export function procStat(pid: number): ProcStat | null {
  const raw = readOrNull(`/proc/${pid}/stat`);
  if (raw === null) return null;
  const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 overall (state), fields[6] field 9 (flags), fields[19] field 22 (starttime).
  if (fields.length < 20) return null;
  return { state: fields[0], flags: Number(fields[6]), start: fields[19] };
}

/** The process start time in clock ticks since boot, recorded in the lock to detect pid reuse. */
export function processStart(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

/**
 * A zombie thread-group leader may still have threads that are finishing their exit (and, with
 * them, the shared file table): the process is dead only when every thread is a zombie or gone.
 */
function allThreadsExited(pid: number): boolean {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return procStat(pid) === null;
  }
  return tids.every((tid) => {
    const raw = readOrNull(`/proc/${pid}/task/${tid}/stat`);
    if (raw === null) return true;
    const state = raw.slice(raw.lastIndexOf(')') + 2, raw.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X' || state === 'x';
  });
}

function killPending(pid: number): boolean {
  const status = readOrNull(`/proc/${pid}/status`);
  if (status === null) return false;
  for (const name of ['ShdPnd', 'SigPnd']) {
    const m = new RegExp(`^${name}:\\s*([0-9a-fA-F]+)`, 'm').exec(status);
    if (m && (BigInt(`0x${m[1]}`) & SIGKILL_BIT) !== 0n) return true;
  }
  return false;
}

let procChecked: boolean | null = null;
function hasProc(): boolean {
  if (procChecked === null) procChecked = readOrNull(`/proc/${process.pid}/stat`) !== null;
  return procChecked;
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
