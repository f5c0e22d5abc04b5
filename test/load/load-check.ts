/**
 * Load check (checklist 36): autocannon on loopback against the real server process, bounded in
 * time, while the server's resident memory is sampled from /proc. A warm-up run comes first so
 * one-off growth (JIT, caches, pools, heap sizing) is not mistaken for a leak. RSS swings by tens
 * of MB with each garbage collection under load, so "growth" compares the median of the first
 * third of the samples with the median of the last third, not two single readings.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

/**
 * Environment for a server under a load check. Without a heap cap V8 lets the old space grow
 * lazily (hundreds of MB of garbage under write load, all collected once memory is tight), so RSS
 * says little. With a cap, garbage is collected as it would be on a small production box, and a
 * real leak shows as steady RSS growth or an out-of-memory crash.
 */
export const BOUNDED_HEAP_ENV = { NODE_OPTIONS: '--max-old-space-size=256' };

export interface LoadCheckOptions {
  baseUrl: string;
  /** The server's pid, for its RSS. */
  pid: number;
  /** Requests each connection cycles through (autocannon `requests`). */
  requests?: autocannon.Request[];
  /** Per-connection set-up (state that must outlive autocannon's per-sequence context). */
  setupClient?: (client: autocannon.Client) => void;
  connections?: number;
  durationSec?: number;
  warmupSec?: number;
  headers?: Record<string, string>;
}

export interface LoadCheckResult {
  requests: number;
  perSecond: number;
  latencyP99Ms: number;
  statusCounts: Record<string, number>;
  non2xx: number;
  status5xx: number;
  errors: number;
  timeouts: number;
  /** Median RSS over the first and the last third of the run, and the highest seen, in MB. */
  rssStartMb: number;
  rssEndMb: number;
  rssPeakMb: number;
}

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb[1]) / 1024;
}

function run(options: LoadCheckOptions, durationSec: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({
      url: options.baseUrl,
      connections: options.connections ?? 64,
      duration: durationSec,
      timeout: 10,
      headers: options.headers,
      requests: options.requests,
      setupClient: options.setupClient,
    }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function runLoadCheck(options: LoadCheckOptions): Promise<LoadCheckResult> {
  await run(options, options.warmupSec ?? 3);
  const samples: number[] = [rssMb(options.pid)];
  const sampler = setInterval(() => samples.push(rssMb(options.pid)), 200);
  let result: autocannon.Result;
  try {
    result = await run(options, options.durationSec ?? 10);
  } finally {
    clearInterval(sampler);
  }
  samples.push(rssMb(options.pid));
  const third = Math.max(1, Math.floor(samples.length / 3));
  const statusCounts: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = stat.count ?? 0;
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    latencyP99Ms: result.latency.p99,
    statusCounts,
    non2xx: result.non2xx,
    status5xx: result['5xx'],
    errors: result.errors,
    timeouts: result.timeouts,
    rssStartMb: median(samples.slice(0, third)),
    rssEndMb: median(samples.slice(-third)),
    rssPeakMb: Math.max(...samples),
  };
}

/** One line for the test log, so CI shows the figures even when the check passes. */
export function summarise(label: string, r: LoadCheckResult): string {
  return `${label}: ${r.requests} requests (${Math.round(r.perSecond)}/s), p99 ${r.latencyP99Ms} ms, `
    + `statuses ${JSON.stringify(r.statusCounts)}, errors ${r.errors}, timeouts ${r.timeouts}, `
    + `RSS median first third ${r.rssStartMb.toFixed(1)} → last third ${r.rssEndMb.toFixed(1)} MB (peak ${r.rssPeakMb.toFixed(1)})`;
}
