/**
 * Never crash: arbitrary (even nonsensical) schemas and answers render in every mode, and what
 * the page would post parses back without throwing.
 */
import fc from 'fast-check';
import { applyRowAction, parseFormPost, renderForm } from '../../../server/render';
import { formFields, postBody } from './html';

const keyword = fc.constantFrom('type', 'properties', 'items', 'prefixItems', 'additionalItems', 'additionalProperties', 'oneOf', 'anyOf', 'allOf', 'enum', 'const', 'default', '$ref', 'required', 'if', 'then', 'else', 'dependencies', 'format', 'title', 'x-widget', 'x-visibleIf', 'x-evidence', 'readOnly', 'x-evaluatorOnly', 'minItems', 'maxItems', 'enumNames', '$defs', 'definitions', '$id', 'uniqueItems');
const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 5 }), fc.boolean(), fc.constant(null), fc.constantFrom('object', 'array', 'string', 'integer', 'number', 'boolean', 'null', '#', '#/$defs/a', '#/definitions/a', 'date', 'scale', 'radio', 'select', 'checkboxes', 'section', 'repeat', '__proto__'));
const schemaArb = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.oneof(keyword, fc.constantFrom('a', 'b', '__proto__', 'x.y')), tie('node'), { maxKeys: 5 })),
})).node;
const answersArb = fc.jsonValue({ maxDepth: 4 });

/** Plausible schemas: typed leaves, objects, lists, tuples, choices, compositions and $refs. */
const propName = fc.constantFrom('a', 'b', 'c', 'nama', 'x.y', '_z', '~t', 'Apa?');
const leafArb = fc.oneof(
  fc.constantFrom<Record<string, unknown>>({ type: 'string' }, { type: 'integer' }, { type: 'number' }, { type: 'boolean' }, { type: 'string', format: 'date' }, { type: ['string', 'null'] }, { const: 'k' }, { type: 'string', readOnly: true }, {}, { $ref: '#/$defs/d' }, { $ref: '#' }, { $ref: 'https://x.invalid/s' }),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 7 }).map((e) => ({ enum: e })),
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 5 }).map((v) => ({ type: 'integer', oneOf: v.map((c) => ({ const: c, title: `${c} - t` })) })),
);
const plausibleArb = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.dictionary(propName, tie('node'), { maxKeys: 4 }).map((properties) => ({ type: 'object', properties, required: Object.keys(properties).slice(0, 1) })),
    tie('node').map((items) => ({ type: 'array', items, maxItems: 3 })),
    leafArb.map((items) => ({ type: 'array', uniqueItems: true, items })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ type: 'array', items, additionalItems: { type: 'number' } })),
    fc.array(fc.dictionary(propName, tie('node'), { maxKeys: 2 }), { minLength: 2, maxLength: 3 }).map((alts) => ({ oneOf: alts.map((properties) => ({ type: 'object', properties })) })),
    fc.array(tie('node'), { minLength: 1, maxLength: 2 }).map((allOf) => ({ allOf })),
    fc.tuple(tie('node'), tie('node')).map(([then, els]) => ({ type: 'object', if: { properties: { a: { const: 1 } } }, then: { properties: { t: then } }, else: { properties: { e: els } } })),
    tie('node').map((n) => ({ type: 'object', properties: { q: n }, 'x-visibleIf': { properties: { a: { const: 1 } } }, 'x-evaluatorOnly': true })),
  ),
})).node;

function exercise(schema: Record<string, unknown>, answers: unknown): void {
  for (const mode of ['edit', 'review', 'readonly'] as const) renderForm({ form: schema, answers, mode, role: 'evaluator' });
  const html = renderForm({ form: schema, answers, errors: [{ path: 'a', message: 'x' }, { path: '/a/0', message: 'y' }] });
  const parsed = parseFormPost(schema, postBody(formFields(html)), { previous: answers });
  for (const m of html.matchAll(/value="((?:add|remove):[^"]*)"/g)) applyRowAction(schema, parsed, m[1]);
  // what was posted is a fixed point: rendering it again posts the same answers
  const again = renderForm({ form: schema, answers: parsed, defaults: false });
  expect(parseFormPost(schema, postBody(formFields(again)), { previous: parsed })).toEqual(parsed);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

test('plausible schemas with random answers: render, post back (a fixed point), row actions', () => {
  fc.assert(
    fc.property(plausibleArb, answersArb, (node, answers) => {
      const schema = { type: 'object', $defs: { d: { type: 'object', properties: { n: { type: 'string' }, kid: { $ref: '#/$defs/d' } } } }, properties: { a: node, b: { type: 'string' } } };
      exercise(schema, answers);
      exercise(schema, { a: answers });
    }),
    { numRuns: 300 },
  );
});

test('random schemas and answers: rendering, posting and row actions never throw', () => {
  fc.assert(
    fc.property(schemaArb, answersArb, (raw, answers) => {
      const schema = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : { type: 'object', properties: { a: raw } }) as Record<string, unknown>;
      for (const mode of ['edit', 'review', 'readonly'] as const) renderForm({ form: schema, answers, mode, role: 'evaluator' });
      const html = renderForm({ form: schema, answers, errors: [{ path: 'a', message: 'x' }, { path: '/a/0', message: 'y' }] });
      const parsed = parseFormPost(schema, postBody(formFields(html)), { previous: answers });
      for (const m of html.matchAll(/value="((?:add|remove):[^"]*)"/g)) applyRowAction(schema, parsed, m[1]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }),
    { numRuns: 400 },
  );
});
