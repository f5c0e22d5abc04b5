/**
 * Completeness for the operator's progress bar: per section, how many of the visible required
 * questions are answered. Evaluator-only questions are not the operator's to fill and are left out.
 * Given the files per question, required evidence counts too: a section whose answers are all
 * there but whose required files are not is not complete (`evidenceMissing` files), and the
 * percentage counts each required file like a required answer.
 */
import { getIn, isPlainObject } from './json-pointer';
import type { LoadedForm } from './loaded-form';
import type { ProgressResult, SectionProgress } from './types';
import { evidenceNeeds } from './evidence-need';
import { computeVisibility, isUnderHidden } from './visibility';

export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function progress(form: LoadedForm, answers: unknown, evidence?: Readonly<Record<string, number>>): ProgressResult {
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
  let filesHave = 0;
  let filesNeeded = 0;
  if (evidence) {
    for (const s of bySection.values()) Object.assign(s, { evidenceNeeded: 0, evidenceMissing: 0 });
    for (const need of evidenceNeeds(form, state.pruned, state.hiddenPointers, 'operator', evidence)) {
      const acc = bySection.get(need.node.section);
      if (!acc || !need.minApplies || need.rule.min <= 0) continue;
      const have = Math.min(need.count, need.rule.min);
      acc.evidenceNeeded = (acc.evidenceNeeded ?? 0) + need.rule.min;
      acc.evidenceMissing = (acc.evidenceMissing ?? 0) + need.rule.min - have;
      filesNeeded += need.rule.min;
      filesHave += have;
    }
  }
  const sections = [...bySection.values()];
  const answered = sections.reduce((a, s) => a + s.answered, 0) + filesHave;
  const required = sections.reduce((a, s) => a + s.required, 0) + filesNeeded;
  const percent = required === 0 ? 100 : Math.floor((answered / required) * 100);
  return { sections, answered, required, percent };
}
