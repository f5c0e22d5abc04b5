/**
 * Questionnaire engine: definitions (JSON Schema 2020-12 + x- annotations, see forms/FORMAT.md),
 * answer validation, visibility, scoring and completeness. Pure TypeScript: no HTTP, no database.
 */
export type { LoadedForm } from './loaded-form';
export type * from './types';
export { checkDefinition, type CheckResult } from './loader';
export { loadForm, registerForm, getForm, listForms, clearFormCache, FormDefinitionError } from './registry';
export { loadBundledForms, checkFiles, definitionFiles, type FileCheck } from './bundled';
export { validateAnswers } from './validate';
export { visibility } from './visibility';
export { score, type Overrides } from './score';
export { progress, isAnswered } from './progress';
export { questions, findQuestion } from './questions';
export { patternProblem } from './regex-safety';
export { DEFINITION_LIMITS, ANSWER_LIMITS, STRICT_FORMATS } from './limits';
export { numberedOptionText, titleWithoutValue } from './option-label';
