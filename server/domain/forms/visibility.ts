/**
 * Conditions (`x-visibleIf`) decide which questions exist for a given answer document. They are
 * evaluated in file order against the answers with the already-hidden parts removed, so a question
 * that depends on a hidden one is judged without the hidden answer.
 */
import { withoutPaths } from './json-pointer';
import type { LoadedForm } from './loaded-form';

export interface VisibilityState {
  /** Answer pointers of the hidden conditional nodes (top-most only). */
  hiddenPointers: Set<string>;
  /** Segments of those nodes, for pruning. */
  hiddenSegments: string[][];
  /** The answers without hidden parts (the input object itself when nothing was removed). */
  pruned: unknown;
}

export function computeVisibility(form: LoadedForm, answers: unknown): VisibilityState {
  const hiddenPointers = new Set<string>();
  const hiddenSegments: string[][] = [];
  let pruned = answers;
  for (const c of form.runtime.conditions) {
    if (isUnderHidden(c.pointer, hiddenPointers)) continue;
    if (c.validate(pruned)) continue;
    hiddenPointers.add(c.pointer);
    hiddenSegments.push(c.segments);
    pruned = withoutPaths(pruned, [c.segments]);
  }
  return { hiddenPointers, hiddenSegments, pruned };
}

/** True when `pointer` is one of the hidden pointers or lies below one. */
export function isUnderHidden(pointer: string, hidden: ReadonlySet<string>): boolean {
  if (hidden.size === 0) return false;
  if (hidden.has(pointer)) return true;
  for (const h of hidden) if (pointer.startsWith(h + '/')) return true;
  return false;
}

/**
 * The dotted paths of every hidden question, group and section (a hidden section lists all its
 * questions), for renderers: `visibility(form, answers).has('manajemen.modulLksa.asesmen')`.
 */
export function visibility(form: LoadedForm, answers: unknown): Set<string> {
  const state = computeVisibility(form, answers);
  const out = new Set<string>();
  for (const c of form.runtime.conditions) {
    if (state.hiddenPointers.has(c.pointer)) for (const p of c.hiddenPaths) out.add(p);
  }
  return out;
}
