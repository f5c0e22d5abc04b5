/** Repeat groups without JavaScript: submit buttons `_action=add:<name>` / `remove:<name>:<i>`. */
import { applyRowAction, handleFormPost, parseAction, renderForm } from '../../../server/render';
import { formFields, postBody } from './html';
import { sampleAnswers, sampleSchema } from './sample';

const schema = sampleSchema();

/** The browser: post the rendered form with the pressed button's name/value added. */
function press(form: Record<string, unknown>, answers: unknown, action: string) {
  const html = renderForm({ form, answers });
  expect(html).toContain(`value="${action}"`); // the button is on the page
  return handleFormPost(form, postBody([...formFields(html), ['_action', action]]));
}

describe('repeat groups without JavaScript', () => {
  test('add: the server re-renders with one more (empty) row, and a second add keeps the first empty row', () => {
    const first = press(schema, sampleAnswers(), 'add:profil.penerima');
    expect(first.action).toEqual({ op: 'add', name: 'profil.penerima' });
    const rows = (first.answers as { profil: { penerima: unknown[] } }).profil.penerima;
    expect(rows).toEqual([{ kelompok: '0-5 tahun', jumlah: 12 }, { kelompok: '6-12 tahun', jumlah: 20 }, {}]);
    const html = renderForm({ form: schema, answers: first.answers });
    expect(html).toContain('name="profil.penerima.2.kelompok" value=""');
    expect(html).toContain('<input type="hidden" name="profil.penerima.~rows" value="3">');
    const second = press(schema, first.answers, 'add:profil.penerima');
    expect((second.answers as { profil: { penerima: unknown[] } }).profil.penerima).toHaveLength(4);
  });

  test('save (Enter or the save button) drops rows left empty', () => {
    const added = press(schema, sampleAnswers(), 'add:profil.penerima').answers;
    const saved = press(schema, added, 'save');
    expect(saved.action).toEqual({ op: 'save' });
    expect(saved.answers).toEqual(sampleAnswers());
  });

  test('remove: the chosen row goes, later rows move up, typed values are kept', () => {
    const out = press(schema, sampleAnswers(), 'remove:profil.penerima:0');
    expect((out.answers as { profil: { penerima: unknown[] } }).profil.penerima).toEqual([{ kelompok: '6-12 tahun', jumlah: 20 }]);
  });

  test('maxItems: no add button at the limit, and a forged add is ignored', () => {
    const answers = sampleAnswers() as { profil: { penerima: unknown[] } };
    answers.profil.penerima = Array.from({ length: 10 }, (_, i) => ({ kelompok: `k${i}` }));
    expect(renderForm({ form: schema, answers })).not.toContain('value="add:profil.penerima"');
    expect(applyRowAction(schema, answers, 'add:profil.penerima')).toBe(answers);
  });

  test('minItems: rows are offered up to the minimum and cannot be removed below it', () => {
    const form = { type: 'object', properties: { anggota: { type: 'array', minItems: 2, maxItems: 5, items: { type: 'string', title: 'Nama' } } } };
    const html = renderForm({ form, answers: {} });
    expect(html).toContain('name="anggota.0"');
    expect(html).toContain('name="anggota.1"');
    expect(html).not.toContain('value="remove:');
    expect(applyRowAction(form, { anggota: ['a', 'b'] }, 'remove:anggota:0')).toEqual({ anggota: ['a', 'b'] });
    expect(applyRowAction(form, { anggota: ['a', 'b', 'c'] }, 'remove:anggota:0')).toEqual({ anggota: ['b', 'c'] });
  });

  test('lists of plain values: an added row is an empty field; rows in nested lists and in absent parents', () => {
    const form = { type: 'object', properties: { grup: { type: 'object', properties: { daftar: { type: 'array', items: { type: 'array', items: { type: 'string' } } } } } } };
    const a1 = applyRowAction(form, {}, 'add:grup.daftar');
    expect(a1).toEqual({ grup: { daftar: [[]] } });
    const a2 = applyRowAction(form, a1, 'add:grup.daftar.0');
    expect(a2).toEqual({ grup: { daftar: [['']] } });
    const html = renderForm({ form, answers: a2 });
    expect(html).toContain('name="grup.daftar.0.0" value=""');
    const posted = handleFormPost(form, postBody([...formFields(html), ['_action', 'add:grup.daftar.0']]));
    expect(posted.answers).toEqual({ grup: { daftar: [['', '']] } });
  });

  test('tuple rows: fixed positions stay, extra rows can be added and removed', () => {
    const form = { type: 'object', properties: { t: { type: 'array', items: [{ type: 'string' }, { type: 'boolean' }], additionalItems: { type: 'number' } } } };
    const added = applyRowAction(form, { t: ['a'] }, 'add:t');
    expect(added).toEqual({ t: ['a', null, null] });
    expect(applyRowAction(form, { t: ['a', true, 1, 2] }, 'remove:t:2')).toEqual({ t: ['a', true, 2] });
    expect(applyRowAction(form, { t: ['a', true, 1] }, 'remove:t:0')).toEqual({ t: ['a', true, 1] }); // fixed position
  });

  test('forged or foreign actions change nothing', () => {
    const answers = sampleAnswers();
    for (const action of ['add:__proto__', 'add:profil.namaLembaga', 'add:profil.penerima.0', 'remove:profil.penerima:99', 'remove:profil.penerima:-1', 'add:tidak.ada', 'add:manajemen.konfirmasiMasyarakat', 'hapus:semua', 'add:profil.~2proto']) {
      expect(applyRowAction(schema, answers, action)).toBe(answers);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('applyRowAction is pure: the given answers are not changed', () => {
    const answers = sampleAnswers();
    const copy = JSON.parse(JSON.stringify(answers));
    const out = applyRowAction(schema, answers, { op: 'add', name: 'profil.penerima' });
    expect(answers).toEqual(copy);
    expect(out).not.toBe(answers);
  });

  test('review mode: an evaluator may only change rows inside evaluator-only parts', () => {
    const form = { type: 'object', properties: { a: { type: 'array', items: { type: 'string' } }, b: { type: 'array', 'x-evaluatorOnly': true, items: { type: 'string' } } } };
    expect(applyRowAction(form, {}, 'add:a', { mode: 'review', role: 'evaluator' })).toEqual({});
    expect(applyRowAction(form, {}, 'add:b', { mode: 'review', role: 'evaluator' })).toEqual({ b: [''] });
    expect(applyRowAction(form, {}, 'add:b')).toEqual({}); // an operator never sees b
  });

  test('parseAction reads the protocol; names may contain colons', () => {
    expect(parseAction('add:a.b')).toEqual({ op: 'add', name: 'a.b' });
    expect(parseAction('remove:a:b.c:3')).toEqual({ op: 'remove', name: 'a:b.c', index: 3 });
    expect(parseAction(['remove-file:manajemen.tandaDaftar:65f0c1', 'x'])).toEqual({ op: 'remove-file', name: 'manajemen.tandaDaftar', fileId: '65f0c1' });
    expect(parseAction('save')).toEqual({ op: 'save' });
    for (const bad of ['remove:a:x', 'remove:a:1.5', 'simpan', 42, undefined, 'x'.repeat(3000)]) expect(parseAction(bad)).toBeUndefined();
  });
});
