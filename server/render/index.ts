/**
 * Server-side rendering of questionnaires (any JSON Schema) as accessible HTML fragments, and the
 * way back from a plain form POST. See the module files for the details:
 *  - renderForm (render.ts): schema + answers → HTML of the form body;
 *  - parseFormPost (parse-post.ts): posted fields → typed answers;
 *  - parseAction / applyRowAction / handleFormPost (row-actions.ts): rows without JavaScript;
 *  - registerRenderer (registry.ts): widgets = tester + partial views/partials/form/<widget>.hbs.
 */
export { renderForm, schemaOf, type RenderOptions, type FormInput, type VisibilityFn } from './render';
export { parseFormPost, parseNumber, type ParseOptions } from './parse-post';
export { parseAction, applyRowAction, handleFormPost, type FormAction } from './row-actions';
export { registerRenderer, type Tester } from './registry';
export { registerPartialFile } from './templates';
export { planFor, type FieldPlan } from './plan';
export { compareSection, type CompareRow } from './compare';
export type { Facts, Option } from './facts';
export { decodeFieldName, pathKey, normaliseKey, questionId } from './paths';
export { POST_LIMITS, type PostBody } from './post-body';
export { matches as conditionMatches } from './condition';
export { formMessages } from './messages';
export type { Mode, EvidenceFile, FormError } from './view-types';
