/**
 * Idempotent submissions from weak connections (checklist 30-31). The client generates an
 * instance id once per submission attempt and repeats it on every retry. The server compares:
 * - no stored submission with that id      → new: store it
 * - stored, same content fingerprint       → replay: answer as if it just succeeded, store nothing
 * - stored, different content              → 409.4; the original stays unchanged
 * The database must also hold a unique index on the instance id so parallel first posts race
 * into exactly one insert; this module only decides what a found duplicate means.
 */
import { createHash } from 'node:crypto';
import { type DomainProblem, problem } from './problems';

/** Client instance ids: UUIDs or similar, URL-safe, bounded. */
export function isValidInstanceId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(value);
}

/** JSON with object keys sorted at every level, so key order never changes the fingerprint. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function contentFingerprint(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export interface SubmissionKey {
  readonly instanceId: string;
  readonly fingerprint: string;
}

export type SubmissionVerdict =
  | { kind: 'new' }
  | { kind: 'replay' }
  | { kind: 'conflict'; problem: DomainProblem };

export function classifySubmission(existing: SubmissionKey | null | undefined, incoming: SubmissionKey): SubmissionVerdict {
  if (!existing || existing.instanceId !== incoming.instanceId) return { kind: 'new' };
  if (existing.fingerprint === incoming.fingerprint) return { kind: 'replay' };
  return { kind: 'conflict', problem: problem(409.4, { instanceId: incoming.instanceId }) };
}
