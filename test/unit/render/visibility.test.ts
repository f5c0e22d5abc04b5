/**
 * Conditional parts (x-visibleIf): the server decides from the saved answers (the engine's
 * visibility for loaded forms), hidden parts stay in the page with `hidden` so form.js can show
 * them; form.js evaluates the same conditions like the server and Ajv.
 */
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import path from 'node:path';
import { checkDefinition } from '../../../server/domain/forms/loader';
import { conditionMatches, parseFormPost, renderForm } from '../../../server/render';
import { attrs, decode, formFields, postBody, tagById } from './html';
import { sampleAnswers, sampleSchema } from './sample';

// the browser script, loaded as a CommonJS module (it exports its evaluator when `module` exists)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const client = require(path.join(__dirname, '..', '..', '..', 'views', 'assets', 'form.js')) as {
  matches: (schema: unknown, value: unknown, depth: number) => boolean;
  collect: (form: { elements: unknown[]; querySelector?: (s: string) => unknown }) => unknown;
};

const schema = sampleSchema();
const withoutChildren = () => {
  const a = sampleAnswers() as { profil: Record<string, unknown> };
  a.profil.sasaranPmks = ['lanjut-usia'];
  return a;
};

describe('server-side visibility', () => {
  test('a hidden part is rendered with `hidden` and its condition, so the page can show it live', () => {
    const html = renderForm({ form: schema, answers: withoutChildren() });
    const tag = attrs(tagById(html, 'f-manajemen-modulLksa')!);
    expect('hidden' in tag).toBe(true);
    expect(JSON.parse(tag['data-visible-if'])).toEqual((schema.properties as any).manajemen.properties.modulLksa['x-visibleIf']);
    expect(html).toContain('name="manajemen.modulLksa.asesmenPenerimaan"'); // still present for JS
    const shown = attrs(tagById(renderForm({ form: schema, answers: sampleAnswers() }), 'f-manajemen-modulLksa')!);
    expect('hidden' in shown).toBe(false);
  });

  test('read-only view leaves hidden parts out entirely', () => {
    const html = renderForm({ form: schema, answers: withoutChildren(), mode: 'readonly', role: 'evaluator' });
    expect(html).not.toContain('Modul LKSA');
    expect(renderForm({ form: schema, answers: sampleAnswers(), mode: 'readonly', role: 'evaluator' })).toContain('Modul LKSA');
  });

  test('a loaded form uses the engine visibility; an explicit hidden set or evaluator wins', () => {
    const loaded = checkDefinition(schema, { mode: 'strict' });
    expect(loaded.problems).toEqual([]);
    const html = renderForm({ form: loaded.definition!, answers: withoutChildren() });
    expect('hidden' in attrs(tagById(html, 'f-manajemen-modulLksa')!)).toBe(true);
    const forced = renderForm({ form: schema, answers: sampleAnswers(), hidden: new Set(['profil.kapasitas']) });
    expect(forced).toMatch(/<div class="fm-field" hidden>\s*<label class="fm-label" for="f-profil-kapasitas">/);
    const custom = renderForm({ form: schema, answers: withoutChildren(), isVisible: () => true });
    expect('hidden' in attrs(tagById(custom, 'f-manajemen-modulLksa')!)).toBe(false);
  });
});

describe('form.js', () => {
  test('rebuilds the same typed answers from the fields as the server parses from the post', () => {
    const html = renderForm({ form: schema, answers: sampleAnswers() });
    // element-like objects for every control, in document order (what `form.elements` holds)
    // choices carry data-t on their fieldset: remember it per field name for closest('[data-t]')
    const groupType = new Map<string, string>();
    for (const m of html.matchAll(/<fieldset[^>]*data-t="([^"]*)"[^>]*>[\s\S]*?name="([^"]*)"/g)) groupType.set(decode(m[2]), m[1]);
    const elements = [...html.matchAll(/<input\b[^>]*>|<textarea\b[^>]*>([\s\S]*?)<\/textarea>|<select\b[^>]*>([\s\S]*?)<\/select>/g)].map((m) => {
      const a = attrs(m[0].slice(0, m[0].indexOf('>') + 1));
      const selected = m[2] ? attrs((/<option\b[^>]*selected[^>]*>/.exec(m[2]) ?? ['<option value="">'])[0]).value : undefined;
      return {
        name: a.name ?? '',
        type: m[0].startsWith('<input') ? (a.type ?? 'text') : m[0].startsWith('<select') ? 'select-one' : 'textarea',
        value: m[1] !== undefined ? decode(m[1]) : selected ?? a.value ?? '',
        checked: 'checked' in a,
        disabled: 'disabled' in a,
        getAttribute: (k: string) => a[k] ?? null,
        closest: (sel: string) => (sel === '[data-t]' && groupType.has(a.name) ? { getAttribute: () => groupType.get(a.name)! } : null),
      };
    });
    const server = parseFormPost(schema, postBody(formFields(html)));
    expect(client.collect({ elements })).toEqual(server);
  });

  test('one section per page: the saved answers of other sections ride along for conditions that look at them', () => {
    const html = renderForm({ form: schema, answers: { ...sampleAnswers(), lain: { rahasia: 1 } }, section: 'manajemen' });
    const root = /<div class="fm fm-edit" data-fm data-fm-context="([^"]*)">/.exec(html)!;
    expect(JSON.parse(decode(root[1]))).toEqual({ profil: sampleAnswers().profil }); // only what the conditions look at
    // a section without conditions does not carry it
    expect(renderForm({ form: schema, answers: sampleAnswers(), section: 'profil' })).not.toContain('data-fm-context');
    // form.js starts from that context and overlays the fields on the page
    const ctx = decode(root[1]);
    const elements = [{ name: 'manajemen.tandaDaftar', type: 'radio', value: '2', checked: true, disabled: false, getAttribute: () => null, closest: (sel: string) => (sel === '[data-t]' ? { getAttribute: () => 'j' } : null) }];
    const form = { elements, querySelector: () => ({ getAttribute: () => ctx }) };
    expect(client.collect(form)).toEqual({ profil: sampleAnswers().profil, manajemen: { tandaDaftar: 2 } });
  });

  test('its condition evaluator agrees with the server one and with Ajv', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    const conditions: unknown[] = [
      (schema.properties as any).manajemen.properties.modulLksa['x-visibleIf'],
      { type: 'object', required: ['a'], properties: { a: { const: 3 } } },
      { properties: { a: { enum: ['x', 2, null, [1], { b: 1 }] } } },
      { properties: { a: { type: 'integer', minimum: 2, exclusiveMaximum: 5 } }, required: ['a'] },
      { properties: { a: { type: 'number', exclusiveMinimum: 0, maximum: 3.5 } } },
      { properties: { a: { type: 'string', minLength: 2, maxLength: 3 } } },
      { properties: { a: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } } } },
      { properties: { a: { contains: { const: 'x' } } } },
      { not: { required: ['a'] } },
      { anyOf: [{ required: ['a'] }, { required: ['b'] }] },
      { oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      { allOf: [{ required: ['a'] }, { properties: { b: { type: 'boolean', const: true } } }] },
      { properties: { a: { type: ['string', 'null'] } } },
      { properties: { a: { type: 'object', required: ['b'], properties: { b: { const: [1, { c: 2 }] } } } } },
      true,
      false,
    ];
    const value = fc.oneof(fc.constantFrom('x', 'xy', 'xyzw', 2, 3, 3.5, 4, 6, -1, 0, true, false, null), fc.constant([1]), fc.constant({ b: 1 }), fc.array(fc.constantFrom('x', 'y', 1), { maxLength: 3 }), fc.constant({ b: [1, { c: 2 }] }));
    const doc = fc.record({ a: value, b: value }, { requiredKeys: [] });
    const profilDoc = fc.record({ profil: fc.record({ sasaranPmks: fc.array(fc.constantFrom('anak-terlantar', 'lanjut-usia'), { maxLength: 2 }) }, { requiredKeys: [] }) }, { requiredKeys: [] });
    for (const cond of conditions) {
      const validate = ajv.compile(cond as object);
      fc.assert(
        fc.property(fc.oneof(doc, profilDoc), (d) => {
          const expected = validate(d);
          return conditionMatches(cond, d) === expected && client.matches(cond, d, 0) === expected;
        }),
        { numRuns: 300 },
      );
    }
  });
});
