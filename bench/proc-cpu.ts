/**
 * CPU time a process (all its threads) used, from /proc/<pid>/stat (utime + stime, in clock
 * ticks of 10 ms). Divided by the requests served, it says what one request costs the server,
 * which is steadier than throughput on a machine the load generator shares.
 */
import fs from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14, 15)
  } catch {
    return null; // not Linux, or the process is gone
  }
}

/** CPU ms per request of `pid` while `work` served `requests(result)` requests. */
export async function cpuPerRequest<T>(pid: number, work: () => Promise<T>, requests: (result: T) => number): Promise<{ result: T; cpuMsPerRequest: number | null }> {
  const before = processCpuMs(pid);
  const result = await work();
  const after = processCpuMs(pid);
  const n = requests(result);
  return { result, cpuMsPerRequest: before === null || after === null || n === 0 ? null : (after - before) / n };
}
