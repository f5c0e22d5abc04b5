/**
 * What the journey's operator types, per HTML field name: a complete valid response generated from
 * the instrument itself (bench/fixtures/complete-response.ts, checked with the engine), except that
 * every free-text answer (no pattern, no format, no options) is a hostile string from
 * HOSTILE_ANSWERS — it must be stored as typed and render inert on every page that shows it.
 */
import { questions, validateAnswers, type LoadedForm } from '../../server/domain/forms';
import { childName } from '../../server/render/paths';
import { completeAnswers } from '../../bench/fixtures/complete-response';
import { HOSTILE_ANSWERS } from './csp-probe';

/** Field name → the value(s) to enter (several for checkbox groups). */
export type FieldAnswers = Map<string, string[]>;

function freeTextPaths(form: LoadedForm): Set<string> {
  return new Set(questions(form)
    .filter((q) => q.kind === 'question' && !q.options && !q.format && q.type === 'string' && typeof q.schema.pattern !== 'string')
    .map((q) => q.path));
}

function asField(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Flattens answers into field names the renderer uses (escaped segments joined by "."). */
function flatten(value: unknown, name: string, out: FieldAnswers): void {
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) {
    out.set(name, value.map(asField));
  } else if (Array.isArray(value)) {
    value.forEach((row, i) => flatten(row, childName(name, i), out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) flatten(v, childName(name, key), out);
  } else {
    out.set(name, [asField(value)]);
  }
}

export function journeyAnswers(form: LoadedForm): { answers: Record<string, unknown>; fields: FieldAnswers } {
  const answers = completeAnswers(form, 0, 1);
  const free = freeTextPaths(form);
  let n = 0;
  const withHostile = (node: unknown, path: string[]): unknown => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withHostile(v, [...path, k])]));
    }
    if (Array.isArray(node)) return node.map((v) => (v !== null && typeof v === 'object' ? withHostile(v, [...path, '*']) : v));
    return typeof node === 'string' && free.has(path.join('.')) ? HOSTILE_ANSWERS[n++ % HOSTILE_ANSWERS.length] : node;
  };
  const hostile = withHostile(answers, []) as Record<string, unknown>;
  const check = validateAnswers(form, hostile, { mode: 'submit' });
  if (!check.ok) throw new Error(`journey answers are not a valid submission: ${JSON.stringify(check.errors.slice(0, 3))}`);
  const fields: FieldAnswers = new Map();
  flatten(hostile, '', fields);
  return { answers: hostile, fields };
}
