/**
 * `npm run bench`: every performance figure with its baseline measured in the same run, printed
 * as a table and written to artifacts/bench.json. A script, not a test: numbers depend on the
 * machine, so they are reported, and targets are marked, never asserted in `npm test`.
 *
 *   npm run bench                    all figures
 *   npm run bench -- home-page       only the named figures
 *   BENCH_DURATION=5 npm run bench   shorter load runs (seconds, default 10)
 *
 * Servers run as child processes from dist/ (rebuilt when stale); load comes from this process.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { ROOT, ensureBuilt, makeTmpDir, spawnBareExpress, spawnMonev, type Spawned } from './processes';
import { renderTable, writeJson, type BenchContext, type Figure, type FigureResult } from './report';
import { coldStart } from './figures/cold-start';
import { dashboard } from './figures/dashboard';
import { engine } from './figures/engine';
import { formPage } from './figures/form-page';
import { form3g } from './figures/form-3g';
import { homePage } from './figures/home-page';
import { submission } from './figures/submission';

const FIGURES: readonly Figure[] = [engine, coldStart, homePage, formPage, form3g, submission, dashboard];
const OUTPUT = path.join(ROOT, 'artifacts', 'bench.json');

function lazy(start: () => Promise<Spawned>, started: Spawned[]): () => Promise<{ baseUrl: string; pid: number }> {
  let server: Promise<Spawned> | undefined;
  return () => {
    server ??= start().then((s) => { started.push(s); return s; });
    return server.then((s) => ({ baseUrl: s.baseUrl, pid: s.child.pid! }));
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !FIGURES.some((f) => f.id === id));
  if (unknown.length) throw new Error(`unknown figure(s) ${unknown.join(', ')}; known: ${FIGURES.map((f) => f.id).join(', ')}`);
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  ensureBuilt(log);

  const started: Spawned[] = [];
  const dataDir = makeTmpDir('shared');
  const ctx: BenchContext = {
    durationSec: Number(process.env.BENCH_DURATION ?? 10),
    connections: 64,
    monev: lazy(() => spawnMonev(dataDir), started),
    bare: lazy(spawnBareExpress, started),
    log,
  };

  const results: FigureResult[] = [];
  let failures = 0;
  try {
    for (const figure of FIGURES.filter((f) => wanted.length === 0 || wanted.includes(f.id))) {
      log(`${figure.id}…`);
      try {
        results.push(...await figure.run(ctx));
      } catch (err) {
        failures += 1;
        results.push({ name: figure.id, unit: '', value: null, baseline: null, ratio: null, target: null, pass: false, note: `failed: ${(err as Error).message.replace(/\s+/g, ' ').slice(0, 400)}` });
      }
    }
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  process.stdout.write(`${renderTable(results)}\n`);
  writeJson(OUTPUT, results, {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    durationSec: ctx.durationSec,
    connections: ctx.connections,
  });
  process.stdout.write(`\nwritten: ${path.relative(ROOT, OUTPUT)}\n`);
  if (failures) process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
