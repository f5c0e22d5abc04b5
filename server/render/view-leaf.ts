/**
 * View nodes for single questions: text-like inputs, choices, JSON, constants, read-only
 * displays and the evidence (upload) block.
 */
import { EVIDENCE_LIMITS, acceptedTypes, typeLabel } from '../domain/files';
import { displayValue, formatBytes } from './display';
import { encodeOption } from './facts';
import { msg } from './messages';
import { markerName } from './paths';
import type { FieldPlan } from './plan';
import { isObject } from './refs';
import type { BuildState, ViewContext, ViewNode, ViewOption } from './view-types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function inputValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v, null, 2);
}

function dataType(plan: FieldPlan): string | undefined {
  if (plan.options) return plan.options.some((o) => typeof o.value !== 'string') ? 'j' : undefined;
  const t = plan.types.filter((x) => x !== 'null');
  if (t.length > 0 && t.every((x) => x === 'number' || x === 'integer')) return 'n';
  if (t.length > 1 || (t.length === 1 && t[0] !== 'string')) return 'a'; // coerced like the server does
  return undefined;
}

function options(plan: FieldPlan, node: ViewNode, selected: (enc: string) => boolean, on: string): ViewOption[] {
  return (plan.options ?? []).map((o, i) => ({
    id: i === 0 ? node.id : `${node.id}--o${i}`,
    value: o.enc,
    label: o.short ?? o.label,
    hint: o.hint,
    ck: selected(o.enc) ? on : '',
    badge: o.badge,
  }));
}

function display(node: ViewNode, plan: FieldPlan, value: unknown): ViewNode {
  const d = displayValue(plan, value);
  node.p = 'form/display';
  node.ro = true;
  node.text = d.text;
  node.list = d.list;
  node.json = d.json;
  node.empty = d.empty;
  return node;
}

export function leafView(plan: FieldPlan, value: unknown, node: ViewNode, st: BuildState): ViewNode {
  if (!st.editable || plan.widget === 'readonly') return display(node, plan, value);
  node.dt = dataType(plan);
  switch (plan.widget) {
    case 'const':
      display(node, plan, plan.constValue);
      node.p = 'form/const';
      // posted only when answered or required: an optional constant is not forced into the answers
      if (value !== undefined || plan.required) {
        node.value = encodeOption(plan.constValue);
        node.dt = typeof plan.constValue === 'string' ? undefined : 'j';
      } else node.name = '';
      return node;
    case 'select':
    case 'radio':
    case 'yesno':
    case 'scale': {
      const enc = value === undefined ? undefined : encodeOption(value);
      node.opts = options(plan, node, (e) => e === enc, plan.widget === 'select' ? ' selected' : ' checked');
      return node;
    }
    case 'checkboxes': {
      const chosen = new Set(Array.isArray(value) ? value.map(encodeOption) : []);
      node.opts = options(plan, node, (e) => chosen.has(e), ' checked');
      return node;
    }
    case 'json':
      node.value = inputValue(value);
      node.note = plan.note ? msg(plan.note) : undefined;
      node.hint = node.hint ?? msg('form.jsonHint');
      return node;
    case 'date':
      node.value = inputValue(value);
      node.inputType = node.value === '' || ISO_DATE.test(node.value) ? 'date' : 'text';
      return node;
    case 'number':
      node.value = inputValue(value);
      node.inputmode = plan.types.includes('number') ? 'decimal' : 'numeric';
      node.placeholder = plan.placeholder;
      return node;
    case 'textarea':
      node.value = inputValue(value);
      node.placeholder = plan.placeholder;
      node.maxlength = plan.maxLength;
      return node;
    default: {
      node.value = isObject(value) || Array.isArray(value) ? JSON.stringify(value) : inputValue(value);
      const f = plan.format;
      node.inputmode = f === 'email' ? 'email' : f === 'uri' || f === 'url' ? 'url' : f === 'tel' ? 'tel' : undefined;
      node.placeholder = plan.placeholder;
      node.maxlength = plan.maxLength;
      return node;
    }
  }
}

/** Attached files and (when editable) the upload input of a question with `x-evidence`. */
export function addEvidence(plan: FieldPlan, node: ViewNode, st: BuildState, vc: ViewContext): void {
  node.evidence = true;
  const files = Object.prototype.hasOwnProperty.call(vc.evidence, st.key) ? vc.evidence[st.key] : [];
  node.files = files.map((f) => ({
    name: String(f.name),
    size: formatBytes(Number(f.size)),
    invalid: f.valid === false,
    href: vc.evidenceUrl ? vc.evidenceUrl.replace('{id}', encodeURIComponent(String(f.id))) : undefined,
    removeValue: st.editable ? `remove-file:${st.name}:${String(f.id)}` : undefined,
  }));
  if (!st.editable) return;
  const rule = plan.evidence;
  // What the server will really take (server/domain/files: a question without `types` takes every
  // type recognisable from content, one with `types` only those of them that are recognisable).
  // A definition naming only types nobody can recognise is shown as written (all uploads fail).
  const accepted: string[] = acceptedTypes(rule?.types);
  const types = accepted.length > 0 ? accepted : rule?.types ?? [];
  const maxBytes = rule && rule.maxBytes > 0 ? Math.min(rule.maxBytes, EVIDENCE_LIMITS.maxFileBytes) : EVIDENCE_LIMITS.maxFileBytes;
  node.upload = {
    id: `${node.id}--file`,
    name: markerName(st.name, '~file'),
    accept: types.join(','),
    rules: types.length > 0 ? msg('form.evidenceRules', { types: types.map(typeLabel).join(', '), size: formatBytes(maxBytes) }) : '',
    count: rule && rule.max > 0 ? msg('form.evidenceCount', { min: rule.min, max: rule.max }) : undefined,
    // for the page's offline queue: which question, and the limits a file must meet before it is kept
    path: st.key, maxBytes, room: Math.max(0, (rule && rule.max > 0 ? Math.min(rule.max, EVIDENCE_LIMITS.maxFilesPerQuestion) : EVIDENCE_LIMITS.maxFilesPerQuestion) - files.length),
  };
}
