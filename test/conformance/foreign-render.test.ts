/**
 * The 105 third-party schemas (rjsf and JSON Forms examples) with their sample data: every one
 * renders in every mode, every top-level property gets a labelled field, and the answers survive
 * a plain form post.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseFormPost, planFor, renderForm } from '../../server/render';
import { attrs, formFields, postBody, text } from '../unit/render/html';
import { corpus } from './corpus';

const DIR = corpus('foreignForms');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

interface Sample { schema: Record<string, unknown>; formData: unknown }
const load = (f: string): Sample => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Top-level property names, read from the schema independently of the renderer. */
function declaredKeys(schema: Record<string, unknown>): Set<string> {
  const keys = new Set<string>();
  const add = (s: unknown) => { if (isObj(s) && isObj(s.properties)) for (const k of Object.keys(s.properties)) keys.add(k); };
  add(schema);
  for (const k of ['allOf']) if (Array.isArray(schema[k])) (schema[k] as unknown[]).forEach(add);
  add(schema.then);
  add(schema.else);
  if (isObj(schema.dependencies)) Object.values(schema.dependencies).forEach(add);
  return keys;
}

/**
 * Samples whose data cannot come back unchanged, by reason (the rest must round-trip exactly):
 * keys the schema does not declare are not part of the form; values that break the schema
 * (not an option, wrong type) are dropped or typed; empty values (null, "", {}, [{}]) are absent.
 */
const NOT_EXACT: Record<string, string> = {
  'jsonforms-categorization_1713.json': 'undeclared keys',
  'jsonforms-generateUI.json': 'undeclared keys',
  'jsonforms-i18n.json': 'undeclared keys',
  'jsonforms-huge.json': 'undeclared keys',
  'rjsf-options.json': 'undeclared keys',
  'jsonforms-ruleInheritance.json': 'undeclared keys',
  'jsonforms-enum.json': 'values outside the enum',
  'jsonforms-oneOf_1265_object.json': 'value outside the enum',
  'jsonforms-arrays.json': 'value outside the oneOf consts',
  'rjsf-errors.json': 'string where a boolean is declared',
  'jsonforms-list-with-detail.json': 'string where a number is declared (typed on the way back)',
  'jsonforms-mixed-object.json': 'null value',
  'rjsf-nullable.json': 'null value',
  'jsonforms-prepend-append-slots.json': 'empty strings',
  'rjsf-simple-2.json': 'empty string',
  'jsonforms-validation-nested-same-name.json': 'empty objects',
  'rjsf-defaults.json': 'empty rows',
};

/** Every leaf of `got` exists in `original` at the same path with the same text form. */
function inventsNothing(got: unknown, original: unknown, at = ''): string[] {
  if (got === undefined) return []; // absent: dropped, not invented
  if (isObj(got)) return Object.entries(got).flatMap(([k, v]) => inventsNothing(v, isObj(original) ? original[k] : undefined, `${at}.${k}`));
  if (Array.isArray(got)) return got.flatMap((v, i) => inventsNothing(v, Array.isArray(original) ? original[i] : undefined, `${at}.${i}`));
  return String(got) === String(original) ? [] : [`${at}: ${JSON.stringify(got)} vs ${JSON.stringify(original)}`];
}

function post(schema: Record<string, unknown>, html: string, previous: unknown): unknown {
  return parseFormPost(schema, postBody(formFields(html)), { previous });
}

test('the corpus is all there', () => {
  expect(files).toHaveLength(105);
});

describe.each(files)('%s', (file) => {
  const { schema, formData } = load(file);

  test('renders in edit, review and read-only mode; every top-level property has a labelled field', () => {
    const edit = renderForm({ form: schema, answers: formData });
    renderForm({ form: schema, answers: formData, mode: 'review', role: 'evaluator' });
    const ro = renderForm({ form: schema, answers: formData, mode: 'readonly', role: 'evaluator' });
    expect(ro).not.toMatch(/<(input|select|textarea)\b/);
    const plan = planFor(schema);
    const keys = declaredKeys(schema);
    if (keys.size === 0 && plan.children.length === 0 && !plan.alternatives) {
      // a root that is not an object with properties: one field for the whole answer
      const control = /<(input|select|textarea)\b[^>]*name="~root"[^>]*>/.exec(edit) ?? /<(input|select|textarea)\b[^>]*>/.exec(edit);
      expect(control).not.toBeNull();
      const id = attrs(control![0]).id;
      expect(edit).toMatch(new RegExp(`<label[^>]*for="${id}"|<fieldset[^>]*>\\s*<legend`));
      return;
    }
    const planned = new Set(plan.children.map((c) => String(c.key)));
    for (const k of keys) {
      if (k === '__proto__' || k === 'constructor') continue;
      expect(planned).toContain(k);
      const child = plan.children.find((c) => c.key === k)!;
      const labelled = [...edit.matchAll(/<(label|legend|h[2-6]|p class="fm-label"|div class="fm-ro-label")[^>]*>([\s\S]*?)<\/(label|legend|h[2-6]|p|div)>/g)].some((m) => text(m[2]).startsWith(child.title));
      expect({ key: k, title: child.title, labelled }).toEqual({ key: k, title: child.title, labelled: true });
    }
  });

  test('a plain form post gives the answers back (exactly, or only dropping what the schema does not allow)', () => {
    const html = renderForm({ form: schema, answers: formData, defaults: false });
    const back = post(schema, html, formData);
    const empty = formData === null || (isObj(formData) && Object.keys(formData).length === 0);
    if (NOT_EXACT[file]) expect(inventsNothing(back, formData)).toEqual([]);
    else if (empty) expect(back === undefined || isDeepStrictEqual(back, {}) || isDeepStrictEqual(back, [])).toBe(true);
    else expect(back).toEqual(formData);
    // and the parsed answers are a fixed point: rendering them again posts the same answers
    const html2 = renderForm({ form: schema, answers: back, defaults: false });
    expect(post(schema, html2, back)).toEqual(back);
    expect(renderForm({ form: schema, answers: post(schema, html2, back), defaults: false })).toBe(html2);
  });
});
