/**
 * fast-check arbitrary of definitions in the forms/ format, within what FORMAT.md documents:
 * sections (weighted or not) with text, number, date, single and multiple choice (scored with
 * points, "Tidak berlaku" options, a cap on the maximum), yes/no, upload-only questions, a group
 * with a condition, a repeat group, evidence rules, evaluator-only items, number bands, grades
 * and a cap. Conditions are random expressions over earlier questions, made into JSON Schema by
 * the importer's own translator or written the way FORMAT.md shows them.
 */
import fc from 'fast-check';
import { conditionSchema } from '../../../../server/domain/forms/xlsform/expr-condition';
import { parseExpression } from '../../../../server/domain/forms/xlsform/expr-parse';
import { refLookup, type RefTarget } from '../../../../server/domain/forms/xlsform/refs';

type Schema = Record<string, any>;

interface QSpec { key: string; schema: Schema; target?: RefTarget; required: boolean }

const VALUE_POOL = ['ya', 'tidak', 'sebagian', 'na', 'lainnya', 'a-b'];

const choiceArb = fc.record({
  numeric: fc.boolean(),
  count: fc.integer({ min: 2, max: 5 }),
  scored: fc.boolean(),
  na: fc.boolean(),
  multiple: fc.boolean(),
  cap: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  points: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 5, maxLength: 5 }),
  evidence: fc.boolean(),
  evaluatorOnly: fc.boolean(),
  widget: fc.constantFrom(undefined, 'radio', 'select', 'checkboxes', 'scale'),
});

type ChoiceShape = typeof choiceArb extends fc.Arbitrary<infer T> ? T : never;

function choiceQuestion(key: string, c: ChoiceShape, i: number): QSpec {
  const values: Array<string | number> = c.numeric ? Array.from({ length: c.count }, (_, k) => k) : VALUE_POOL.slice(0, c.count);
  if (c.numeric && c.na) values.push('na');
  const oneOf = values.map((v) => ({ const: v, title: `Pilihan ${v}` }));
  const list: Schema = { ...(values.every((v) => typeof v === 'number') ? { type: 'integer' } : values.every((v) => typeof v === 'string') ? { type: 'string' } : {}), oneOf };
  const schema: Schema = c.multiple
    ? { type: 'array', title: `Pertanyaan ${i}`, uniqueItems: true, maxItems: values.length, items: list }
    : { ...list, title: `Pertanyaan ${i}` };
  if (c.widget && (!c.multiple || c.widget === 'checkboxes')) schema['x-widget'] = c.widget;
  const na = c.na ? [values[values.length - 1]] : [];
  if (c.scored && !(c.multiple && na.length > 0)) {
    const points: Record<string, number> = {};
    values.forEach((v, k) => { if (!na.includes(v)) points[String(v)] = c.points[k]; });
    if (Object.values(points).some((p) => p > 0)) {
      schema['x-score'] = { points, ...(na.length > 0 ? { notApplicable: na } : {}), ...(c.multiple && c.cap ? { max: c.cap } : {}) };
      schema['x-recommendation'] = `Perbaiki butir ${i}.`;
      if (c.evaluatorOnly) schema['x-evaluatorOnly'] = true;
    }
  }
  if (c.evidence && !c.multiple && !schema['x-evaluatorOnly']) schema['x-evidence'] = { min: 1, max: 3, types: ['application/pdf', 'image/png'], maxBytes: 5242880, notRequiredFor: [values[0]] };
  const target: RefTarget = { segments: [], name: key, kind: c.multiple ? 'multi' : 'choice', values };
  return { key, schema, target, required: !schema['x-evaluatorOnly'] };
}

const questionArb = (i: number) => fc.oneof(
  fc.record({ max: fc.integer({ min: 10, max: 500 }), area: fc.boolean() }).map(({ max, area }) => ({
    key: `q${i}`, required: i % 3 === 0,
    schema: { type: 'string', title: `Teks ${i}`, maxLength: max, ...(area ? { 'x-widget': 'textarea' } : {}), 'x-hint': 'Isi singkat.' },
    target: { segments: [], name: `q${i}`, kind: 'text' } as RefTarget,
  })),
  fc.record({ bands: fc.boolean(), decimal: fc.boolean() }).map(({ bands, decimal }) => ({
    key: `q${i}`, required: true,
    schema: {
      type: decimal ? 'number' : 'integer', title: `Angka ${i}`, minimum: 0, maximum: 40,
      ...(bands ? { 'x-score': { bands: [{ max: 5, points: 0, label: 'kurang dari 5' }, { min: 5, max: 20, points: 2 }, { min: 20, points: 4, label: '20 atau lebih' }] } } : {}),
    },
    target: { segments: [], name: `q${i}`, kind: decimal ? 'number' : 'integer' } as RefTarget,
  })),
  fc.constant({ key: `q${i}`, required: false, schema: { type: 'string', format: 'date', title: `Tanggal ${i}` }, target: { segments: [], name: `q${i}`, kind: 'date' } as RefTarget }),
  fc.constant({ key: `q${i}`, required: true, schema: { type: 'boolean', title: `Ya/tidak ${i}`, oneOf: [{ const: true, title: 'Ya' }, { const: false, title: 'Tidak' }], 'x-widget': 'yesno' }, target: { segments: [], name: `q${i}`, kind: 'boolean', values: [true, false] } as RefTarget }),
  fc.constant({ key: `q${i}`, required: false, schema: { title: `Unggah ${i}`, 'x-evidence': { min: 1, max: 2, types: ['image/jpeg', 'image/png', 'image/webp'] } } }),
  choiceArb.map((c) => choiceQuestion(`q${i}`, c, i)),
) as fc.Arbitrary<QSpec>;

/** A random expression about the given (earlier) questions, as a workbook author would write it. */
function expressionArb(targets: RefTarget[]): fc.Arbitrary<string> {
  const usable = targets.filter((t) => t.kind !== 'other');
  const atom = fc.constantFrom(...usable).chain((t): fc.Arbitrary<string> => {
    const ref = `\${${t.segments.join('.')}}`;
    const lit = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v)}'`);
    switch (t.kind) {
      case 'multi': return fc.oneof(fc.constantFrom(...(t.values ?? [])).map((v) => `selected(${ref}, ${lit(v)})`), fc.integer({ min: 0, max: 3 }).map((n) => `count-selected(${ref}) >= ${n}`));
      case 'choice': case 'boolean': return fc.tuple(fc.constantFrom('=', '!='), fc.constantFrom(...(t.values ?? []))).map(([o, v]) => `${ref} ${o} ${lit(v)}`);
      case 'integer': case 'number': return fc.tuple(fc.constantFrom('=', '!=', '<', '>='), fc.integer({ min: 0, max: 30 })).map(([o, v]) => `${ref} ${o} ${v}`);
      default: return fc.constantFrom(`${ref} != ''`, `string-length(${ref}) > 2`);
    }
  });
  return fc.letrec((tie) => ({
    e: fc.oneof({ depthSize: 'small' }, atom, atom,
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) and (${b})`),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) or (${b})`),
      tie('e').map((a) => `not(${a})`)),
  })).e as fc.Arbitrary<string>;
}

function condition(expr: string, targets: RefTarget[]): Schema {
  const parsed = parseExpression(expr);
  if (!parsed.ok) throw new Error(`generated expression does not parse: ${expr}`);
  const r = conditionSchema(parsed.node, refLookup(targets));
  if (!r.ok) throw new Error(`generated expression does not translate: ${expr}`);
  return r.schema;
}

const sectionShape = fc.record({
  count: fc.integer({ min: 1, max: 5 }),
  weight: fc.integer({ min: 1, max: 40 }),
  group: fc.boolean(),
  repeat: fc.boolean(),
});

export const definitionArb: fc.Arbitrary<Schema> = fc.record({
  sections: fc.array(sectionShape, { minLength: 1, maxLength: 3 }),
  weighted: fc.boolean(),
  seed: fc.integer(),
}).chain(({ sections, weighted }) => {
  let n = 0;
  const perSection = sections.map((s) => fc.tuple(...Array.from({ length: s.count }, () => questionArb(++n))));
  return fc.tuple(fc.tuple(...perSection), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 40, maxLength: 40 }), fc.boolean())
    .chain(([qs, dice, withCap]) => {
      const targets: RefTarget[] = [];
      const properties: Schema = {};
      const exprSlots: Array<{ schema: Schema; targets: RefTarget[] }> = [];
      sections.forEach((shape, si) => {
        const key = `bagian${si + 1}`;
        const props: Schema = {};
        const required: string[] = [];
        const into = (qsList: QSpec[], container: Schema, req: string[], path: string[]) => {
          for (const q of qsList) {
            container[q.key] = q.schema;
            if (q.required) req.push(q.key);
            if (q.target) {
              if (dice[targets.length % dice.length] % 3 === 0 && targets.length > 0) exprSlots.push({ schema: q.schema, targets: [...targets] });
              targets.push({ ...q.target, segments: [...path, q.key], name: q.key });
            }
          }
        };
        const list = qs[si] as QSpec[];
        const cut = shape.group && list.length > 1 ? Math.ceil(list.length / 2) : list.length;
        into(list.slice(0, cut), props, required, [key]);
        if (cut < list.length) {
          const gProps: Schema = {};
          const gReq: string[] = [];
          const group: Schema = { type: 'object', title: `Grup ${si + 1}`, description: 'Diisi bila berlaku.', additionalProperties: false, properties: gProps };
          props[`grup${si + 1}`] = group;
          if (targets.length > 0) exprSlots.push({ schema: group, targets: [...targets] });
          into(list.slice(cut), gProps, gReq, [key, `grup${si + 1}`]);
          if (gReq.length > 0) { group.required = gReq; required.push(`grup${si + 1}`); }
        }
        if (shape.repeat) {
          props[`daftar${si + 1}`] = {
            type: 'array', title: `Daftar ${si + 1}`, minItems: 1, maxItems: 5,
            items: { type: 'object', additionalProperties: false, properties: { nama: { type: 'string', title: 'Nama', maxLength: 100 }, jumlah: { type: 'integer', title: 'Jumlah', minimum: 0 } }, required: ['nama'] },
          };
        }
        const scored = Object.values(props).some((p: any) => p['x-score']) || Object.values(props).some((p: any) => p.properties && Object.values(p.properties).some((c: any) => c['x-score']));
        properties[key] = {
          type: 'object', title: `Bagian ${si + 1}`, ...(weighted && scored ? { 'x-weight': shape.weight } : {}),
          additionalProperties: false, properties: props, ...(required.length > 0 ? { required } : {}),
        };
      });
      const choiceTarget = targets.find((t) => t.kind === 'choice');
      return fc.tuple(fc.tuple(...exprSlots.map((slot) => expressionArb(slot.targets))), fc.constant({ targets, exprSlots, properties, choiceTarget, withCap }));
    })
    .map(([exprs, { exprSlots, properties, choiceTarget, withCap, targets }]) => {
      exprSlots.forEach((slot, i) => { slot.schema['x-visibleIf'] = condition(exprs[i], slot.targets); });
      const def: Schema = {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'urn:monev:form:uji-acak:1.0',
        'x-monev': {
          id: 'uji-acak', version: '1.0', title: 'Instrumen acak', subjectType: 'PSM', description: 'Dibuat oleh uji.',
          grades: [{ grade: 'A', label: 'Sangat Baik', min: 80 }, { grade: 'B', label: 'Baik', min: 60 }, { grade: 'C', label: 'Kurang', min: 0 }],
          ...(withCap && choiceTarget ? { caps: [{ id: 'batas-uji', maxGrade: 'B', reason: 'Syarat belum dipenuhi', when: condition(`\${${choiceTarget.segments.join('.')}} != ${typeof choiceTarget.values![0] === 'number' ? choiceTarget.values![0] : `'${choiceTarget.values![0]}'`}`, targets) }] } : {}),
          recommendationThreshold: 0.5,
        },
        type: 'object', additionalProperties: false, properties, required: Object.keys(properties),
      };
      return def;
    });
});
