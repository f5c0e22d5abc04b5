/**
 * Workbooks as KoboToolbox and ODK users write them, built with exceljs: supported conventions
 * import (field-list groups, or_other, note rows, language columns, required_message, default,
 * read_only, device metadata rows, Kobo's own columns), the others are problems on their row
 * with a fix (calculate, media::image with a value, a note between questions, expressions outside
 * the subset). Monev's scoring columns score as documented.
 */
import { score, validateAnswers, visibility } from '../../../../server/domain/forms';
import { readWorkbook } from '../../../../server/domain/forms/xlsform';
import { importXlsx, SETTINGS, table, xlsx } from './workbook';

const CHOICES = table([
  { list_name: 'yes_no', name: 'ya', 'label::English (en)': 'Yes', 'label::Bahasa Indonesia (id)': 'Ya' },
  { list_name: 'yes_no', name: 'tidak', 'label::English (en)': 'No', 'label::Bahasa Indonesia (id)': 'Tidak' },
  { list_name: 'skala', name: '0', 'label::English (en)': 'None', 'label::Bahasa Indonesia (id)': 'Tidak ada', points: 0 },
  { list_name: 'skala', name: '1', 'label::English (en)': 'Partly', 'label::Bahasa Indonesia (id)': 'Sebagian', points: 1 },
  { list_name: 'skala', name: '2', 'label::English (en)': 'Complete', 'label::Bahasa Indonesia (id)': 'Lengkap', points: 2 },
  { list_name: 'skala', name: 'na', 'label::English (en)': 'N/A', 'label::Bahasa Indonesia (id)': 'Tidak berlaku', not_applicable: 'yes' },
  { list_name: 'mitra', name: 'desa', 'label::English (en)': 'Village', 'label::Bahasa Indonesia (id)': 'Pemerintah desa', points: 1 },
  { list_name: 'mitra', name: 'sekolah', 'label::English (en)': 'School', 'label::Bahasa Indonesia (id)': 'Sekolah', points: 1 },
  { list_name: 'mitra', name: 'puskesmas', 'label::English (en)': 'Clinic', 'label::Bahasa Indonesia (id)': 'Puskesmas', points: 1 },
]);

/** A Kobo-style survey sheet: metadata rows, $kuid/$autoname columns, two languages, field-list groups. */
function koboSurvey(extra: Array<Record<string, string | number>> = []) {
  return table([
    { type: 'start', name: 'start', $kuid: 'a1' },
    { type: 'end', name: 'end', $kuid: 'a2' },
    { type: 'begin_group', name: 'profil', 'label::English (en)': 'Profile', 'label::Bahasa Indonesia (id)': 'Profil lembaga', appearance: 'field-list', $kuid: 'a3' },
    { type: 'note', name: 'catatan', 'label::English (en)': 'Fill in from the deed', 'label::Bahasa Indonesia (id)': 'Isi sesuai akta pendirian.' },
    { type: 'text', name: 'nama', 'label::English (en)': 'Name', 'label::Bahasa Indonesia (id)': 'Nama lembaga', required: 'true', required_message: 'Nama lembaga harus diisi dulu', 'media::image': '', $autoname: 'nama' },
    { type: 'integer', name: 'kapasitas', 'label::Bahasa Indonesia (id)': 'Kapasitas', 'hint::Bahasa Indonesia (id)': 'Jumlah tempat tidur', constraint: '. >= 0 and . <= 500', constraint_message: 'Kapasitas 0 sampai 500', default: 10 },
    { type: 'select_one yes_no or_other', name: 'badanHukum', 'label::Bahasa Indonesia (id)': 'Berbadan hukum?', required: 'yes' },
    { type: 'text', name: 'kodeLama', 'label::Bahasa Indonesia (id)': 'Kode lama', read_only: 'yes', default: 'L-01' },
    { type: 'end_group' },
    { type: 'begin_group', name: 'manajemen', 'label::Bahasa Indonesia (id)': 'Manajemen', weight: 60, required: 'yes' },
    { type: 'select_one skala', name: 'akta', 'label::Bahasa Indonesia (id)': 'Akta pendirian', required: 'yes', evidence_min: 1, evidence_max: 3, evidence_types: 'pdf jpg', evidence_max_mb: 5, evidence_not_required_for: '0', recommendation: 'Lengkapi akta.' },
    { type: 'select_one skala', name: 'rapat', 'label::Bahasa Indonesia (id)': 'Rapat rutin', relevant: "${badanHukum} = 'ya'" },
    { type: 'select_multiple mitra', name: 'mitra', 'label::Bahasa Indonesia (id)': 'Mitra', score_max: 2, constraint: 'count-selected(.) >= 1' },
    { type: 'end_group' },
    { type: 'begin_group', name: 'hasil', 'label::Bahasa Indonesia (id)': 'Hasil', weight: 40 },
    { type: 'integer', name: 'dilayani', 'label::Bahasa Indonesia (id)': 'Orang dilayani', required: 'yes' },
    { type: 'image', name: 'foto', 'label::Bahasa Indonesia (id)': 'Foto kegiatan', required: 'yes' },
    ...extra,
    { type: 'end_group' },
  ]);
}

const SCORING = table([
  { type: 'grade', name: 'A', label: 'Sangat Baik', min: 80 },
  { type: 'grade', name: 'C', label: 'Kurang', min: 0 },
  { type: 'grade', name: 'B', label: 'Baik', min: 60 },
  { type: 'band', name: 'dilayani', label: '0-9', max: 10, points: 0 },
  { type: 'band', name: 'dilayani', label: '10 atau lebih', min: 10, points: 4 },
  { type: 'cap', name: 'tanpa-hukum', label: 'Belum berbadan hukum: paling tinggi B', condition: "${badanHukum} != 'ya'", max_grade: 'B' },
]);

describe('a Kobo-style workbook', () => {
  test('imports with notes for what Monev does not use', async () => {
    const r = await importXlsx({ survey: koboSurvey(), choices: CHOICES, settings: SETTINGS, scoring: SCORING });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    const form = r.form!;
    const notes = r.notes.map((n) => n.message).join('\n');
    expect(notes).toContain('start (metadata perangkat) dilewati');
    expect(notes).toContain('English (en) diabaikan');
    expect(notes).not.toContain('field-list'); // a group is always shown whole: field-list is what Monev does anyway
    // note right after begin_group = the group's description; Indonesian labels chosen
    const profil = form.questions.find((q) => q.path === 'profil')!;
    expect(profil).toMatchObject({ title: 'Profil lembaga', description: 'Isi sesuai akta pendirian.' });
    const kapasitas = form.questions.find((q) => q.path === 'profil.kapasitas')!;
    expect(kapasitas).toMatchObject({ hint: 'Jumlah tempat tidur', minimum: 0, maximum: 500, errorMessage: 'Kapasitas 0 sampai 500' });
    expect(kapasitas.schema.default).toBe(10);
    expect(form.questions.find((q) => q.path === 'profil.kodeLama')!.schema).toMatchObject({ readOnly: true, default: 'L-01' });
    // or_other: an "other" option and a follow-up text shown only for it
    const badan = form.questions.find((q) => q.path === 'profil.badanHukum')!;
    expect(badan.options!.map((o) => o.value)).toEqual(['ya', 'tidak', 'other']);
    expect(visibility(form, { profil: { badanHukum: 'ya' } }).has('profil.badanHukum_other')).toBe(true);
    expect(visibility(form, { profil: { badanHukum: 'other' } }).has('profil.badanHukum_other')).toBe(false);
    // required_message replaces the generated message
    const v = validateAnswers(form, { profil: {} }, { mode: 'submit' });
    expect(v.errors.map((e) => e.message)).toContain('Nama lembaga harus diisi dulu');
    expect(validateAnswers(form, { profil: { kapasitas: 900 } }, { mode: 'draft' }).errors.map((e) => e.message)).toEqual(['Kapasitas 0 sampai 500']);
    // image with required: an upload-only question needing one file
    expect(form.questions.find((q) => q.path === 'hasil.foto')!.evidence).toEqual({ min: 1, max: 5, types: ['image/jpeg', 'image/png', 'image/webp'] });
    const submit = validateAnswers(form, { profil: { nama: 'X', badanHukum: 'ya' }, manajemen: { akta: 2, mitra: ['desa'] }, hasil: { dilayani: 3 } }, { mode: 'submit', evidence: { 'manajemen.akta': 1 } });
    expect(submit.errors.map((e) => e.path)).toEqual(['hasil.foto']);
    expect(form.questions.find((q) => q.path === 'manajemen.akta')!.evidence).toEqual({ min: 1, max: 3, types: ['application/pdf', 'image/jpeg'], maxBytes: 5242880, notRequiredFor: [0] });
  });

  test('scores with points, N/A, caps on multiple choice, bands, weights, grades and caps', async () => {
    const { form } = await importXlsx({ survey: koboSurvey(), choices: CHOICES, settings: SETTINGS, scoring: SCORING });
    const answers = { profil: { nama: 'LKS', badanHukum: 'tidak' }, manajemen: { akta: 2, rapat: 1, mitra: ['desa', 'sekolah', 'puskesmas'] }, hasil: { dilayani: 12 } };
    const s = score(form!, answers);
    // rapat hidden (badanHukum ≠ ya); manajemen = (2 + 2) / (2 + 2); hasil = 4/4 → 100, capped to B
    expect(s.sections.map((x) => [x.key, x.score, x.weight])).toEqual([['manajemen', 100, 60], ['hasil', 100, 40]]);
    expect(s.total).toBe(100);
    expect(s.uncappedGrade?.grade).toBe('A');
    expect(s.grade?.grade).toBe('B');
    const na = score(form!, { ...answers, profil: { nama: 'LKS', badanHukum: 'ya' }, manajemen: { akta: 'na', rapat: 0, mitra: ['desa'] }, hasil: { dilayani: 2 } });
    expect(na.notApplicable).toEqual(['manajemen.akta']);
    expect(na.sections.map((x) => x.score)).toEqual([25, 0]); // (0 + 1) / (2 + 2)
    expect(na.total).toBe(15);
    expect(na.grade?.grade).toBe('C');
  });

  test('a workbook without scoring columns is an unscored questionnaire', async () => {
    const r = await importXlsx({
      survey: table([{ type: 'text', name: 'nama', label: 'Nama' }, { type: 'select_one yes_no', name: 'aktif', label: 'Aktif?' }]),
      choices: table([{ list_name: 'yes_no', name: 'ya', label: 'Ya' }, { list_name: 'yes_no', name: 'tidak', label: 'Tidak' }]),
      settings: [['form_title', 'form_id', 'version', 'subject_type'], ['Pendataan', 'pendataan', '1', 'PSM']],
    });
    expect(r.problems).toEqual([]);
    // loose questions are gathered in one section titled after the form
    expect(r.form!.sections).toEqual([{ key: 'bagian1', title: 'Pendataan', weight: null, scored: false, order: 0 }]);
    expect(score(r.form!, { bagian1: { nama: 'x' } }).total).toBeNull();
  });
});

describe('conventions Monev does not support are problems on their row, with what to write instead', () => {
  const problemsOf = async (extra: Array<Record<string, string | number>>, choices = CHOICES) =>
    (await importXlsx({ survey: koboSurvey(extra), choices, settings: SETTINGS, scoring: SCORING })).problems;
  // koboSurvey's extra rows start at spreadsheet row 19 (header row 1, 17 rows before them)
  test.each([
    ['calculate', { type: 'calculate', name: 'total', calculation: '${akta} + ${rapat}' }, 'type', 'calculate', 'points'],
    ['media::image with a value', { type: 'note', name: 'gambar', label: 'Lihat gambar', 'media::image': 'denah.png' }, 'media::image', 'Gambar', 'Kosongkan kolom media'],
    ['a note between questions', { type: 'note', name: 'info', label: 'Catatan' }, 'type', 'note di tengah grup', 'begin_group'],
    ['arithmetic in relevant', { type: 'integer', name: 'x', label: 'X', relevant: '${dilayani} + 1 > 2' }, 'relevant', 'operasi hitung', 'selected('],
    ['a comparison of two questions', { type: 'integer', name: 'x', label: 'X', relevant: '${dilayani} > ${akta}' }, 'relevant', 'dua pertanyaan', '${nama}'],
    ['today() in constraint', { type: 'date', name: 'tgl', label: 'Tanggal', constraint: '. <= today()' }, 'constraint', 'today()', 'string-length'],
    ['a default that is no choice', { type: 'select_one skala', name: 'y', label: 'Y', default: '7' }, 'default', '"7"', 'kode pilihan'],
    ['read_only and required', { type: 'text', name: 'z', label: 'Z', read_only: 'yes', required: 'yes' }, 'read_only', 'read_only', 'required'],
    ['a geopoint', { type: 'geopoint', name: 'lokasi', label: 'Lokasi' }, 'type', 'Lokasi peta', 'text'],
    ['an unknown list', { type: 'select_one skala2', name: 'w', label: 'W' }, 'type', 'skala2', 'yes_no, skala, mitra'],
    ['a bad name', { type: 'text', name: 'nama-ketua', label: 'Ketua' }, 'name', 'nama-ketua', 'namaKetua'],
    ['choice_filter', { type: 'select_one yes_no', name: 'v', label: 'V', choice_filter: "name = 'ya'" }, 'choice_filter', 'choice_filter', 'Kosongkan'],
  ])('%s', async (_name, row, column, what, fix) => {
    const problems = await problemsOf([row]);
    expect(problems).toContainEqual(expect.objectContaining({ sheet: 'survey', row: 19, column, message: expect.stringContaining(what), fix: expect.stringContaining(fix) }));
  });

  test('a scored list with an option without points is a problem on that choices row', async () => {
    const choices = [...CHOICES, ['skala', '3', 'Three', 'Sangat lengkap', null, null]];
    const problems = await problemsOf([], choices);
    expect(problems).toEqual([expect.objectContaining({ sheet: 'choices', row: 11, column: 'points', message: expect.stringContaining('belum diberi poin') })]);
  });

  test("the engine's own checks are located on the row and column that caused them", async () => {
    const problems = await problemsOf([{ type: 'integer', name: 'nanti', label: 'Nanti' }].map((r) => r));
    expect(problems).toEqual([]);
    const survey = koboSurvey();
    // weight only on one scored section: the engine's weight rule, on the begin_group row of the other
    const noWeight = survey.map((r) => r.map((c) => (c === 40 ? null : c)));
    const r = await importXlsx({ survey: noWeight, choices: CHOICES, settings: SETTINGS, scoring: SCORING });
    expect(r.problems).toEqual([expect.objectContaining({ sheet: 'survey', row: 16, fix: expect.stringContaining('weight') })]);
    // a condition naming a question further down: the relevant cell
    const later = await importXlsx({ survey: koboSurvey([{ type: 'integer', name: 'lagi', label: 'Lagi', relevant: '${akhir} > 1' }, { type: 'integer', name: 'akhir', label: 'Akhir' }]), choices: CHOICES, settings: SETTINGS, scoring: SCORING });
    expect(later.problems).toEqual([expect.objectContaining({ sheet: 'survey', row: 19, column: 'relevant', message: expect.stringContaining('sesudahnya') })]);
  });

  test('settings: missing id, version and subject type are named with what to write', async () => {
    const r = await importXlsx({ survey: koboSurvey(), choices: CHOICES, settings: [['form_title', 'form_id'], ['Uji', 'Uji_Kobo Form']], scoring: SCORING });
    expect(r.problems.map((p) => [p.sheet, p.column, p.fix])).toEqual([
      ['settings', 'form_id', expect.stringContaining('uji-kobo-form')],
      ['settings', 'version', expect.stringContaining('2027.1')],
      ['settings', 'subject_type', expect.stringContaining('LKS, KARANG_TARUNA, TKSK, PSM')],
    ]);
  });

  test('structure: unclosed groups and mismatched ends', async () => {
    const r = await importXlsx({ survey: table([{ type: 'begin_group', name: 'a', label: 'A' }, { type: 'text', name: 'b', label: 'B' }, { type: 'end_repeat' }]), settings: SETTINGS });
    expect(r.problems.map((p) => [p.row, p.message])).toEqual([
      [2, expect.stringContaining('tidak pernah ditutup')],
      [4, expect.stringContaining('end_repeat menutup "a"')],
    ]);
  });

  test('checklist 28: not a workbook, or a zip that inflates too far, is refused before exceljs', async () => {
    expect(await readWorkbook(Buffer.from('bukan xlsx'))).toMatchObject({ ok: false, status: 415 });
    const big = await xlsx({ survey: [['type', 'name', 'label'], ...Array.from({ length: 3 }, (_, i) => ['text', `q${i}`, 'x'.repeat(2000)])] });
    expect(await readWorkbook(big, { maxBytes: 1e6, maxRows: 10, maxColumns: 10, maxZipEntries: 50, maxEntryBytes: 4000, maxTotalBytes: 1e6, maxProblems: 10 })).toMatchObject({ ok: false, status: 413 });
  });
});

describe('appearance, languages and or_other on a multiple choice', () => {
  const survey = (rows: Array<Record<string, string | number>>) => table([{ type: 'begin_group', name: 'umum', label: 'Umum' }, ...rows, { type: 'end_group' }]);
  /** The lists without points: an unscored questionnaire needs no grades. */
  const UNSCORED = CHOICES.map((row, i) => (i === 0 ? row : row.slice(0, 4)));
  const one = async (row: Record<string, string | number>, choices = UNSCORED) => importXlsx({ survey: survey([row]), choices, settings: SETTINGS });

  test.each([
    ['multiline', 'text', 'textarea', { maxLength: 2000 }],
    ['minimal', 'select_one yes_no', 'select', {}],
    ['likert', 'select_one skala', 'scale', {}],
    ['numbers', 'text', 'tel', {}],
  ])('appearance %s → widget', async (appearance, type, widget, extra) => {
    const r = await one({ type, name: 'x', label: 'X', appearance });
    expect(r.problems).toEqual([]);
    const q = r.form!.questions.find((x) => x.path === 'umum.x')!;
    expect(q.kind === 'question' && q.widget).toBe(widget);
    expect(q.schema).toMatchObject(extra);
  });

  test('layout-only appearances are accepted with a note; an unknown one is a problem naming the allowed words', async () => {
    const layout = await one({ type: 'select_one yes_no', name: 'x', label: 'X', appearance: 'horizontal w2' });
    expect(layout.ok).toBe(true);
    expect(layout.notes.filter((n) => n.row !== null).map((n) => [n.row, n.message])).toEqual([[3, expect.stringContaining('"horizontal" hanya mengatur tata letak')], [3, expect.stringContaining('"w2"')]]);
    const unknown = await one({ type: 'select_one yes_no', name: 'x', label: 'X', appearance: 'spinner' });
    expect(unknown.problems).toEqual([expect.objectContaining({ sheet: 'survey', row: 3, column: 'appearance', message: expect.stringContaining('"spinner" tidak dikenal'), fix: expect.stringContaining('minimal') })]);
    const group = await importXlsx({ survey: table([{ type: 'begin_group', name: 'g', label: 'G', appearance: 'table-list' }, { type: 'text', name: 'a', label: 'A' }, { type: 'end_group' }]), settings: SETTINGS });
    expect(group.ok).toBe(true);
    const badGroup = await importXlsx({ survey: table([{ type: 'begin_group', name: 'g', label: 'G', appearance: 'multiline' }, { type: 'text', name: 'a', label: 'A' }, { type: 'end_group' }]), settings: SETTINGS });
    expect(badGroup.problems).toEqual([expect.objectContaining({ row: 2, column: 'appearance', fix: expect.stringContaining('field-list') })]);
  });

  test('default_language picks the language of every text column; messages follow it', async () => {
    const rows = [{
      type: 'integer', name: 'x', 'label::Bahasa Indonesia (id)': 'Jumlah', 'label::English (en)': 'Count', 'hint::English (en)': 'People',
      constraint: '. >= 0', 'constraint_message::Bahasa Indonesia (id)': 'Tidak boleh negatif', 'constraint_message::English (en)': 'Not negative',
      required: 'yes', 'required_message::English (en)': 'Please answer',
    }];
    const settings = (lang: string) => [['form_title', 'form_id', 'version', 'subject_type', 'default_language'], ['Uji', 'uji-bahasa', '1', 'LKS', lang]];
    const en = await importXlsx({ survey: survey(rows), settings: settings('English (en)') });
    expect(en.problems).toEqual([]);
    expect(en.form!.questions.find((q) => q.path === 'umum.x')).toMatchObject({ title: 'Count', hint: 'People', errorMessage: 'Not negative' });
    expect(en.notes.map((n) => n.message)).toContain('Label dalam bahasa English (en) dipakai; label dalam Bahasa Indonesia (id) diabaikan (Monev menampilkan satu bahasa).');
    // without default_language: Indonesian; a text only in the other language is left out, not mixed in
    const id = await importXlsx({ survey: survey(rows), settings: settings('') });
    const q = id.form!.questions.find((x) => x.path === 'umum.x')!;
    expect(q).toMatchObject({ title: 'Jumlah', errorMessage: 'Tidak boleh negatif' });
    expect(q.hint).toBeUndefined();
    expect(q.schema['x-requiredMessage']).toBeUndefined();
  });

  test('select_multiple … or_other: the follow-up text is shown when "other" is among the choices', async () => {
    // a scored list: the added "other" has no points, which is said on the row
    const scored = await one({ type: 'select_multiple mitra or_other', name: 'mitra', label: 'Mitra' }, CHOICES);
    expect(scored.problems).toContainEqual(expect.objectContaining({ row: 3, column: 'type', message: expect.stringContaining('mitra') }));
    const ok = await one({ type: 'select_multiple mitra or_other', name: 'mitra', label: 'Mitra' });
    expect(ok.problems).toEqual([]);
    const form = ok.form!;
    expect(form.questions.find((q) => q.path === 'umum.mitra')!.options!.map((o) => o.value)).toEqual(['desa', 'sekolah', 'puskesmas', 'other']);
    expect(visibility(form, { umum: { mitra: ['desa'] } }).has('umum.mitra_other')).toBe(true);
    expect(visibility(form, { umum: { mitra: ['desa', 'other'] } }).has('umum.mitra_other')).toBe(false);
  });
});
