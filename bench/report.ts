/**
 * What every benchmark figure reports, and the two outputs: a table on stdout and
 * artifacts/bench.json. A figure whose feature does not exist yet says so (`unavailable`) instead
 * of showing a number.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Baseline {
  /** What was measured as the comparison, in the same run (e.g. "bare express JSON echo"). */
  name: string;
  value: number;
}

export interface FigureResult {
  name: string;
  unit: string;
  value: number | null;
  baseline: Baseline | null;
  /** value / baseline.value. */
  ratio: number | null;
  /** Human-readable target, e.g. "≤ 60 KB" or "≥ 0.5× echo". */
  target: string | null;
  /** null when there is no target or no value. */
  pass: boolean | null;
  /** "not available yet (reason)" or a remark on how it was measured. */
  note?: string;
  unavailable?: boolean;
}

export interface BenchContext {
  /** Seconds each load run lasts (BENCH_DURATION, default 10). */
  durationSec: number;
  /** Connections for load runs (the 64). */
  connections: number;
  /** The built Monev server on an empty DATA_DIR, started on first use and shared by figures. */
  monev(): Promise<{ baseUrl: string; pid: number }>;
  /** The bare-express baseline server, started on first use and shared. */
  bare(): Promise<{ baseUrl: string; pid: number }>;
  log(line: string): void;
}

export interface Figure {
  id: string;
  run(ctx: BenchContext): Promise<FigureResult[]>;
}

export function measured(
  fields: Omit<FigureResult, 'ratio' | 'pass'>,
  check?: (value: number, baseline: number | null) => boolean,
): FigureResult {
  const { value, baseline } = fields;
  const ratio = value !== null && baseline && baseline.value !== 0 ? value / baseline.value : null;
  const pass = value === null || !check ? null : check(value, baseline?.value ?? null);
  return { ...fields, ratio, pass };
}

export function unavailable(name: string, unit: string, target: string | null, reason: string): FigureResult {
  return { name, unit, value: null, baseline: null, ratio: null, target, pass: null, note: `not available yet (${reason})`, unavailable: true };
}

function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const abs = Math.abs(n);
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 0.1) return n.toFixed(2);
  return n.toPrecision(2);
}

export function renderTable(results: readonly FigureResult[]): string {
  const header = ['figure', 'value', 'unit', 'baseline', 'ratio', 'target', 'pass / note'];
  const rows = results.map((r) => r.unavailable
    ? [r.name, '—', r.unit, '—', '—', r.target ?? '—', r.note ?? '']
    : [
      r.name, fmt(r.value), r.unit,
      r.baseline ? `${fmt(r.baseline.value)} (${r.baseline.name})` : '—',
      r.ratio === null ? '—' : `${fmt(r.ratio)}×`,
      r.target ?? '—',
      r.pass === null ? '—' : r.pass ? 'yes' : 'NO',
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const notes = results.filter((r) => r.note && !r.unavailable).map((r) => `  ${r.name}: ${r.note}`);
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

export function writeJson(file: string, results: readonly FigureResult[], meta: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...meta, figures: results }, null, 2)}\n`);
}
