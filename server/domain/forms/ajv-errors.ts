/**
 * Reducing Ajv's raw error list (allErrors) to what a person should read: errors inside the
 * failed branches of oneOf/anyOf are replaced by the oneOf/anyOf error itself, an `if` error is
 * dropped when its `then`/`else` errors say more, and each location keeps its most useful error.
 */
import type { ErrorObject } from 'ajv';
import { escapeToken } from './json-pointer';

/** The answer location an error is about (the missing/extra property for required-like errors). */
export function errorPointer(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const name = p.missingProperty ?? p.additionalProperty ?? p.unevaluatedProperty;
  return typeof name === 'string' ? `${e.instancePath}/${escapeToken(name)}` : e.instancePath;
}

const BRANCH_RE = /\/(oneOf|anyOf)\/\d+(\/|$)/;

function rank(e: ErrorObject): number {
  if (e.keyword === 'required') return 0;
  // The type, or the pattern/format (which carry the instrument's own x-errorMessage), explains most.
  if (e.keyword === 'type' || e.keyword === 'pattern' || e.keyword === 'format') return 1;
  if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'const' || e.keyword === 'enum') return 3;
  return 2;
}

export function pickErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  // Errors from inside a failed oneOf/anyOf branch: the combinator error at the branch root stays.
  let kept = errors.filter((e) => !BRANCH_RE.test(e.schemaPath.replace(/^#/, '')) || !hasCombinatorAbove(e, errors));
  if (kept.some((e) => e.keyword !== 'if')) kept = kept.filter((e) => e.keyword !== 'if');
  const best = new Map<string, ErrorObject>();
  for (const e of kept) {
    const at = errorPointer(e);
    const prev = best.get(at);
    if (!prev || rank(e) < rank(prev)) best.set(at, e);
  }
  return [...best.values()];
}

function hasCombinatorAbove(e: ErrorObject, all: readonly ErrorObject[]): boolean {
  return all.some((c) => (c.keyword === 'oneOf' || c.keyword === 'anyOf') && c !== e
    && (e.instancePath === c.instancePath || e.instancePath.startsWith(c.instancePath + '/'))
    && e.schemaPath.startsWith(c.schemaPath + '/'));
}
