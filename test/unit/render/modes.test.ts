/** Modes and roles: operator edit, evaluator review, read-only/print, one section at a time. */
import { renderForm } from '../../../server/render';
import { attrs, tagById, text } from './html';
import { sampleAnswers, sampleSchema } from './sample';

const schema = sampleSchema();
const answers = { ...sampleAnswers(), manajemen: { ...(sampleAnswers().manajemen as object), konfirmasiMasyarakat: 2 } };

describe('modes and roles', () => {
  test('operator: evaluator-only questions are not rendered at all', () => {
    const html = renderForm({ form: schema, answers, role: 'operator' });
    expect(html).not.toContain('konfirmasiMasyarakat');
    expect(html).not.toContain('Konfirmasi masyarakat');
    expect(renderForm({ form: schema, answers, mode: 'readonly', role: 'operator' })).not.toContain('Konfirmasi masyarakat');
    expect(renderForm({ form: schema, answers, role: 'unknown-role' })).not.toContain('Konfirmasi masyarakat');
  });

  test('evaluator review: answers read-only, evaluator-only questions editable and marked', () => {
    const html = renderForm({ form: schema, answers, mode: 'review', role: 'evaluator' });
    expect(html).not.toContain('name="profil.namaLembaga"');
    expect(text(html)).toContain('Nama lembaga LKSA Harapan Bangsa');
    expect(attrs(tagById(html, 'f-manajemen-konfirmasiMasyarakat--o2')!)).toMatchObject({ type: 'radio', name: 'manajemen.konfirmasiMasyarakat', checked: '' });
    expect(html).toMatch(/Konfirmasi masyarakat <span class="fm-badge">Diisi oleh evaluator<\/span>/);
    expect(html).toContain('value="save"');
    expect(html).not.toContain('value="add:profil.penerima"'); // operator rows are not the evaluator's to change
  });

  test('read-only for leadership (pimpinan) shows evaluator-only answers; no buttons, no inputs', () => {
    const html = renderForm({ form: schema, answers, mode: 'readonly', role: 'pimpinan' });
    expect(text(html)).toContain('Konfirmasi masyarakat Diisi oleh evaluator 2 – Sebagian / cukup');
    expect(html).not.toMatch(/<button|<input|data-visible-if/);
  });

  test('section by section: only the asked section, as a fieldset with its heading', () => {
    const html = renderForm({ form: schema, answers, section: 'manajemen' });
    expect(html).toContain('<legend class="fm-legend"><h2 class="fm-h">A. Manajemen dan Organisasi</h2></legend>');
    expect(html).not.toContain('profil.');
    expect(() => renderForm({ form: schema, answers, section: 'tidakAda' })).toThrow('unknown section');
  });

  test('schema defaults pre-fill empty fields when editing only', () => {
    const form = { type: 'object', properties: { kota: { type: 'string', default: 'Serang' }, aktif: { type: 'boolean', default: true } } };
    expect(attrs(tagById(renderForm({ form, answers: {} }), 'f-kota')!).value).toBe('Serang');
    expect('checked' in attrs(tagById(renderForm({ form, answers: {} }), 'f-aktif')!)).toBe(true);
    expect(attrs(tagById(renderForm({ form, answers: {}, defaults: false }), 'f-kota')!).value).toBe('');
    expect(text(renderForm({ form, answers: {}, mode: 'readonly' }))).toContain('Kota Tidak diisi');
  });

  test('readOnly questions are displayed, never editable', () => {
    const form = { type: 'object', properties: { kode: { type: 'string', readOnly: true, title: 'Kode lembaga' } } };
    const html = renderForm({ form, answers: { kode: 'LKS-01' } });
    expect(html).not.toMatch(/<input|<textarea/);
    expect(text(html)).toContain('Kode lembaga LKS-01');
  });

  test('id prefix lets two forms share a page', () => {
    const html = renderForm({ form: schema, answers, idPrefix: 'lalu', errors: [{ path: 'profil.kapasitas', message: 'x' }] });
    expect(html).toContain('id="lalu-profil-kapasitas"');
    expect(html).toContain('<a href="#lalu-profil-kapasitas">x</a>');
  });

  test('a root that is not an object is one field named ~root', () => {
    const html = renderForm({ form: { type: 'string', title: 'Nama depan' }, answers: 'Budi' });
    expect(attrs(tagById(html, 'f-root')!)).toMatchObject({ name: '~root', value: 'Budi' });
    expect(html).toContain('<label class="fm-label" for="f-root">Nama depan</label>');
  });
});
