/**
 * SECURITY-CHECKLIST 21-24: admin-supplied definitions are code for Ajv; answers come from anyone.
 */
import { checkDefinition, loadForm, FormDefinitionError, validateAnswers, DEFINITION_LIMITS, ANSWER_LIMITS, STRICT_FORMATS } from '../../../server/domain/forms';
import { bundled, definitionJson, sample } from './helpers';
import { checkTiny, tinyForm } from './tiny-form';

const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);
const at = (r: { problems: Array<{ pointer: string; code: string }> }) => r.problems.map((p) => `${p.pointer} ${p.code}`);

describe('21: forbidden constructs are rejected with a clear list of problems', () => {
  test('$data, remote $ref, $async and unknown keywords, all reported at once with pointers', () => {
    const r = checkTiny((d) => {
      d.$async = true;
      d.properties.dua.properties.angka.maximum = { $data: '1/minimum' };
      d.properties.satu.properties.nilai.$ref = 'https://evil.example/schema.json';
      d.properties.satu.properties.nilai.enumNames = ['A', 'B'];
      d.properties.satu.properties.nilai['x-unknown'] = true;
    });
    expect(r.ok).toBe(false);
    expect(r.definition).toBeUndefined();
    expect(at(r)).toEqual(expect.arrayContaining([
      '/$async async',
      '/properties/dua/properties/angka/maximum/$data data-keyword',
      '/properties/satu/properties/nilai/$ref ref',
      '/properties/satu/properties/nilai/enumNames unknown-keyword',
      '/properties/satu/properties/nilai/x-unknown unknown-keyword',
    ]));
    for (const p of r.problems) expect(p.message.length).toBeGreaterThan(10);
  });

  test('relative references that leave the document and unresolvable local ones are rejected', () => {
    expect(at(checkTiny((d) => { d.properties.satu.properties.nilai.$ref = 'other.json#/x'; }))).toContain('/properties/satu/properties/nilai/$ref ref');
    expect(at(checkTiny((d) => { d.properties.satu.properties.nilai.$ref = '#/$defs/tidakAda'; }))).toContain('/properties/satu/properties/nilai/$ref ref');
    expect(codes(checkTiny((d) => { d.properties.satu.$id = 'https://evil.example/x'; }))).toContain('id');
  });

  test('nesting deeper than 32 levels is rejected before anything else runs', () => {
    let deep: any = { type: 'string', title: 'Dalam', maxLength: 5 };
    for (let i = 0; i < 20; i++) deep = { type: 'object', title: `L${i}`, additionalProperties: false, properties: { x: deep } };
    const r = checkTiny((d) => { d.properties.satu.properties.dalam = deep; });
    expect(r.problems).toEqual([{ pointer: expect.stringMatching(/^\/properties\/satu\/properties\/dalam\//), code: 'depth', message: 'Definisi terlalu dalam (lebih dari 32 tingkat)' }]);
    // Pathological nesting (no recursion in the walk, so no stack overflow).
    let hostile: any = {};
    for (let i = 0; i < 100_000; i++) hostile = { not: hostile };
    expect(codes(checkDefinition(hostile))).toEqual(['depth']);
  });

  test('definitions over 512 KB are rejected (as text before parsing, and as objects)', () => {
    const big = JSON.stringify(definitionJson('lks-monev-tahunan')).replace('"title":', `"$comment": "${'x'.repeat(DEFINITION_LIMITS.maxBytes)}", "title":`);
    expect(checkDefinition(big).problems).toEqual([{ pointer: '', code: 'size', message: expect.stringContaining('Definisi terlalu besar') }]);
    const many = checkTiny((d) => {
      for (let i = 0; i < 40; i++) d.properties.satu.properties[`teks${i}`] = { type: 'string', title: 'x', description: 'y'.repeat(15_000), maxLength: 10 };
    });
    expect(codes(many)).toEqual(['size']);
  });

  test('invalid JSON text gets a problem, not an exception', () => {
    expect(codes(checkDefinition('{"type": "object",'))).toEqual(['json']);
  });

  test('loadForm throws FormDefinitionError carrying the same problem list', () => {
    const d = definitionJson('tksk-kinerja-tahunan') as any;
    d.$async = true;
    try {
      loadForm(d);
      throw new Error('expected a FormDefinitionError');
    } catch (e) {
      expect(e).toBeInstanceOf(FormDefinitionError);
      expect((e as FormDefinitionError).problems).toEqual(checkDefinition(d).problems);
    }
  });
});

describe('22: catastrophic backtracking', () => {
  test.each(['^(a+)+$', '(x+x+)+y', '^(\\d+)*$', '^(a|aa)*$', '(a?){30}a{30}', '^(.*a){12}$', '(\\w+)\\1'])('pattern %s is rejected at publish time', (pattern) => {
    const r = checkTiny((d) => { d.properties.satu.properties.kode = { type: 'string', title: 'Kode', maxLength: 50, pattern }; });
    expect(at(r)).toEqual(['/properties/satu/properties/kode/pattern pattern']);
  });

  test('patternProperties keys and over-long patterns are checked too', () => {
    const r = checkTiny((d) => {
      d.properties.satu.properties.peta = { type: 'object', title: 'Peta', additionalProperties: false, patternProperties: { '^([a-z]+)+$': { type: 'string', maxLength: 5 } } };
      d.properties.satu.properties.panjang = { type: 'string', title: 'Panjang', maxLength: 5, pattern: 'a'.repeat(DEFINITION_LIMITS.maxPatternLength + 1) };
    });
    expect(at(r)).toEqual([
      '/properties/satu/properties/peta/patternProperties/^([a-z]+)+$ pattern',
      '/properties/satu/properties/panjang/pattern pattern',
    ]);
  });

  test('a 30-character hostile answer is validated in well under 100 ms for every accepted pattern and format', () => {
    // Patterns used by the instruments and the foreign corpus, all accepted by the check:
    const patterns = ['^[0-9]{15,16}$', '^(\\+62|0)[0-9]{8,13}$', '^\\d{5}(?:[-\\s]\\d{4})?$', '[0-9]{5}(-[0-9]{4})?', '\\d+'];
    const form = tinyForm((d) => {
      patterns.forEach((pattern, i) => { d.properties.satu.properties[`p${i}`] = { type: 'string', title: `P${i}`, maxLength: 20_000, pattern }; });
      STRICT_FORMATS.forEach((format) => { d.properties.satu.properties[`f_${format.replace('-', '_')}`] = { type: 'string', title: format, format }; });
    });
    const hostile = ['a'.repeat(30) + '!', '0'.repeat(29) + 'x', '1'.repeat(5000) + '@', `${'a@'.repeat(15)}.`, '-'.repeat(30)];
    for (const text of hostile) {
      const answers: any = { satu: { nilai: 'a' }, dua: { angka: 1 } };
      patterns.forEach((_, i) => { answers.satu[`p${i}`] = text; });
      STRICT_FORMATS.forEach((format) => { answers.satu[`f_${format.replace('-', '_')}`] = text; });
      const started = process.hrtime.bigint();
      const result = validateAnswers(form, answers, { mode: 'draft' });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(result.ok).toBe(false);
      expect(ms).toBeLessThan(100);
    }
  });

  test('formats outside the vetted list are refused in our own instruments', () => {
    expect(at(checkTiny((d) => { d.properties.satu.properties.web = { type: 'string', title: 'Web', format: 'uri' }; }))).toEqual(['/properties/satu/properties/web/format format']);
  });
});

describe('23: unbounded arrays', () => {
  test('uniqueItems needs a small maxItems; every array needs maxItems', () => {
    const r = checkTiny((d) => {
      d.properties.satu.properties.banyak = { type: 'array', title: 'Banyak', uniqueItems: true, maxItems: 5000, items: { type: 'integer' } };
      d.properties.satu.properties.tanpaBatas = { type: 'array', title: 'Tanpa batas', items: { type: 'integer' } };
    });
    expect(at(r)).toEqual(expect.arrayContaining([
      '/properties/satu/properties/banyak/uniqueItems unique-items',
      '/properties/satu/properties/banyak limits',
      '/properties/satu/properties/tanpaBatas limits',
    ]));
  });

  test('huge arrays and oversized answers are refused quickly, before Ajv', () => {
    const form = bundled('lks-monev-tahunan');
    const a = sample('lks-monev-tahunan', 'complete');
    a.program.kemitraan = new Array(1_000_000).fill('puskesmas');
    const started = process.hrtime.bigint();
    const result = validateAnswers(form, a, { mode: 'draft' });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
    expect(result).toMatchObject({ ok: false, errors: [{ keyword: 'limits', path: 'program.kemitraan', message: 'Jawaban berisi daftar lebih dari 1000 isian' }] });

    const b = sample('lks-monev-tahunan', 'complete');
    b.profil.alamat = 'x'.repeat(ANSWER_LIMITS.maxStringLength + 1);
    expect(validateAnswers(form, b, { mode: 'draft' }).errors[0]).toMatchObject({ keyword: 'limits', path: 'profil.alamat' });
    let deep: any = 1;
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(validateAnswers(form, { profil: deep }, { mode: 'draft' }).errors[0].message).toBe('Jawaban terlalu dalam (lebih dari 32 tingkat)');
  });

  test('foreign schemas with uniqueItems on unbounded arrays get a tighter answer cap', () => {
    const foreign = checkDefinition({ type: 'array', uniqueItems: true, items: { type: 'object' } }, { mode: 'foreign' }).definition!;
    const rows = Array.from({ length: ANSWER_LIMITS.maxArrayItemsForeign + 1 }, (_, i) => ({ i }));
    expect(validateAnswers(foreign, rows, { mode: 'submit' }).errors[0].keyword).toBe('limits');
    expect(validateAnswers(foreign, rows.slice(1), { mode: 'submit' }).ok).toBe(true);
  });
});

describe('24: bounded error lists', () => {
  test('an answer wrong everywhere yields at most 50 errors and says it was truncated', () => {
    const form = bundled('lks-monev-tahunan');
    const a = sample('lks-monev-tahunan', 'complete');
    for (const key of ['manajemen', 'program', 'prosesPelayanan', 'sdm', 'sarpras', 'hasil']) {
      for (const k of Object.keys(a[key])) a[key][k] = 'salah';
    }
    for (const k of Object.keys(a.profil)) a.profil[k] = { salah: true };
    const result = validateAnswers(form, a, { mode: 'submit' });
    expect(result.ok).toBe(false);
    expect(result.errors).toHaveLength(ANSWER_LIMITS.maxErrors);
    expect(result.truncated).toBe(true);
  });

  test('thousands of failing rows stay bounded too', () => {
    const foreign = checkDefinition({ type: 'array', items: { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' } } } }, { mode: 'foreign' }).definition!;
    const rows = Array.from({ length: 200 }, () => ({ a: 1 }));
    const result = validateAnswers(foreign, rows, { mode: 'submit' });
    expect(result.errors.length).toBe(ANSWER_LIMITS.maxErrors);
    expect(result.truncated).toBe(true);
  });
});

describe('prototype pollution through answers or definitions', () => {
  test('__proto__ keys are plain unknown fields', () => {
    const form = bundled('tksk-kinerja-tahunan');
    const a = JSON.parse('{"profil": {"__proto__": {"isAdmin": true}}}');
    const result = validateAnswers(form, a, { mode: 'draft' });
    expect(result.errors.map((e) => e.message)).toEqual(['Isian "__proto__" tidak dikenal']);
    expect(({} as any).isAdmin).toBeUndefined();
    const r = checkDefinition(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}'), { mode: 'strict' });
    expect(r.ok).toBe(false);
  });
});
