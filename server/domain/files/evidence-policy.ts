/**
 * The limits one evidence upload must respect: the question's `x-evidence` rule (types, bytes per
 * file, number of files) bounded by the platform's global caps, whatever a definition says.
 */
import type { EvidenceRule } from '../forms/types';
import { acceptedTypes, type SniffedType } from './sniff';

export const EVIDENCE_LIMITS = Object.freeze({
  /** bytes per file, for every question */
  maxFileBytes: 10 * 1024 * 1024,
  /** files in one upload request */
  maxFilesPerRequest: 10,
  /** files per question when the rule names no maximum */
  maxFilesPerQuestion: 20,
  /** text fields in one multipart request (a section form has one per question) */
  maxFields: 2000,
  /** bytes of one text field */
  maxFieldBytes: 64 * 1024,
});

export interface EvidencePolicy {
  types: SniffedType[];
  maxBytes: number;
  maxCount: number;
  minCount: number;
}

export function evidencePolicy(rule: EvidenceRule | undefined): EvidencePolicy {
  const declaredBytes = rule?.maxBytes;
  const maxBytes = typeof declaredBytes === 'number' && declaredBytes > 0 ? Math.min(declaredBytes, EVIDENCE_LIMITS.maxFileBytes) : EVIDENCE_LIMITS.maxFileBytes;
  const declaredMax = rule?.max;
  const maxCount = typeof declaredMax === 'number' && declaredMax > 0 ? Math.min(declaredMax, EVIDENCE_LIMITS.maxFilesPerQuestion) : EVIDENCE_LIMITS.maxFilesPerQuestion;
  return { types: acceptedTypes(rule?.types), maxBytes, maxCount, minCount: Math.max(0, rule?.min ?? 0) };
}

/** How many files per question path, from a response's evidence list. */
export function countByPath(evidence: readonly { path: string }[]): Record<string, number> {
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const e of evidence) counts[e.path] = (counts[e.path] ?? 0) + 1;
  return { ...counts };
}

/** True when adding `adding` files to a question that has `existing` stays within its maximum. */
export function withinCount(policy: EvidencePolicy, existing: number, adding: number): boolean {
  return existing + adding <= policy.maxCount;
}
