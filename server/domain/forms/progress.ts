/**
 * Completeness for the operator's progress bar: per section, how many of the visible required
 * questions are answered. Evaluator-only questions are not the operator's to fill and are left out.
 */
import { getIn, isPlainObject } from './json-pointer';
import type { LoadedForm } from './loaded-form';
import type { ProgressResult, SectionProgress } from './types';
import { computeVisibility, isUnderHidden } from './visibility';

export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function progress(form: LoadedForm, answers: unknown): ProgressResult {
  const state = computeVisibility(form, isPlainObject(answers) ? answers : {});
  const bySection = new Map<string, SectionProgress>();
  for (const s of form.sections) bySection.set(s.key, { key: s.key, title: s.title, answered: 0, required: 0, total: 0, answeredTotal: 0 });
  for (const n of form.runtime.leaves) {
    if (n.evaluatorOnly || isUnderHidden(n.pointer, state.hiddenPointers)) continue;
    let acc = bySection.get(n.section);
    if (!acc) {
      acc = { key: n.section, title: n.sectionTitle, answered: 0, required: 0, total: 0, answeredTotal: 0 };
      bySection.set(n.section, acc);
    }
    const answered = isAnswered(getIn(state.pruned, n.segments));
    acc.total += 1;
    if (answered) acc.answeredTotal += 1;
    if (n.requiredChain) {
      acc.required += 1;
      if (answered) acc.answered += 1;
    }
  }
  const sections = [...bySection.values()];
  const answered = sections.reduce((a, s) => a + s.answered, 0);
  const required = sections.reduce((a, s) => a + s.required, 0);
  const percent = required === 0 ? 100 : Math.floor((answered / required) * 100);
  return { sections, answered, required, percent };
}
