import { Problem } from '../../../server/domain/problems';
import { parseFormPost, parseNumber, POST_LIMITS, renderForm } from '../../../server/render';
import { formFields, postBody } from './html';
import { sampleAnswers, sampleSchema } from './sample';

const schema = sampleSchema();

/** What a browser without JavaScript posts for the rendered form, parsed back. */
function roundTrip(form: Record<string, unknown>, answers: unknown, role = 'operator'): unknown {
  const html = renderForm({ form, answers, defaults: false, role });
  return parseFormPost(form, postBody(formFields(html)), { role });
}

describe('parseFormPost: round trip through a plain HTML form post', () => {
  test('the sample questionnaire comes back exactly, with numbers, booleans, arrays and rows typed', () => {
    const answers = sampleAnswers();
    const back = roundTrip(schema, answers) as typeof answers;
    expect(back).toEqual(answers);
    const profil = back.profil as Record<string, unknown>;
    expect(typeof profil.kapasitas).toBe('number');
    expect(profil.berbadanHukum).toBe(true);
    expect((back.manajemen as Record<string, unknown>).tandaDaftar).toBe(3);
  });

  test('special property names (dots, tildes, leading underscore, spaces, unicode) survive', () => {
    const form = { type: 'object', properties: { 'a.b': { type: 'string' }, '~x': { type: 'integer' }, _csrf: { type: 'string' }, 'Apa kabar?': { type: 'string' }, 'ümlaut': { type: 'boolean' } } };
    const answers = { 'a.b': 'titik', '~x': 7, _csrf: 'bukan token', 'Apa kabar?': 'baik', 'ümlaut': false };
    const html = renderForm({ form, answers });
    expect(html).not.toMatch(/name="_csrf"/); // never collides with the app's own fields
    expect(roundTrip(form, answers)).toEqual(answers);
  });

  test('tuples, nested lists, alternatives (oneOf of objects) and additional properties', () => {
    const form = {
      type: 'object',
      properties: {
        pair: { type: 'array', items: [{ type: 'string' }, { type: 'boolean' }], additionalItems: { type: 'number' } },
        grid: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
        kontak: { oneOf: [
          { title: 'Telepon', type: 'object', properties: { jenis: { const: 'tel' }, nomor: { type: 'string' } }, required: ['jenis'] },
          { title: 'Surel', type: 'object', properties: { jenis: { const: 'mail' }, alamat: { type: 'string' } }, required: ['jenis'] },
        ] },
        meta: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'number' } },
      },
    };
    const answers = { pair: ['x', true, 1, 2.5], grid: [['a', 'b'], ['c']], kontak: { jenis: 'mail', alamat: 'a@b.id' }, meta: { a: 'q', lain: 3 } };
    expect(roundTrip(form, answers)).toEqual(answers);
  });

  test('typing: decimal comma, spaces, text that is not a number is kept for validation to report', () => {
    const form = { type: 'object', properties: { n: { type: 'number' }, i: { type: 'integer' }, m: { type: ['integer', 'string'] }, b: { type: 'boolean' } } };
    expect(parseFormPost(form, { n: '3,5', i: ' 12 ', m: 'dua', b: 'false' })).toEqual({ n: 3.5, i: 12, m: 'dua', b: false });
    expect(parseFormPost(form, { n: '12a', i: '1.5' })).toEqual({ n: '12a', i: 1.5 });
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('1.234,5')).toBeUndefined();
  });

  test('empty fields are absent; an empty section is absent; unchecked checkboxes give no array', () => {
    const body = { 'profil.namaLembaga': '  ', 'profil.kapasitas': '', 'profil.sasaranPmks': [''], 'manajemen.tandaDaftar': '2' };
    expect(parseFormPost(schema, body)).toEqual({ manajemen: { tandaDaftar: 2 } });
  });

  test('choices: posted values map back to the typed option; unknown values stay text for validation', () => {
    const body = { 'manajemen.ruangTidur': 'na', 'profil.sasaranPmks': ['lanjut-usia', 'bukan-opsi', 'lanjut-usia'] };
    expect(parseFormPost(schema, body)).toEqual({ manajemen: { ruangTidur: 'na' }, profil: { sasaranPmks: ['lanjut-usia', 'bukan-opsi'] } });
    expect(parseFormPost(schema, { 'manajemen.ruangTidur': '4' })).toEqual({ manajemen: { ruangTidur: 4 } });
  });

  test('names the form could not have produced are ignored', () => {
    const body = { 'profil.tidakAda': 'x', 'profil.namaLembaga.lebih': 'y', 'profil..namaLembaga': 'z', 'profil.penerima.5.kelompok': 'tanpa ~rows' };
    expect(parseFormPost(schema, body)).toEqual({});
  });

  test('accepts URLSearchParams as well as a parsed body', () => {
    const params = new URLSearchParams([['profil.sasaranPmks', 'anak-terlantar'], ['profil.sasaranPmks', 'disabilitas'], ['profil.kapasitas', '9']]);
    expect(parseFormPost(schema, params)).toEqual({ profil: { sasaranPmks: ['anak-terlantar', 'disabilitas'], kapasitas: 9 } });
  });
});

describe('parseFormPost: who may change what', () => {
  const previous: Record<string, unknown> = { ...sampleAnswers(), manajemen: { tandaDaftar: 1, konfirmasiMasyarakat: 2 } };

  test('an operator cannot set an evaluator-only question; the saved value is kept', () => {
    const out = parseFormPost(schema, { 'manajemen.tandaDaftar': '4', 'manajemen.konfirmasiMasyarakat': '4' }, { previous }) as typeof previous;
    expect(out.manajemen).toEqual({ tandaDaftar: 4, konfirmasiMasyarakat: 2 });
    expect(parseFormPost(schema, { 'manajemen.konfirmasiMasyarakat': '4' })).toEqual({});
  });

  test('review mode: the evaluator sets evaluator-only questions and nothing else', () => {
    const body = { 'manajemen.tandaDaftar': '4', 'manajemen.konfirmasiMasyarakat': '3', 'profil.namaLembaga': 'diubah' };
    const out = parseFormPost(schema, body, { previous, mode: 'review', role: 'evaluator' }) as typeof previous;
    expect(out.manajemen).toEqual({ tandaDaftar: 1, konfirmasiMasyarakat: 3 });
    expect(out.profil).toEqual(previous.profil);
  });

  test('read-only questions come from the saved answers, never from the body', () => {
    const form = { type: 'object', properties: { kode: { type: 'string', readOnly: true }, nama: { type: 'string' } } };
    expect(parseFormPost(form, { kode: 'palsu', nama: 'A' }, { previous: { kode: 'asli' } })).toEqual({ kode: 'asli', nama: 'A' });
    expect(parseFormPost(form, { kode: 'palsu' })).toEqual({});
  });

  test('section mode: only that section is read, the rest is kept from the saved answers', () => {
    const out = parseFormPost(schema, { 'manajemen.tandaDaftar': '0', 'profil.namaLembaga': 'abaikan' }, { section: 'manajemen', previous }) as typeof previous;
    expect(out.manajemen).toEqual({ tandaDaftar: 0, konfirmasiMasyarakat: 2 });
    expect(out.profil).toEqual(previous.profil);
    expect(() => parseFormPost(schema, {}, { section: 'tidakAda' })).toThrow('unknown section');
  });
});

describe('parseFormPost: hostile input', () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test('prototype keys in names, schema properties and JSON fields pollute nothing', () => {
    const form = { type: 'object', properties: JSON.parse('{"__proto__": {"type": "object", "properties": {"polluted": {"type": "string"}}}, "constructor": {"type": "string"}, "data": {}, "obj": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": true}}') };
    const body = JSON.parse('{"__proto__.polluted": "yes", "constructor": "x", "constructor.prototype.polluted": "yes", "data": "{\\"__proto__\\": {\\"polluted\\": 1}, \\"ok\\": 1}", "obj.~extra": "{\\"__proto__\\": {\\"polluted\\": 2}, \\"constructor\\": 1, \\"b\\": 2}"}');
    const out = parseFormPost(form, body) as Record<string, unknown>;
    expect(out).toEqual({ data: { ok: 1 }, obj: { b: 2 } });
    expect(Object.prototype.hasOwnProperty.call(out.data, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    const html = renderForm({ form, answers: {} });
    expect(html).not.toMatch(/name="(__proto__|constructor)/);
  });

  test('too many fields, a too long value, a too large body → 413 problem', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i <= POST_LIMITS.maxFields; i++) many[`f${i}`] = '1';
    expect(() => parseFormPost(schema, many)).toThrow(Problem);
    const long = () => parseFormPost(schema, { 'profil.namaLembaga': 'x'.repeat(POST_LIMITS.maxValueChars + 1) });
    expect(long).toThrow(expect.objectContaining({ code: 413.1 }));
    const big: Record<string, string> = {};
    for (let i = 0; i < 30; i++) big[`k${i}`] = 'y'.repeat(POST_LIMITS.maxValueChars);
    expect(() => parseFormPost(schema, big)).toThrow(expect.objectContaining({ code: 413.1 }));
  });

  test('a huge row count is capped at maxItems', () => {
    const out = parseFormPost(schema, { 'profil.penerima.~rows': '1000000000', 'profil.penerima.50.kelompok': 'x', 'profil.penerima.3.kelompok': 'y' }, { keepEmptyRows: true }) as { profil: { penerima: unknown[] } };
    expect(out.profil.penerima).toHaveLength(10);
    expect(out.profil.penerima[3]).toEqual({ kelompok: 'y' });
  });

  test('deeply nested JSON in a JSON field is kept as text (validation rejects it), not parsed', () => {
    const form = { type: 'object', properties: { bebas: {} } };
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(parseFormPost(form, { bebas: deep })).toEqual({ bebas: deep });
    expect(parseFormPost(form, { bebas: '{bukan json' })).toEqual({ bebas: '{bukan json' });
  });
});
