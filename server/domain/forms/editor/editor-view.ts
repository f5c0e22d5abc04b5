/**
 * What the draft editor shows: the outline (sections, groups, questions with move buttons) and,
 * for the selected item, its current label, hints, required flag, condition as an expression,
 * weight, options with points, or number bands. Plain data for the template.
 */
import type { LoadedForm } from '../loaded-form';
import type { Question } from '../types';
import { conditionText } from '../xlsform/condition-text';
import { conditionContext, parentPointer, sharedWith, siblingKeys, type Schema } from './draft-doc';

export interface OutlineItem {
  path: string;
  title: string;
  kind: Question['kind'];
  depth: number;
  scored: boolean;
  conditional: boolean;
  first: boolean;
  last: boolean;
}

export interface OptionView { index: number; value: string; title: string; points: string; na: boolean }
export interface BandView { index: number; min: string; max: string; points: string; label: string }

export interface ItemView {
  path: string;
  kind: Question['kind'];
  title: string;
  hint: string;
  description: string;
  required: boolean;
  /** Questions with an answer and groups may be required; upload-only questions use their evidence minimum. */
  canRequire: boolean;
  /** The condition as an expression; '' when none. */
  relevant: string;
  /** A condition no expression can state, shown as JSON (kept unless replaced). */
  relevantJson?: string;
  canCondition: boolean;
  section: boolean;
  weight: string;
  recommendation: string;
  scored: boolean;
  options?: OptionView[];
  /** Titles of other questions sharing this option list. */
  sharedWith: string[];
  booleanOptions: boolean;
  bands?: BandView[];
  numeric: boolean;
}

const numText = (v: unknown) => (typeof v === 'number' ? String(v) : '');

export function outline(form: LoadedForm): OutlineItem[] {
  const doc = form.definition as Schema;
  const out: OutlineItem[] = [];
  const siblings = new Map<string, string[]>();
  for (const q of form.questions) {
    const parent = parentPointer(q);
    if (!siblings.has(parent)) siblings.set(parent, siblingKeys(doc, parent));
    const keys = siblings.get(parent) as string[];
    out.push({
      path: q.path, title: q.title, kind: q.kind, depth: q.depth, scored: q.scoreMax !== null, conditional: (q.schema as Schema)['x-visibleIf'] !== undefined,
      first: keys[0] === q.key, last: keys[keys.length - 1] === q.key,
    });
  }
  return out;
}

export function itemView(form: LoadedForm, path: string): ItemView | null {
  const q = form.questions.find((x) => x.path === path);
  if (!q) return null;
  const doc = form.definition as Schema;
  const s = q.schema as Schema;
  const score = s['x-score'] as Schema | undefined;
  const cond = s['x-visibleIf'];
  let relevant = '';
  let relevantJson: string | undefined;
  if (cond !== undefined) {
    const text = conditionText(cond, conditionContext(form));
    if (text === null) relevantJson = JSON.stringify(cond);
    else relevant = text;
  }
  const view: ItemView = {
    path: q.path, kind: q.kind, title: q.title, hint: q.hint ?? '', description: q.description ?? '', required: q.required,
    canRequire: !(q.kind === 'question' && q.type === undefined && !q.options),
    relevant, relevantJson, canCondition: !q.inRepeat,
    section: q.kind === 'section', weight: numText(s['x-weight']), recommendation: q.recommendation ?? '',
    scored: q.scoreMax !== null, sharedWith: [], booleanOptions: false,
    numeric: q.kind === 'question' && !q.options && (q.type === 'integer' || q.type === 'number'),
  };
  if (q.kind === 'question' && q.options) {
    const points = (score?.points ?? {}) as Record<string, unknown>;
    const na = new Set(((score?.notApplicable ?? []) as unknown[]).map(String));
    view.options = q.options.map((o, index) => ({ index, value: String(o.value), title: o.title, points: numText(points[String(o.value)]), na: na.has(String(o.value)) }));
    view.sharedWith = sharedWith(doc, form, q);
    view.booleanOptions = q.options.every((o) => typeof o.value === 'boolean');
  }
  if (view.numeric) {
    view.bands = ((score?.bands ?? []) as Schema[]).map((b, index) => ({ index, min: numText(b.min), max: numText(b.max), points: numText(b.points), label: typeof b.label === 'string' ? b.label : '' }));
  }
  return view;
}
