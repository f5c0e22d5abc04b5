/**
 * Background upkeep every app instance runs: today, removing evidence files that no response
 * refers to (left when a process died between storing a file and recording it; see
 * removeOrphanEvidence). Jobs are idempotent, so several instances on one database may run them
 * at the same time. Timers are unref'd (they never keep the process alive) and a failing run is
 * logged and retried at the next interval.
 */
import type { Logger } from '../http/logging';
import { removeOrphanEvidence } from '../model/evidence-store';
import { evidenceIsReferenced } from '../model/query/responses';

export interface Job {
  name: string;
  /** first run this long after start (lets start-up and a restart's retries settle) */
  firstAfterMs: number;
  everyMs: number;
  run(): Promise<Record<string, unknown>>;
}

export const MAINTENANCE_JOBS: readonly Job[] = [{
  name: 'orphan-evidence',
  firstAfterMs: 5 * 60_000,
  everyMs: 6 * 60 * 60_000,
  // Files younger than a day may belong to an upload still in flight on a slow connection.
  run: async () => ({ removed: await removeOrphanEvidence(evidenceIsReferenced, 24 * 60 * 60_000) }),
}];

export interface Maintenance { stop(): void }

export function startMaintenance(logger: Logger, jobs: readonly Job[] = MAINTENANCE_JOBS): Maintenance {
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const runOnce = async (job: Job) => {
    if (stopped) return;
    try {
      const outcome = await job.run();
      logger.info({ job: job.name, ...outcome }, 'maintenance job done');
    } catch (err) {
      logger.warn({ job: job.name, err: (err as Error).message }, 'maintenance job failed; retried at the next interval');
    }
  };
  for (const job of jobs) {
    const first = setTimeout(() => {
      void runOnce(job);
      const every = setInterval(() => void runOnce(job), job.everyMs);
      every.unref();
      timers.push(every);
    }, job.firstAfterMs);
    first.unref();
    timers.push(first);
  }
  return {
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t); // clears intervals too
    },
  };
}
