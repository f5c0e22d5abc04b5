import { parseFormPost, renderForm } from '../../../server/render';
import { attrs, labelOf, tagById, text } from './html';
import { sampleAnswers, sampleSchema } from './sample';

const schema = sampleSchema();
const html = renderForm({ form: schema, answers: sampleAnswers() });

const labelFor = (id: string) => labelOf(html, id);

describe('widgets: accessible markup per widget', () => {
  test('text: labelled input, hint linked by aria-describedby, required marker with screen-reader text', () => {
    const input = attrs(tagById(html, 'f-profil-namaLembaga')!);
    expect(input).toMatchObject({ type: 'text', name: 'profil.namaLembaga', value: 'LKSA Harapan Bangsa', 'aria-required': 'true', maxlength: '200' });
    expect(labelFor('f-profil-namaLembaga')).toBe('Nama lembaga * (wajib diisi)');
    expect(input['aria-describedby']).toBe('f-profil-namaLembaga--hint');
    expect(text(/<p class="fm-hint" id="f-profil-namaLembaga--hint">(.*?)<\/p>/.exec(html)![1])).toBe('Sesuai akta pendirian');
    expect(html).toMatch(/<span class="fm-req" aria-hidden="true">\*<\/span><span class="fm-vh"> \(wajib diisi\)<\/span>/);
  });

  test('date: input type=date with ISO value', () => {
    expect(attrs(tagById(html, 'f-profil-tanggalTandaDaftar')!)).toMatchObject({ type: 'date', value: '2024-05-01' });
    expect(labelFor('f-profil-tanggalTandaDaftar')).toBe('Tanggal Tanda Daftar');
  });

  test('number/integer: text input with numeric keyboards (no spinner, comma decimals accepted)', () => {
    expect(attrs(tagById(html, 'f-profil-kapasitas')!)).toMatchObject({ type: 'text', inputmode: 'numeric', value: '40', 'data-t': 'n' });
    expect(attrs(tagById(html, 'f-profil-rasioPengasuh')!)).toMatchObject({ inputmode: 'decimal', value: '7.5' });
  });

  test('yes/no: two radios Ya/Tidak inside a fieldset with legend', () => {
    const block = /<fieldset class="fm-group fm-inline" data-t="j">([\s\S]*?)<\/fieldset>/.exec(html)![1];
    expect(text(/<legend[^>]*>([\s\S]*?)<\/legend>/.exec(block)![1])).toBe('Berbadan hukum');
    expect(attrs(tagById(html, 'f-profil-berbadanHukum')!)).toMatchObject({ type: 'radio', value: 'true', checked: '' });
    expect(attrs(tagById(html, 'f-profil-berbadanHukum--o1')!)).toMatchObject({ type: 'radio', value: 'false' });
    expect(labelFor('f-profil-berbadanHukum')).toBe('Ya');
    expect(labelFor('f-profil-berbadanHukum--o1')).toBe('Tidak');
  });

  test('checkboxes: one labelled checkbox per option, chosen ones checked, fieldset+legend', () => {
    expect(attrs(tagById(html, 'f-profil-sasaranPmks')!)).toMatchObject({ type: 'checkbox', name: 'profil.sasaranPmks', value: 'anak-terlantar', checked: '' });
    expect('checked' in attrs(tagById(html, 'f-profil-sasaranPmks--o1')!)).toBe(false);
    expect('checked' in attrs(tagById(html, 'f-profil-sasaranPmks--o2')!)).toBe(true);
    expect(labelFor('f-profil-sasaranPmks--o2')).toBe('Penyandang Disabilitas');
    expect(html).toMatch(/<legend class="fm-legend-q">Sasaran PMKS<\/legend>/);
  });

  test('select: more than six choices become a labelled select with an empty first option', () => {
    const m = /<select[^>]*id="f-profil-kabKota"[^>]*>([\s\S]*?)<\/select>/.exec(html)!;
    expect(labelFor('f-profil-kabKota')).toBe('Kabupaten/kota');
    expect(m[1]).toMatch(/^\s*<option value="">— Pilih —<\/option>/);
    expect(m[1]).toContain('<option value="36.02" selected>Kab. Lebak</option>');
  });

  test('textarea: long text keeps line breaks, description linked', () => {
    const m = /<textarea([^>]*)>([\s\S]*?)<\/textarea>/.exec(html)!;
    expect(attrs(`<textarea${m[1]}>`)).toMatchObject({ id: 'f-profil-catatan', name: 'profil.catatan', 'aria-describedby': 'f-profil-catatan--desc' });
    expect(m[2]).toBe('Baris satu\nBaris dua');
  });

  test('scale 0-4: radios with the value badge and the label of each level', () => {
    const first = attrs(tagById(html, 'f-manajemen-tandaDaftar')!);
    expect(first).toMatchObject({ type: 'radio', value: '0' });
    expect(attrs(tagById(html, 'f-manajemen-tandaDaftar--o3')!)).toMatchObject({ value: '3', checked: '' });
    expect(labelFor('f-manajemen-tandaDaftar--o3')).toBe('3 Lengkap dan sesuai');
    expect(html).toContain('<fieldset class="fm-group fm-scale" aria-describedby="f-manajemen-tandaDaftar--desc" data-t="j">'); // typed values: JSON
  });

  test('scale titles that repeat the value ("3 - Lengkap") show it once, in the badge', () => {
    const form = { type: 'object', properties: { s: { type: 'integer', 'x-widget': 'scale', oneOf: [0, 1, 2].map((v) => ({ const: v, title: `${v} - Tingkat ${v}` })) } } };
    const out = renderForm({ form, answers: { s: 1 } });
    expect(labelOf(out, 'f-s--o1')).toBe('1 Tingkat 1');
    expect(text(renderForm({ form, answers: { s: 1 }, mode: 'readonly' }))).toContain('S 1 – Tingkat 1');
  });

  test('numbers in the read-only view: decimal comma, digit groups only from 10 000 (years stay 1998)', () => {
    const form = { type: 'object', properties: { tahun: { type: 'integer' }, dana: { type: 'number' }, rasio: { type: 'number' } } };
    expect(text(renderForm({ form, answers: { tahun: 1998, dana: 150000000, rasio: 2.5 }, mode: 'readonly' }))).toBe('Tahun 1998 Dana 150.000.000 Rasio 2,5');
  });

  test('radio: scale with a "Tidak berlaku" option still renders every option', () => {
    expect(attrs(tagById(html, 'f-manajemen-ruangTidur--o5')!)).toMatchObject({ value: 'na', checked: '' });
    expect(labelFor('f-manajemen-ruangTidur--o5')).toContain('Tidak berlaku');
  });

  test('evidence: attached files listed, file input with accept and rules', () => {
    const withFiles = renderForm({
      form: schema,
      answers: sampleAnswers(),
      evidence: { 'manajemen.tandaDaftar': [{ id: 'a1', name: 'tanda-daftar.pdf', size: 1_300_000 }, { id: 'b2', name: 'foto.jpg', size: 2048, valid: false }] },
      evidenceUrl: '/bukti/{id}',
    });
    expect(withFiles).toContain('<a href="/bukti/a1">tanda-daftar.pdf</a> <span class="fm-size">(1,2 MB)</span>');
    expect(withFiles).toMatch(/foto\.jpg<\/a> <span class="fm-size">\(2 KB\)<\/span> <strong class="fm-bad">Berkas ditolak<\/strong>/);
    expect(withFiles).toContain('value="remove-file:manajemen.tandaDaftar:a1"');
    const input = attrs(tagById(withFiles, 'f-manajemen-tandaDaftar--file')!);
    expect(input).toMatchObject({ type: 'file', name: 'manajemen.tandaDaftar.~file', accept: 'application/pdf,image/jpeg', multiple: '' });
    expect(withFiles).toMatch(/<label class="fm-label" for="f-manajemen-tandaDaftar--file">Unggah berkas<\/label>/);
    expect(withFiles).toContain('Jenis berkas: PDF, JPG. Ukuran maksimal 5 MB per berkas.');
  });

  test('section: fieldset with legend and heading, nested levels', () => {
    expect(html).toMatch(/<fieldset class="fm-section" id="f-profil">\s*<legend class="fm-legend"><h2 class="fm-h">Profil Lembaga<\/h2><\/legend>/);
    expect(html).toMatch(/<fieldset class="fm-section" id="f-manajemen-modulLksa" data-visible-if="[^"]+">\s*<legend class="fm-legend"><h3 class="fm-h">Modul LKSA<\/h3>/);
  });

  test('repeat group: rows as fieldsets, remove and add submit buttons, row count field', () => {
    expect(html).toMatch(/<legend class="fm-legend"><h4 class="fm-h">Baris 1<\/h4><\/legend>/);
    expect(attrs(tagById(html, 'f-profil-penerima-1-kelompok')!)).toMatchObject({ name: 'profil.penerima.1.kelompok', value: '6-12 tahun' });
    expect(html).toContain('<button type="submit" class="fm-btn fm-btn-remove" name="_action" value="remove:profil.penerima:1" formnovalidate>Hapus baris 2</button>');
    expect(html).toContain('<button type="submit" class="fm-btn fm-btn-add" name="_action" value="add:profil.penerima" formnovalidate>Tambah baris</button>');
    expect(html).toContain('<input type="hidden" name="profil.penerima.~rows" value="2">');
  });

  test('the first button of the fragment saves, so Enter in a field never adds a row', () => {
    expect(html.indexOf('value="save"')).toBeLessThan(html.indexOf('value="add:'));
    expect(attrs(/<button[^>]*>/.exec(html)![0])).toMatchObject({ type: 'submit', name: '_action', value: 'save', tabindex: '-1' });
  });

  test('read-only display: labels with formatted answers, no form controls', () => {
    const ro = renderForm({ form: schema, answers: sampleAnswers(), mode: 'readonly', role: 'evaluator' });
    expect(ro).not.toMatch(/<input|<select|<textarea|<button/);
    const t = text(ro);
    expect(t).toContain('Tanggal Tanda Daftar 1 Mei 2024');
    expect(t).toContain('Rasio pengasuh 7,5');
    expect(t).toContain('Berbadan hukum Ya');
    expect(t).toContain('Sasaran PMKS Anak Terlantar Penyandang Disabilitas');
    expect(t).toContain('Tanda Daftar LKS masih berlaku 3 – Lengkap dan sesuai');
    expect(t).toContain('Konfirmasi masyarakat Diisi oleh evaluator Tidak diisi');
    expect(ro).toMatch(/<section class="fm-section fm-ro-section" id="f-profil">\s*<h2 class="fm-h">Profil Lembaga<\/h2>/);
  });

  test('fallback: a schema node no tester understands becomes a labelled JSON text area', () => {
    const out = renderForm({ form: { type: 'object', properties: { bebas: { title: 'Isian bebas' } } }, answers: { bebas: { a: [1, 2] } } });
    const m = /<textarea([^>]*)>([\s\S]*?)<\/textarea>/.exec(out)!;
    expect(attrs(`<textarea${m[1]}>`)).toMatchObject({ id: 'f-bebas', name: 'bebas', 'data-t': 'json' });
    expect(JSON.parse(text(m[2]))).toEqual({ a: [1, 2] });
    expect(out).toMatch(/<label class="fm-label" for="f-bebas">Isian bebas<\/label>/);
  });

  test('const: shown as text; posted through a hidden field when required or already answered', () => {
    const form = { type: 'object', properties: { jenis: { const: 'lks', title: 'Jenis' }, versi: { const: 2, title: 'Versi' } }, required: ['jenis'] };
    const out = renderForm({ form, answers: {} });
    expect(out).toContain('<input type="hidden" name="jenis" value="lks">');
    expect(out).not.toContain('name="versi"');
    expect(text(out)).toContain('Jenis lks');
    expect(renderForm({ form, answers: { versi: 2 } })).toContain('<input type="hidden" name="versi" value="2" data-t="j">');
  });

  test('alternatives (oneOf of objects): a choice plus each alternative; unanswered → all shown (usable without JS)', () => {
    const form = { type: 'object', properties: { kontak: { title: 'Kontak', oneOf: [
      { title: 'Telepon', type: 'object', properties: { nomor: { type: 'string', title: 'Nomor' } }, required: ['nomor'] },
      { title: 'Surel', type: 'object', properties: { alamat: { type: 'string', title: 'Alamat surel' } } },
    ] } } };
    const empty = renderForm({ form, answers: {} });
    expect(empty).toMatch(/<legend class="fm-legend-q">Pilih jenis isian<\/legend>/);
    expect(empty).not.toMatch(/data-alt-select checked|data-alt="\d"[^>]* hidden/);
    expect(labelOf(empty, 'f-kontak-_7e_a1-alamat')).toBe('Alamat surel');
    const filled = renderForm({ form, answers: { kontak: { alamat: 'a@b.id' } } });
    expect(filled).toMatch(/<div class="fm-alt" id="f-kontak--a0" data-alt="0" hidden>/);
    expect(attrs(tagById(filled, 'f-kontak--alt1')!)).toMatchObject({ value: '1', checked: '' });
    // no choice posted: the alternative the user filled in counts
    expect(parseFormPost(form, { 'kontak.~a1.alamat': 'c@d.id', 'kontak.~a0.nomor': '' })).toEqual({ kontak: { alamat: 'c@d.id' } });
    expect(parseFormPost(form, { 'kontak.~alt': '0', 'kontak.~a0.nomor': '0812', 'kontak.~a1.alamat': 'x' })).toEqual({ kontak: { nomor: '0812' } });
  });

  test('every control has a label; every id is unique', () => {
    const ids = [...html.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
      const a = attrs(m[0]);
      if (a.type === 'hidden') continue;
      expect({ id: a.id, label: labelFor(a.id) }).toEqual({ id: a.id, label: expect.stringMatching(/\S/) });
    }
  });
});
