/**
 * Expressions about a loaded form: how `${name}` finds a question (import of a condition, the
 * editor) and how a question is written back (export, the editor). One place for both.
 */
import type { LoadedForm } from '../loaded-form';
import type { ConditionContext } from './condition-text';
import { answerKind, refLookup, refNames, targetsOf, type RefLookup } from './refs';

export function formConditionContext(form: LoadedForm): ConditionContext & { lookup: RefLookup } {
  const byPath = new Map(form.questions.map((q) => [q.path, q]));
  const targets = targetsOf(form.questions);
  const byTarget = new Map(targets.map((t) => [t.segments.join('.'), t]));
  return {
    nodeAt: (segments) => {
      const q = byPath.get(segments.join('.'));
      if (!q || q.inRepeat) return null;
      if (q.kind === 'section' || q.kind === 'group') return { container: true };
      const t = byTarget.get(q.path);
      return t ? { ...t, kind: answerKind(q) } : null;
    },
    nameOf: refNames(form.questions.filter((q) => !q.inRepeat && (q.kind === 'question' || q.kind === 'repeat')).map((q) => q.path.split('.'))),
    lookup: refLookup(targets),
  };
}
