/**
 * renderForm: a questionnaire (any JSON Schema, or a loaded form carrying one) plus answers →
 * the HTML of the form body (error summary, fields, rows), for the page template to place
 * inside its <form>. Never a whole page; never compiles a template from data.
 */
import { visibility } from '../domain/forms/visibility';
import type { LoadedForm } from '../domain/forms/loaded-form';
import { matches } from './condition';
import { templateMessages } from './messages';
import { normaliseKey } from './paths';
import { planFor, type FieldPlan } from './plan';
import { isObject, type SchemaObject } from './refs';
import { seesEvaluatorOnly } from './roles';
import { renderRoot } from './templates';
import { buildNode, rootState } from './view';
import type { EvidenceFile, FormError, Mode, ViewContext } from './view-types';

/** A bare JSON Schema, a loaded questionnaire (the engine's LoadedForm), or `{schema}`. */
export type FormInput = SchemaObject | LoadedForm | { schema: SchemaObject };

export type VisibilityFn = (condition: unknown, answers: unknown) => boolean;

export interface RenderOptions {
  form: FormInput;
  answers?: unknown;
  errors?: readonly FormError[];
  mode?: Mode;
  role?: string;
  /** files already attached, by question path (dotted) */
  evidence?: Record<string, EvidenceFile[]>;
  /** render one top-level section only (section-by-section filling) */
  section?: string;
  /**
   * paths (dotted) that are hidden. When absent: the engine's `visibility()` for a LoadedForm,
   * else `isVisible`, else the built-in evaluator (condition.ts) on each `x-visibleIf`.
   */
  hidden?: ReadonlySet<string>;
  /** condition evaluator to use when `hidden` is absent (the engine's); default: a built-in subset */
  isVisible?: VisibilityFn;
  /** prefix of element ids (default "f"), to place two forms on one page */
  idPrefix?: string;
  /** pre-fill empty editable fields with schema defaults (default true) */
  defaults?: boolean;
  /** link pattern for attached files, `{id}` is replaced, e.g. "/bukti/{id}" */
  evidenceUrl?: string;
}

export function isLoadedForm(form: unknown): form is LoadedForm {
  return isObject(form) && isObject(form.definition) && isObject(form.runtime);
}

export function schemaOf(form: FormInput): SchemaObject {
  if (isLoadedForm(form)) return form.definition as SchemaObject;
  const wrapped = (form as { schema?: unknown }).schema;
  return isObject(wrapped) && !isObject((form as SchemaObject).properties) ? wrapped : (form as SchemaObject);
}


const sectionPlans = new WeakMap<FieldPlan, Map<string, FieldPlan>>();
const referenced = new WeakMap<FieldPlan, Set<string> | 'all'>();

/** Top-level answer keys a condition looks at ('all' when it is not plain enough to tell). */
function conditionKeys(cond: unknown, out: Set<string>): Set<string> | 'all' {
  if (typeof cond === 'boolean') return out;
  if (!isObject(cond)) return 'all';
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'properties' && isObject(v)) Object.keys(v).forEach((x) => out.add(x));
    else if (k === 'required' && Array.isArray(v)) v.forEach((x) => out.add(String(x)));
    else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      for (const sub of v) if (conditionKeys(sub, out) === 'all') return 'all';
    } else if (k === 'not') {
      if (conditionKeys(v, out) === 'all') return 'all';
    } else if (k !== 'type' && k !== 'title' && k !== 'description') return 'all';
  }
  return out;
}

/** Which top-level answers the conditions of a plan look at (computed once per plan). */
function conditionSections(plan: FieldPlan): Set<string> | 'all' {
  let known = referenced.get(plan);
  if (known === undefined) {
    let acc: Set<string> | 'all' = new Set<string>();
    if (plan.visibleIf !== undefined) acc = conditionKeys(plan.visibleIf, acc);
    const kids = [...plan.children, ...(plan.alternatives ?? []).flatMap((a) => a.children), ...(plan.item ? [plan.item] : []), ...(plan.prefix ?? []), ...(plan.rest ? [plan.rest] : [])];
    for (const k of kids) {
      if (acc === 'all') break;
      const sub = conditionSections(k);
      if (sub === 'all') acc = 'all';
      else sub.forEach((x) => (acc as Set<string>).add(x));
    }
    known = acc;
    referenced.set(plan, known);
  }
  return known;
}

/**
 * One section on the page: its conditions may look at other sections, so the page carries the
 * saved answers of those sections for form.js (escaped into an attribute like everything else).
 */
function sectionContext(plan: FieldPlan, section: string | undefined, answers: unknown): string | undefined {
  if (section === undefined || !isObject(answers)) return undefined;
  const keys = conditionSections(plan);
  const others = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== section && (keys === 'all' || keys.has(k))));
  return Object.keys(others).length > 0 ? JSON.stringify(others) : undefined;
}

function sectionPlan(plan: FieldPlan, section: string): FieldPlan {
  let bySection = sectionPlans.get(plan);
  if (!bySection) sectionPlans.set(plan, (bySection = new Map()));
  let p = bySection.get(section);
  if (!p) {
    const children = plan.children.filter((c) => c.key === section);
    if (children.length === 0) throw new Error(`unknown section: ${section}`);
    p = { ...plan, children, alternatives: undefined, extra: false };
    bySection.set(section, p);
  }
  return p;
}

function hiddenTest(opts: RenderOptions, answers: unknown): ViewContext['isHidden'] {
  // the engine decides for its own forms (conditions in file order, hidden answers pruned first)
  const hidden = opts.hidden ?? (!opts.isVisible && isLoadedForm(opts.form) ? visibility(opts.form, answers) : undefined);
  if (hidden) return (_plan, key) => hidden.has(key);
  const visible = opts.isVisible ?? matches;
  const memo = new Map<unknown, boolean>();
  return (plan) => {
    if (plan.visibleIf === undefined) return false;
    let v = memo.get(plan.visibleIf);
    if (v === undefined) {
      v = visible(plan.visibleIf, answers);
      memo.set(plan.visibleIf, v);
    }
    return !v;
  };
}

function within(key: string, base: string): boolean {
  return key === base || key.startsWith(`${base}.`);
}

export function renderForm(opts: RenderOptions): string {
  const mode: Mode = opts.mode ?? 'edit';
  const answers = opts.answers;
  const fullPlan = planFor(schemaOf(opts.form));
  const plan = opts.section === undefined ? fullPlan : sectionPlan(fullPlan, opts.section);
  const errors = (opts.errors ?? []).map((e) => ({ key: normaliseKey(String(e.path ?? '')), message: String(e.message ?? '') }));
  const vc: ViewContext = {
    mode,
    canSeeEvaluatorOnly: seesEvaluatorOnly(opts.role, mode),
    answers,
    errors: mode === 'readonly' ? [] : errors,
    claimed: new Map(),
    evidence: opts.evidence ?? {},
    isHidden: hiddenTest(opts, answers),
    hiddenKeys: [],
    prefix: opts.idPrefix ?? 'f',
    defaults: opts.defaults !== false,
    evidenceUrl: opts.evidenceUrl,
  };
  const node = buildNode(plan, answers, rootState(vc.prefix, mode === 'edit'), vc);
  const summary: { href?: string; text: string }[] = [];
  vc.errors.forEach((e, i) => {
    const id = vc.claimed.get(i);
    if (id) summary.push({ href: `#${id}`, text: e.message });
    else if (vc.hiddenKeys.some((h) => within(e.key, h))) return; // hidden answers are ignored
    else if (opts.section !== undefined && !within(e.key, opts.section)) return;
    else summary.push({ text: e.message });
  });
  return renderRoot({
    m: templateMessages,
    mode,
    prefix: vc.prefix,
    summary: summary.length > 0 ? summary : undefined,
    defaultSubmit: mode !== 'readonly' && node !== null,
    node,
    context: sectionContext(plan, opts.section, answers),
  });
}
