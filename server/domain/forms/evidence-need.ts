/**
 * Which evidence a response needs now, question by question: the rule of each visible evidence
 * question (evaluator-only ones are not the operator's), the files it has, and whether its
 * minimum applies (the question is answered, or is only an upload, and its answer is not one the
 * rule exempts).
 * One rule for the submit check (validate.ts) and for completeness (progress.ts).
 */
import { resolvePointer } from './json-pointer';
import type { LoadedForm } from './loaded-form';
import type { ModelNode } from './model';
import type { EvidenceRule, Role } from './types';
import { isUnderHidden } from './visibility';

export interface EvidenceNeed {
  node: ModelNode;
  rule: EvidenceRule;
  count: number;
  /** the minimum applies: answered, and not with an answer the rule exempts */
  minApplies: boolean;
}

export function evidenceNeeds(form: LoadedForm, pruned: unknown, hidden: ReadonlySet<string>, role: Role, counts: Readonly<Record<string, number>>): EvidenceNeed[] {
  const out: EvidenceNeed[] = [];
  for (const node of form.runtime.evidence) {
    const rule = node.evidence;
    if (!rule || isUnderHidden(node.pointer, hidden) || (node.evaluatorOnly && role === 'operator')) continue;
    const answer = resolvePointer(pruned, node.segments);
    const exempt = (rule.notRequiredFor ?? []).some((v) => String(v) === String(answer));
    // A question that is only an upload (no answer of its own) always needs its files.
    const uploadOnly = node.type === undefined && !node.options;
    out.push({ node, rule, count: counts[node.path] ?? 0, minApplies: (answer !== undefined || uploadOnly) && !exempt });
  }
  return out;
}
