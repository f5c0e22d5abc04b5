import { questionId, renderForm } from '../../../server/render';
import { attrs, tagById, text } from './html';
import { sampleAnswers, sampleSchema } from './sample';

const schema = sampleSchema();
const errors = [
  { path: 'profil.namaLembaga', message: 'Nama lembaga wajib diisi' },
  { path: '/profil/penerima/1/jumlah', message: 'Jumlah harus ≥ 0' },
  { path: 'manajemen.tandaDaftar', message: 'Tanda Daftar LKS masih berlaku wajib diisi' },
  { path: 'profil.sasaranPmks', message: 'Sasaran PMKS: pilih paling banyak 26' },
  { path: 'profil.penerima', message: 'Penerima manfaat: paling banyak 10 baris' },
  { path: '', message: 'Isian tidak boleh memuat bagian lain' },
];

describe('error summary and inline errors', () => {
  const html = renderForm({ form: schema, answers: sampleAnswers(), errors });

  test('the summary comes first, is focusable and links to each field in error order', () => {
    expect(html.indexOf('fm-summary')).toBeLessThan(html.indexOf('data-fm>'));
    const summary = /<div class="fm-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html)!;
    expect(attrs(summary[0].slice(0, summary[0].indexOf('>') + 1))).toMatchObject({ role: 'alert', tabindex: '-1', 'aria-labelledby': 'f-summary-title' });
    expect(summary[1]).toContain('<h2 class="fm-summary-title" id="f-summary-title">Perbaiki isian berikut</h2>');
    const links = [...summary[1].matchAll(/<li>(?:<a href="#([^"]+)">)?([^<]*)/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['f-profil-namaLembaga', 'Nama lembaga wajib diisi'],
      ['f-profil-penerima-1-jumlah', 'Jumlah harus ≥ 0'],
      ['f-manajemen-tandaDaftar', 'Tanda Daftar LKS masih berlaku wajib diisi'],
      ['f-profil-sasaranPmks', 'Sasaran PMKS: pilih paling banyak 26'],
      ['f-profil-penerima', 'Penerima manfaat: paling banyak 10 baris'],
      [undefined, 'Isian tidak boleh memuat bagian lain'],
    ]);
    // every link target exists exactly once
    for (const [id] of links.filter(([id]) => id)) expect(html.match(new RegExp(`id="${id}"`, 'g'))).toHaveLength(1);
  });

  test('inline: message next to the field, aria-invalid, aria-describedby includes the message id', () => {
    const input = attrs(tagById(html, 'f-profil-namaLembaga')!);
    expect(input['aria-invalid']).toBe('true');
    expect(input['aria-describedby']).toBe('f-profil-namaLembaga--hint f-profil-namaLembaga--err');
    expect(text(/<p class="fm-err" id="f-profil-namaLembaga--err">([\s\S]*?)<\/p>/.exec(html)![1])).toBe('Kesalahan: Nama lembaga wajib diisi');
    expect(html).toMatch(/<div class="fm-field fm-invalid">\s*<label class="fm-label" for="f-profil-namaLembaga">/);
  });

  test('choice groups: the fieldset is described by the message (as GOV.UK radios), the block is marked', () => {
    expect(html).toMatch(/<div class="fm-field fm-invalid">\s*<fieldset class="fm-group fm-scale" aria-describedby="f-manajemen-tandaDaftar--desc f-manajemen-tandaDaftar--err"/);
    expect(html).toMatch(/<p class="fm-err" id="f-manajemen-tandaDaftar--err"><span class="fm-err-line"><span class="fm-vh">Kesalahan: <\/span>Tanda Daftar LKS masih berlaku wajib diisi<\/span><\/p>/);
  });

  test('errors of hidden parts are not shown; errors outside the rendered section are left out', () => {
    const answers = sampleAnswers() as { profil: Record<string, unknown> };
    answers.profil.sasaranPmks = ['lanjut-usia']; // Modul LKSA hidden
    const out = renderForm({ form: schema, answers, errors: [{ path: 'manajemen.modulLksa.asesmenPenerimaan', message: 'Asesmen wajib diisi' }, { path: 'manajemen.tandaDaftar', message: 'Wajib' }] });
    expect(out).not.toContain('Asesmen wajib diisi');
    expect(out).toContain('<a href="#f-manajemen-tandaDaftar">Wajib</a>');
    const section = renderForm({ form: schema, answers, section: 'profil', errors: [{ path: 'manajemen.tandaDaftar', message: 'Wajib' }, { path: 'profil.kapasitas', message: 'Kapasitas wajib diisi' }] });
    expect(section).not.toContain('Wajib</a>');
    expect(section).toContain('<a href="#f-profil-kapasitas">Kapasitas wajib diisi</a>');
    expect(section).not.toContain('name="manajemen.');
  });

  test('an error below a field that has no own control (JSON field) is shown on that field', () => {
    const out = renderForm({ form: { type: 'object', properties: { bebas: { title: 'Bebas' } } }, answers: { bebas: { a: 1 } }, errors: [{ path: 'bebas.a', message: 'a salah' }] });
    expect(out).toContain('<a href="#f-bebas">a salah</a>');
    expect(attrs(tagById(out, 'f-bebas')!)['aria-invalid']).toBe('true');
  });

  test('questionId gives the element id other pages link to', () => {
    expect(questionId('profil.penerima.1.jumlah')).toBe('f-profil-penerima-1-jumlah');
    expect(html).toContain(`id="${questionId('profil.namaLembaga')}"`);
    expect(questionId('a b.~x', 'lalu')).toBe('lalu-a_20_b-_7e_0x');
  });

  test('no errors, no summary; read-only mode never shows one', () => {
    expect(renderForm({ form: schema, answers: sampleAnswers() })).not.toContain('fm-summary');
    expect(renderForm({ form: schema, answers: sampleAnswers(), errors, mode: 'readonly', role: 'evaluator' })).not.toContain('fm-summary');
  });
});
