/** The flattened question list (labels for reports, exports and renderers), computed at load. */
import type { LoadedForm } from './loaded-form';
import type { Question } from './types';

/** Questions, sections, groups and repeat groups in display order. */
export function questions(form: LoadedForm): readonly Question[] {
  return form.questions;
}

/** The question at a dotted path (`*` for repeat rows), if any. */
export function findQuestion(form: LoadedForm, path: string): Question | undefined {
  return form.questions.find((q) => q.path === path);
}
