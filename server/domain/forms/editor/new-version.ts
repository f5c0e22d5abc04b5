/**
 * A new version of an instrument starts from an existing one: the same definition under a new
 * `x-monev.version` (and `$id`). Published versions stay as they are; responses keep scoring with
 * the version they were answered on.
 */
import { checkDefinition, type CheckResult } from '../loader';
import { clone, type Schema } from './draft-doc';

export function asNewVersion(definition: unknown, version: string): CheckResult {
  const doc = clone(definition) as Schema;
  const monev = doc['x-monev'] as Schema;
  monev.version = version;
  doc.$id = `urn:monev:form:${String(monev.id)}:${version}`;
  return checkDefinition(doc);
}

/**
 * The next free version after `current` among `taken`: the last number goes up by one
 * (2026.1 → 2026.2, 3 → 4); a version without a number gets ".1".
 */
export function nextVersion(current: string, taken: readonly string[]): string {
  const used = new Set(taken);
  const m = /^(.*?)(\d+)([^\d]*)$/.exec(current);
  let candidate = m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${current}.1`;
  for (let i = 0; used.has(candidate) && i < 1000; i++) {
    const n = /^(.*?)(\d+)([^\d]*)$/.exec(candidate);
    candidate = n ? `${n[1]}${Number(n[2]) + 1}${n[3]}` : `${candidate}.1`;
  }
  return candidate.slice(0, 32);
}
