/**
 * Answer validation with the form's single compiled schema. Hidden answers (and, for operators,
 * evaluator-only ones) are removed first; then Ajv runs once and its errors are filtered by mode:
 * a draft keeps only wrong values (types, formats, ranges, lengths), a submission also requires
 * completeness, except for hidden and evaluator-only questions.
 */
import type { ErrorObject } from 'ajv';
import { errorPointer, pickErrors } from './ajv-errors';
import { checkJsonLimits, describeViolation } from './json-limits';
import { isPlainObject, resolvePointer, segmentsOf, withoutPaths } from './json-pointer';
import { ANSWER_LIMITS } from './limits';
import type { LoadedForm } from './loaded-form';
import { ANSWER_MESSAGES, messageFor } from './messages';
import type { ModelNode } from './model';
import type { FieldError, ValidateOptions, ValidationResult } from './types';
import { computeVisibility, isUnderHidden } from './visibility';

/** Keywords that only say "something is missing": ignored for drafts. */
const COMPLETENESS = new Set(['required', 'dependentRequired', 'dependencies', 'minItems', 'minProperties']);

/** Raw Ajv errors looked at for messages (the verdict uses all of them). */
const MAX_RAW_ERRORS = 500;

export function validateAnswers(form: LoadedForm, answers: unknown, opts: ValidateOptions): ValidationResult {
  const limitError = checkAnswerLimits(form, answers);
  if (limitError) return { ok: false, errors: [limitError], truncated: false, value: undefined };
  if (form.mode === 'strict' && !isPlainObject(answers)) {
    return { ok: false, errors: [{ path: '', pointer: '', keyword: 'type', message: ANSWER_MESSAGES.notObject }], truncated: false, value: undefined };
  }
  const role = opts.role ?? 'operator';
  const state = computeVisibility(form, answers);
  const evaluatorOnly = role === 'operator' ? form.runtime.evaluatorOnly : [];
  const value = evaluatorOnly.length > 0 ? withoutPaths(state.pruned, evaluatorOnly.map((n) => n.segments)) : state.pruned;

  const relevant: ErrorObject[] = [];
  if (!form.runtime.validate(value)) {
    for (const e of form.runtime.validate.errors ?? []) {
      if (opts.mode === 'draft' && COMPLETENESS.has(e.keyword)) continue;
      if (e.keyword === 'required' || e.keyword === 'dependentRequired') {
        const at = errorPointer(e);
        if (isUnderHidden(at, state.hiddenPointers)) continue;
        if (evaluatorOnly.some((n) => at === n.pointer || at.startsWith(n.pointer + '/'))) continue;
      }
      relevant.push(e);
    }
  }
  const errors = pickErrors(relevant.slice(0, MAX_RAW_ERRORS)).map((e) => toFieldError(form, e))
    .sort((a, b) => a.order - b.order).map(({ order: _o, ...e }) => e);
  if (opts.evidence) errors.push(...evidenceErrors(form, value, opts, state.hiddenPointers));
  const ok = relevant.length === 0 && errors.length === 0;
  const truncated = errors.length > ANSWER_LIMITS.maxErrors || relevant.length > MAX_RAW_ERRORS;
  return { ok, errors: errors.slice(0, ANSWER_LIMITS.maxErrors), truncated, value };
}

function checkAnswerLimits(form: LoadedForm, answers: unknown): FieldError | null {
  const v = checkJsonLimits(answers, {
    maxDepth: ANSWER_LIMITS.maxDepth, maxNodes: ANSWER_LIMITS.maxNodes, maxBytes: ANSWER_LIMITS.maxBytes,
    maxArrayItems: form.runtime.maxArrayItems, maxStringLength: ANSWER_LIMITS.maxStringLength, maxKeys: ANSWER_LIMITS.maxKeys,
  });
  if (!v) return null;
  return { path: dotted(v.pointer), pointer: v.pointer, keyword: 'limits', message: describeViolation(v, ANSWER_MESSAGES.subject) };
}

function dotted(pointer: string): string {
  return segmentsOf(pointer).join('.');
}

/** Finds the question an answer location belongs to; row numbers (1-based) of repeat groups on the way. */
export function locate(form: LoadedForm, pointer: string): { node?: ModelNode; rows: number[] } {
  let pattern = '';
  let node: ModelNode | undefined;
  const rows: number[] = [];
  for (const seg of segmentsOf(pointer)) {
    const esc = seg.replace(/~/g, '~0').replace(/\//g, '~1');
    const direct = form.runtime.byPointer.get(`${pattern}/${esc}`);
    if (direct) { pattern = `${pattern}/${esc}`; node = direct; continue; }
    if (/^\d+$/.test(seg) && node) {
      if (node.kind === 'repeat') rows.push(Number(seg) + 1);
      pattern = node.kind === 'repeat' ? `${pattern}/*` : pattern;
      if (node.kind !== 'repeat') break; // an element of a multiple choice: the question itself
      continue;
    }
    break;
  }
  return { node, rows };
}

function toFieldError(form: LoadedForm, e: ErrorObject): FieldError & { order: number } {
  const pointer = errorPointer(e);
  // additionalProperties names an unknown key: label it by the object that received it.
  const { node, rows } = locate(form, e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties' ? e.instancePath : pointer);
  let label = node?.title ?? (segmentsOf(pointer).pop() ?? ANSWER_MESSAGES.whole);
  if (rows.length > 0) label = ANSWER_MESSAGES.row(label, rows[rows.length - 1]);
  const order = node ? form.runtime.displayIndex.get(node.pointer) ?? Infinity : Infinity;
  return { path: dotted(pointer), pointer, keyword: e.keyword, message: messageFor(e, { label, question: node }), title: node?.title, order };
}

function evidenceErrors(form: LoadedForm, value: unknown, opts: ValidateOptions, hidden: ReadonlySet<string>): FieldError[] {
  const out: FieldError[] = [];
  const role = opts.role ?? 'operator';
  for (const n of form.runtime.evidence) {
    const rule = n.evidence;
    if (!rule || isUnderHidden(n.pointer, hidden) || (n.evaluatorOnly && role === 'operator')) continue;
    const count = opts.evidence?.[n.path] ?? 0;
    if (count > rule.max) {
      out.push({ path: n.path, pointer: n.pointer, keyword: 'x-evidence', title: n.title, message: ANSWER_MESSAGES.evidenceMax(n.title, rule.max) });
      continue;
    }
    if (opts.mode !== 'submit' || count >= rule.min) continue;
    const answer = resolvePointer(value, n.segments);
    // The missing answer is reported already; a question that is only an upload has no answer.
    if (answer === undefined && (n.type !== undefined || n.options)) continue;
    if ((rule.notRequiredFor ?? []).some((v) => String(v) === String(answer))) continue;
    out.push({ path: n.path, pointer: n.pointer, keyword: 'x-evidence', title: n.title, message: ANSWER_MESSAGES.evidenceMin(n.title, rule.min) });
  }
  return out;
}
