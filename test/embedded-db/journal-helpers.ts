// Shared helpers for the journal tests: temp directories and a logger that records messages.
import fs from 'fs';
import os from 'os';
import path from 'path';

export function tmpDir(prefix = 'journal-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RecordingLogger {
  info(...a: any[]): void;
  warn(...a: any[]): void;
  error(...a: any[]): void;
  warnings: string[];
  errors: string[];
}

export function recordingLogger(): RecordingLogger {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    info() {},
    warn: (...a: any[]) => void warnings.push(a.join(' ')),
    error: (...a: any[]) => void errors.push(a.join(' ')),
    warnings,
    errors,
  };
}

export function logFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
}

export function onlyLog(dir: string): string {
  const logs = logFiles(dir);
  if (logs.length !== 1) throw new Error(`expected one log file in ${dir}, found ${logs.join(', ')}`);
  return path.join(dir, logs[0]);
}

export const rec = (s: string): Buffer => Buffer.from(s, 'utf8');
export const texts = (bufs: Buffer[]): string[] => bufs.map((b) => b.toString('utf8'));
