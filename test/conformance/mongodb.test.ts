// MongoDB driver specification tests (unified format: CRUD, GridFS, transactions) run with the
// real `mongodb` driver against the embedded server. Prints a per-file table with skip reasons,
// writes artifacts/conformance.json and enforces pass-rate floors among non-skipped tests.
import fs from 'fs';
import path from 'path';
import { startEmbeddedMongo } from '../../server/embedded-db';
import { ConformanceReport, renderFailures, renderTable } from './runner/report';
import { runConformance } from './runner/run-all';
import { corpus } from './corpus';

const SPEC_ROOT = corpus('mongodb');
const ARTIFACT = path.resolve(__dirname, '../../artifacts/conformance.json');

/** Floors among non-skipped tests: CRUD is the brief's 90 %; transactions and GridFS (both 100 % measured) are set a little under what the server reaches now, so regressions fail. */
const FLOORS: Record<string, number> = { crud: 0.9, transactions: 0.95, gridfs: 0.95 };

let report: ConformanceReport;

beforeAll(async () => {
  const srv = await startEmbeddedMongo({ dataDir: null, port: 0 });
  try {
    report = await runConformance(srv.uri, SPEC_ROOT, ['crud', 'gridfs', 'transactions']);
  } finally {
    await srv.stop();
  }
  fs.mkdirSync(path.dirname(ARTIFACT), { recursive: true });
  fs.writeFileSync(ARTIFACT, JSON.stringify(report, null, 2));
  process.stdout.write(`\n${renderTable(report)}\n`);
  if (process.env.CONFORMANCE_FAILURES) process.stdout.write(`\n${renderFailures(report)}\n`);
}, 180_000);

describe('MongoDB unified-format conformance of the embedded server', () => {
  test.each(Object.entries(FLOORS))('%s: files ran and the pass rate among non-skipped tests meets its floor', (folder, floor) => {
    const totals = report.folders[folder];
    const ran = totals.passed + totals.failed;
    expect(ran).toBeGreaterThan(0);
    expect(totals.passRate).not.toBeNull();
    expect(totals.passRate!).toBeGreaterThanOrEqual(floor);
  });

  test('every skipped test carries a category and a written reason', () => {
    for (const f of report.files) {
      for (const r of f.results.filter((x) => x.status === 'skipped')) {
        expect(r.category).toBeTruthy();
        expect(r.reason).toBeTruthy();
      }
    }
  });
});
