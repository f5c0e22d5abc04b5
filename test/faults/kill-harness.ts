/**
 * Checklist 33 harness: fire many concurrent writes at the real server, SIGKILL it while writes
 * are in flight, restart it on the same DATA_DIR, and hand back exactly which writes had been
 * acknowledged (2xx) before the kill. The caller then checks each acknowledged write is present
 * exactly once (with its evidence and audit entry) through the restarted server or the database.
 *
 * Usage (kill-submissions.test.ts does exactly this):
 *   const run = await killDuringWrites({
 *     start: (dataDir) => startAppServer({ database: 'embedded', dataDir }),
 *     dataDir: makeDataDir(), total: 500, concurrency: 64, killAfterAcks: 150,
 *     send: async (baseUrl, i) => { ...POST one submission with instance id `k-${i}`...;
 *                                  return res.ok ? `k-${i}` : null; },
 *   });
 *   // run.acknowledged: ids to find exactly once; run.restarted: the server after restart.
 */
import type { AppServer } from '../e2e/app-server';

export interface KillHarnessOptions<Ack> {
  /** Starts the server on `dataDir`: the first time, and again after the kill. */
  start(dataDir: string): Promise<AppServer>;
  dataDir: string;
  /** Writes to attempt in all (the kill usually stops the run before the last). */
  total: number;
  /** Writes in flight at once. */
  concurrency: number;
  /** SIGKILL as soon as this many writes were acknowledged. */
  killAfterAcks: number;
  /** Performs write number `index`; resolves with what identifies it when the server answered 2xx,
   *  null for any other answer; rejects on a network error (the kill). */
  send(baseUrl: string, index: number): Promise<Ack | null>;
}

export interface KillHarnessResult<Ack> {
  acknowledged: Ack[];
  /** Answered, but not with 2xx. */
  refused: number;
  /** Lost to the kill: no answer at all. */
  lost: number;
  /** Writes the server was working on when the kill came. */
  inFlightAtKill: number;
  /** The server restarted on the same DATA_DIR, ready for the caller's checks. */
  restarted: AppServer;
}

export async function killDuringWrites<Ack>(options: KillHarnessOptions<Ack>): Promise<KillHarnessResult<Ack>> {
  if (options.killAfterAcks >= options.total) throw new Error('killAfterAcks must be below total, or nothing is in flight at the kill');
  const first = await options.start(options.dataDir);
  const acknowledged: Ack[] = [];
  let refused = 0;
  let lost = 0;
  let inFlight = 0;
  let inFlightAtKill = -1;
  let next = 0;

  const kill = () => {
    if (inFlightAtKill >= 0) return;
    inFlightAtKill = inFlight;
    first.child.kill('SIGKILL');
  };

  const worker = async () => {
    while (inFlightAtKill < 0 && next < options.total) {
      const index = next++;
      inFlight += 1;
      try {
        const ack = await options.send(first.baseUrl, index);
        if (ack === null) refused += 1;
        else acknowledged.push(ack);
      } catch {
        lost += 1;
      } finally {
        inFlight -= 1;
      }
      if (acknowledged.length >= options.killAfterAcks) kill();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  kill(); // all sent before reaching killAfterAcks: still kill, so the restart path is exercised
  const exit = await first.exited;
  if (exit.signal !== 'SIGKILL') throw new Error(`server ended with ${JSON.stringify(exit)} before the kill`);
  await first.stop({ keepData: true });

  const restarted = await options.start(options.dataDir);
  return { acknowledged, refused, lost, inFlightAtKill, restarted };
}
