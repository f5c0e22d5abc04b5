/** The maintenance scheduler: first run after the delay, then every interval; failures retried; stop ends it. */
import pino from 'pino';
import { MAINTENANCE_JOBS, startMaintenance, type Job } from '../../../server/bootstrap/maintenance';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (l: string) => { lines.push(JSON.parse(l)); } }) };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('runs each job after its first delay and then every interval, logging the outcome', async () => {
  const { lines, logger } = capture();
  let runs = 0;
  const job: Job = { name: 'count', firstAfterMs: 1000, everyMs: 5000, run: async () => ({ run: ++runs }) };
  const m = startMaintenance(logger, [job]);
  await jest.advanceTimersByTimeAsync(999);
  expect(runs).toBe(0);
  await jest.advanceTimersByTimeAsync(1);
  expect(runs).toBe(1);
  await jest.advanceTimersByTimeAsync(10_000);
  expect(runs).toBe(3);
  expect(lines.filter((l) => l.msg === 'maintenance job done').map((l) => l.run)).toEqual([1, 2, 3]);
  m.stop();
  await jest.advanceTimersByTimeAsync(20_000);
  expect(runs).toBe(3);
});

test('a failing run is logged and the next interval tries again', async () => {
  const { lines, logger } = capture();
  let calls = 0;
  const job: Job = { name: 'flaky', firstAfterMs: 10, everyMs: 100, run: async () => { calls += 1; if (calls === 1) throw new Error('database away'); return {}; } };
  const m = startMaintenance(logger, [job]);
  await jest.advanceTimersByTimeAsync(110);
  m.stop();
  expect(calls).toBe(2);
  expect(lines.find((l) => l.msg?.toString().startsWith('maintenance job failed'))).toMatchObject({ job: 'flaky', err: 'database away' });
});

test('the product schedules orphan evidence removal with a one-day grace for slow uploads', () => {
  expect(MAINTENANCE_JOBS.map((j) => j.name)).toEqual(['orphan-evidence']);
  expect(MAINTENANCE_JOBS[0].everyMs).toBeLessThanOrEqual(24 * 60 * 60_000);
});
