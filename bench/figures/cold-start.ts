/**
 * Cold start to ready: spawn the built server on an empty DATA_DIR (embedded database, production
 * mode) and time until /readyz answers 200. Baseline: a bare express app spawned the same way.
 * Median of a few runs, since one start is noisy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, makeTmpDir, spawnBareExpress, spawnMonev, waitFor200, type Spawned } from '../processes';
import { measured, unavailable, type Figure } from '../report';
import { percentile } from '../stats';

const RUNS = 3;
const TARGET_MS = 3000;

async function timeToReady(start: () => Promise<Spawned>): Promise<number> {
  const server = await start();
  try {
    return await waitFor200(`${server.baseUrl}/readyz`, server.startedAt);
  } finally {
    await server.stop();
  }
}

export const coldStart: Figure = {
  id: 'cold-start',
  async run() {
    const name = 'cold start to /readyz 200 (empty database)';
    if (!fs.existsSync(path.join(ROOT, 'dist', 'server', 'embedded-db', 'index.js'))) {
      return [unavailable(name, 'ms', `≤ ${TARGET_MS} ms`, 'the embedded database, server/embedded-db/index.ts, is not built yet')];
    }
    const monev: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dataDir = makeTmpDir('cold');
      try {
        monev.push(await timeToReady(() => spawnMonev(dataDir)));
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      bare.push(await timeToReady(spawnBareExpress));
    }
    return [measured({
      name, unit: 'ms', value: percentile(monev, 50),
      baseline: { name: 'bare express start', value: percentile(bare, 50) },
      target: `≤ ${TARGET_MS} ms`,
      note: `median of ${RUNS}; runs ${monev.map((m) => Math.round(m)).join(', ')} ms`,
    }, (v) => v <= TARGET_MS)];
  },
};
