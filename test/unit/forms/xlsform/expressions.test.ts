/**
 * The XLSForm expression subset: parsing, `relevant` → JSON Schema conditions with ODK's meaning
 * for unanswered questions (checked against a small reference evaluator of ODK semantics on
 * random expressions and random answers), the way back to text, and `constraint` → keywords.
 */
import fc from 'fast-check';
import { createStrictAjv } from '../../../../server/domain/forms/ajv-factory';
import { conditionText, type ConditionContext } from '../../../../server/domain/forms/xlsform/condition-text';
import { conditionSchema } from '../../../../server/domain/forms/xlsform/expr-condition';
import { constraintKeywords, constraintText } from '../../../../server/domain/forms/xlsform/expr-constraint';
import { parseExpression, type ExprNode } from '../../../../server/domain/forms/xlsform/expr-parse';
import { text } from '../../../../server/domain/forms/xlsform/messages';
import { refLookup, type RefTarget } from '../../../../server/domain/forms/xlsform/refs';

/** Questions of a small form: section s (text, yes/no-ish choice, integer scale, multiple choice, number) and group g. */
const TARGETS: RefTarget[] = [
  { segments: ['s', 'nama'], name: 's.nama', kind: 'text' },
  { segments: ['s', 'status'], name: 's.status', kind: 'choice', values: ['ya', 'tidak', 'proses'] },
  { segments: ['s', 'skala'], name: 's.skala', kind: 'choice', values: [0, 1, 2, 3, 4, 'na'] },
  { segments: ['s', 'mitra'], name: 's.mitra', kind: 'multi', values: ['a', 'b', 'c', 'd'] },
  { segments: ['s', 'g', 'jumlah'], name: 's.g.jumlah', kind: 'integer' },
];
const lookup = refLookup(TARGETS);
const ctx: ConditionContext = {
  nodeAt: (segs) => {
    const p = segs.join('.');
    if (p === 's' || p === 's.g') return { container: true };
    return TARGETS.find((t) => t.segments.join('.') === p) ?? null;
  },
  nameOf: (segs) => segs[segs.length - 1],
};

function parse(text: string): ExprNode {
  const p = parseExpression(text);
  if (!p.ok) throw new Error(`parse failed: ${text}`);
  return p.node;
}

function schemaOf(expr: string): Record<string, unknown> {
  const r = conditionSchema(parse(expr), lookup);
  if (!r.ok) throw new Error(`${expr}: ${text(r.error)}`);
  return r.schema;
}

const ajv = createStrictAjv();
const holds = (schema: unknown, doc: unknown) => ajv.compile(JSON.parse(JSON.stringify(schema)) as object)(doc) as boolean;

// ----- a reference evaluator with ODK's semantics (unanswered = '', XPath number conversion) -----

type V = string | number | boolean;
function valueOf(doc: any, name: string): string | number {
  const t = lookup(name);
  if ('error' in t) throw new Error(name);
  let cur = doc;
  for (const s of t.segments) cur = cur?.[s];
  if (cur === undefined) return '';
  return Array.isArray(cur) ? cur.join(' ') : cur;
}
const toNum = (v: V) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : v.trim() === '' ? NaN : Number(v));
function odk(n: ExprNode, doc: any): V {
  switch (n.t) {
    case 'ref': return valueOf(doc, n.name);
    case 'str': return n.v;
    case 'num': return n.v;
    case 'and': return n.items.every((i) => odk(i, doc) === true);
    case 'or': return n.items.some((i) => odk(i, doc) === true);
    case 'cmp': {
      const l = odk(n.l, doc);
      const r = odk(n.r, doc);
      if (n.op === '=' || n.op === '!=') {
        const eq = typeof l === 'number' || typeof r === 'number' ? toNum(l) === toNum(r) : String(l) === String(r);
        return n.op === '=' ? eq : !eq;
      }
      const a = toNum(l);
      const b = toNum(r);
      return n.op === '<' ? a < b : n.op === '<=' ? a <= b : n.op === '>' ? a > b : a >= b;
    }
    case 'call': {
      const args = n.args.map((a) => odk(a, doc));
      switch (n.name) {
        case 'not': return args[0] !== true;
        case 'true': return true;
        case 'false': return false;
        case 'selected': return String(args[0]).split(' ').includes(String(args[1]));
        case 'count-selected': return String(args[0]) === '' ? 0 : String(args[0]).split(' ').length;
        case 'string-length': return String(args[0]).length;
        default: throw new Error(n.name);
      }
    }
    default: throw new Error(n.t);
  }
}

// ----- random answers and expressions -----

const answersArb = fc.record({
  nama: fc.option(fc.constantFrom('x', 'Harapan', 'ab'), { nil: undefined }),
  status: fc.option(fc.constantFrom('ya', 'tidak', 'proses'), { nil: undefined }),
  skala: fc.option(fc.constantFrom(0, 1, 2, 3, 4, 'na'), { nil: undefined }),
  mitra: fc.option(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 4 }), { nil: undefined }),
  jumlah: fc.option(fc.integer({ min: -2, max: 12 }), { nil: undefined }),
  withSection: fc.boolean(),
}).map((a) => {
  const s: any = {};
  for (const k of ['nama', 'status', 'skala', 'mitra'] as const) if (a[k] !== undefined) s[k] = a[k];
  if (a.jumlah !== undefined) s.g = { jumlah: a.jumlah };
  return Object.keys(s).length > 0 || a.withSection ? { s } : {};
});

const op = fc.constantFrom('=', '!=', '<', '<=', '>', '>=');
const atom: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('=', '!='), fc.constantFrom("'ya'", "'tidak'", "'proses'", "''")).map(([o, v]) => `\${status} ${o} ${v}`),
  fc.tuple(op, fc.integer({ min: 0, max: 4 })).map(([o, v]) => `\${skala} ${o} ${v}`),
  fc.tuple(fc.constantFrom('=', '!='), fc.constantFrom("'na'", "''")).map(([o, v]) => `\${skala} ${o} ${v}`),
  fc.tuple(op, fc.integer({ min: -1, max: 10 })).map(([o, v]) => `\${jumlah} ${o} ${v}`),
  fc.constantFrom('a', 'b', 'c', 'd').map((v) => `selected(\${mitra}, '${v}')`),
  fc.tuple(op, fc.integer({ min: 0, max: 4 })).map(([o, v]) => `count-selected(\${mitra}) ${o} ${v}`),
  fc.tuple(op, fc.integer({ min: 0, max: 3 })).map(([o, v]) => `string-length(\${nama}) ${o} ${v}`),
  fc.tuple(fc.constantFrom('=', '!='), fc.constantFrom("'x'", "''")).map(([o, v]) => `\${nama} ${o} ${v}`),
  fc.constantFrom("\${mitra} != ''", "\${mitra} = ''", 'true()', 'false()'),
);
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}) or (${b})`),
    tie('e').map((a) => `not(${a})`)),
})).e as fc.Arbitrary<string>;

describe('relevant → condition', () => {
  test('FORMAT.md shapes: equality chains with required, != without', () => {
    expect(schemaOf("${status} = 'ya' or ${status} = 'proses'")).toEqual({
      type: 'object', required: ['s'], properties: { s: { type: 'object', required: ['status'], properties: { status: { enum: ['ya', 'proses'] } } } },
    });
    expect(schemaOf("${status} != 'ya'")).toEqual({ type: 'object', properties: { s: { type: 'object', properties: { status: { not: { const: 'ya' } } } } } });
    expect(schemaOf("${status} != '' and ${status} != 'ya'")).toEqual({
      type: 'object', required: ['s'], properties: { s: { type: 'object', required: ['status'], properties: { status: { not: { const: 'ya' } } } } },
    });
    expect(schemaOf("selected(${mitra}, 'a') or selected(${mitra}, 'b')")).toEqual({
      type: 'object', required: ['s'], properties: { s: { type: 'object', required: ['mitra'], properties: { mitra: { type: 'array', contains: { enum: ['a', 'b'] } } } } },
    });
    // choice names typed as the question's values: the scale answers numbers
    expect(JSON.stringify(schemaOf("${skala} = '3'"))).toContain('"const":3');
  });

  test('agrees with ODK semantics on random expressions and answers, and survives the way back to text', () => {
    fc.assert(fc.property(expr, fc.array(answersArb, { minLength: 6, maxLength: 6 }), (e, docs) => {
      const node = parse(e);
      const schema = schemaOf(e);
      const back = conditionText(schema, ctx);
      expect(back).not.toBeNull();
      const again = schemaOf(back as string);
      for (const doc of docs) {
        const want = odk(node, doc) === true;
        expect([e, doc, holds(schema, doc)]).toEqual([e, doc, want]);
        expect([back, doc, holds(again, doc)]).toEqual([back, doc, want]);
      }
    }), { numRuns: 150 });
  });

  test.each([
    ['${status} = ${nama}', 'membandingkan dua pertanyaan'],
    ["${mitra} = 'a'", "selected(${mitra}, 'kode')"],
    ["${status} = 'mungkin'", '"mungkin" bukan kode pilihan'],
    ['${tidakAda} = 1', 'tidak ada'],
    ["${nama} > 'b'", 'hanya untuk angka'],
    ['${jumlah} + 1 > 2', 'operasi hitung'],
    ['today() > 2', 'tidak didukung'],
    ['. > 2', 'hanya berlaku di constraint'],
    ['jumlah > 2', 'tanpa ${ }'],
    ["(${status} = 'ya'", 'tidak ditutup'],
    ["${status} = 'ya", 'tanda kutip penutup'],
  ])('%s is refused with a reason', (e, reason) => {
    const p = parseExpression(e);
    const r = p.ok ? conditionSchema(p.node, lookup) : p;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(text(r.error)).toContain(reason);
  });

  test('typographic quotes from Excel are accepted', () => {
    expect(schemaOf('${status} = \u2018ya\u2019')).toEqual(schemaOf("${status} = 'ya'"));
  });

  test('conditions the expressions cannot say give null (export reports them)', () => {
    expect(conditionText({ type: 'object', properties: { s: { type: 'object', properties: { nama: { type: 'string', pattern: '^a' } } } } }, ctx)).toBeNull();
    expect(conditionText({ type: 'object', required: ['s'] }, ctx)).toBeNull();
    expect(conditionText({ type: 'object', properties: { s: { type: 'object', required: ['status'], properties: { status: { const: 'ya' } } } } }, ctx)).toBeNull();
  });
});

describe('constraint → keywords', () => {
  const kw = (e: string, kind: Parameters<typeof constraintKeywords>[1]) => {
    const p = parseExpression(e);
    const r = p.ok ? constraintKeywords(p.node, kind) : p;
    return r.ok ? r.keywords : text(r.error);
  };
  test('ranges, lengths, patterns and counts', () => {
    expect(kw('. >= 0 and . <= 100', 'integer')).toEqual({ minimum: 0, maximum: 100 });
    expect(kw('. > 0 and 10 > .', 'number')).toEqual({ exclusiveMinimum: 0, exclusiveMaximum: 10 });
    expect(kw("string-length(.) <= 16 and regex(., '^[0-9]{15,16}$')", 'text')).toEqual({ maxLength: 16, pattern: '^[0-9]{15,16}$' });
    expect(kw('count-selected(.) >= 1 and count-selected(.) < 4', 'multi')).toEqual({ minItems: 1, maxItems: 3 });
    expect(kw('count(.) <= 10', 'repeat')).toEqual({ maxItems: 10 });
  });
  test('the way back writes the same keywords', () => {
    const s = { minLength: 3, maxLength: 200, pattern: '^(\\+62|0)[0-9]{8,13}$' };
    const back = constraintText(s, 'text') as string;
    expect(kw(back, 'text')).toEqual(s);
  });
  test.each([
    ['. > 0 or . < -5', 'integer', '"or" tidak didukung'],
    ['. <= today()', 'date', 'today()'],
    ['. > ${jumlah}', 'integer', 'bukan pertanyaan lain'],
    ['. >= 1', 'text', 'hanya untuk integer'],
    ['count-selected(.) >= 1', 'text', 'tidak berlaku'],
    ['. != 3', 'integer', '!='],
  ] as const)('%s (%s) is refused', (e, kind, reason) => {
    expect(kw(e, kind)).toEqual(expect.stringContaining(reason));
  });
});
