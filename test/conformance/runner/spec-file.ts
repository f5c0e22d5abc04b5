// Loading unified-format test files. They are Extended JSON; we parse canonically (so
// {$numberLong} stays a Long and {$numberDouble: "1.0"} stays a Double), then turn the Int32 and
// fractional Double wrappers produced for plain JSON numbers back into JS numbers so driver
// options such as `limit` or `chunkSizeBytes` receive ordinary numbers.
import fs from 'fs';
import path from 'path';
import { EJSON } from 'bson';
import { bsonTag, isDocument } from './values';

export interface SpecTest {
  description: string;
  runOnRequirements?: any[];
  skipReason?: string;
  operations: any[];
  expectEvents?: any[];
  outcome?: any[];
}

export interface SpecFile {
  description: string;
  schemaVersion: string;
  runOnRequirements?: any[];
  createEntities?: any[];
  initialData?: any[];
  tests: SpecTest[];
}

export function loadSpecFile(file: string): SpecFile {
  const parsed = EJSON.parse(fs.readFileSync(file, 'utf8'), { relaxed: false });
  return normalise(parsed) as SpecFile;
}

export function listSpecFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort().map((n) => path.join(dir, n));
}

function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  const tag = bsonTag(v);
  if (tag === 'Int32') return (v as any).valueOf();
  if (tag === 'Double') {
    const n = (v as any).valueOf();
    return Number.isInteger(n) ? v : n;
  }
  if (isDocument(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = normalise(x);
    return out;
  }
  return v;
}

/** Highest unified-format schema version this runner implements (the files here use up to 1.21). */
export const SUPPORTED_SCHEMA = [1, 21];

export function schemaSupported(version: string): boolean {
  const [major, minor = 0] = version.split('.').map(Number);
  return major === SUPPORTED_SCHEMA[0] && minor <= SUPPORTED_SCHEMA[1];
}
