// Aggregates per-file results into folder totals and skip categories, and renders the table.
import { TestResult } from './run-file';

export interface FileReport { folder: string; file: string; passed: number; failed: number; skipped: number; results: TestResult[] }
export interface FolderTotals { passed: number; failed: number; skipped: number; passRate: number | null }
export interface SkipCategory { category: string; count: number; reason: string; folders: string[] }

export interface ConformanceReport {
  server: { version: string; topology: string; failPoints: boolean; unsupported: string[] };
  /** How often each tolerated Node-driver deviation was applied (see driver-deviations.ts). */
  driverDeviations: Record<string, number>;
  durationMs: number;
  folders: Record<string, FolderTotals>;
  totals: FolderTotals;
  skipCategories: SkipCategory[];
  files: FileReport[];
}

export function fileReport(folder: string, file: string, results: TestResult[]): FileReport {
  const count = (s: TestResult['status']) => results.filter((r) => r.status === s).length;
  return { folder, file, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), results };
}

export function totals(files: FileReport[]): FolderTotals {
  const passed = files.reduce((n, f) => n + f.passed, 0);
  const failed = files.reduce((n, f) => n + f.failed, 0);
  const skipped = files.reduce((n, f) => n + f.skipped, 0);
  return { passed, failed, skipped, passRate: passed + failed === 0 ? null : passed / (passed + failed) };
}

export function skipCategories(files: FileReport[]): SkipCategory[] {
  const byCategory = new Map<string, SkipCategory>();
  for (const f of files) {
    for (const r of f.results) {
      if (r.status !== 'skipped') continue;
      const key = r.category ?? 'uncategorised';
      const entry = byCategory.get(key) ?? { category: key, count: 0, reason: r.reason ?? '', folders: [] };
      entry.count++;
      if (!entry.folders.includes(f.folder)) entry.folders.push(f.folder);
      byCategory.set(key, entry);
    }
  }
  return [...byCategory.values()].sort((a, b) => b.count - a.count);
}

const pct = (t: FolderTotals) => (t.passRate === null ? '   n/a' : `${(t.passRate * 100).toFixed(1).padStart(5)}%`);

export function renderTable(report: ConformanceReport): string {
  const lines: string[] = [];
  const width = Math.max(...report.files.map((f) => f.folder.length + f.file.length + 1), 20);
  const row = (name: string, p: number | string, f: number | string, s: number | string, rate = '') =>
    `${name.padEnd(width)} ${String(p).padStart(6)} ${String(f).padStart(6)} ${String(s).padStart(7)} ${rate.padStart(7)}`;
  lines.push(`MongoDB unified-format conformance against the embedded server (${report.server.version}, ${report.server.topology})`);
  lines.push(row('file', 'passed', 'failed', 'skipped', 'pass%'));
  for (const f of report.files) lines.push(row(`${f.folder}/${f.file}`, f.passed, f.failed, f.skipped));
  lines.push('-'.repeat(width + 30));
  for (const [folder, t] of Object.entries(report.folders)) lines.push(row(`TOTAL ${folder}`, t.passed, t.failed, t.skipped, pct(t)));
  lines.push(row('TOTAL', report.totals.passed, report.totals.failed, report.totals.skipped, pct(report.totals)));
  lines.push('', 'Skipped tests by reason:');
  for (const c of report.skipCategories) lines.push(`  ${String(c.count).padStart(4)}  ${c.category} [${c.folders.join(', ')}]: ${c.reason}`);
  const deviations = Object.entries(report.driverDeviations);
  if (deviations.length) {
    lines.push('', 'Node driver deviations tolerated while matching commands (not server behaviour):');
    for (const [what, n] of deviations) lines.push(`  ${String(n).padStart(4)}  ${what}`);
  }
  lines.push('', `Server declares unsupported: ${report.server.unsupported.join(', ') || 'nothing probed'}`);
  lines.push('', `Run time ${(report.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

export function renderFailures(report: ConformanceReport, limit = 400): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const r of f.results) if (r.status === 'failed') lines.push(`FAIL ${f.folder}/${f.file} :: ${r.test}\n     ${r.error}`);
  }
  return lines.slice(0, limit).join('\n') + (lines.length > limit ? `\n… ${lines.length - limit} more` : '');
}
