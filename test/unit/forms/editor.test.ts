/**
 * The draft editor's changes (pure): texts, points, conditions written as expressions, weights,
 * options, bands and order; every change goes through checkDefinition and its problems come back
 * on the field that caused them.
 */
import { score, visibility, type LoadedForm } from '../../../server/domain/forms';
import { applyEdit, asNewVersion, itemView, nextVersion, outline, type EditRequest } from '../../../server/domain/forms/editor';
import { bundled, sample } from './helpers';

const lks = bundled('lks-monev-tahunan');

/** An item edit that keeps everything as the view shows it, with `change` applied. */
function itemEdit(form: LoadedForm, path: string, change: Partial<Extract<EditRequest, { op: 'item' }>> = {}): EditRequest {
  const v = itemView(form, path)!;
  return {
    op: 'item', path, title: v.title, hint: v.hint, description: v.description, required: v.required, relevant: v.relevant,
    weight: v.weight, recommendation: v.recommendation, bands: v.bands?.map((b) => ({ ...b, remove: false })) ?? [],
    options: v.options?.map((o) => ({ index: o.index, title: o.title, points: o.points, na: o.na, remove: false })) ?? [],
    ...change,
  };
}

function ok(form: LoadedForm, req: EditRequest): LoadedForm {
  const r = applyEdit(form, req);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.form;
}

test('an unchanged item form changes nothing that matters', () => {
  const same = ok(lks, itemEdit(lks, 'prosesPelayanan.modulLksa'));
  const answers = sample('lks-monev-tahunan', 'complete');
  expect(score(same, answers)).toEqual(score(lks, answers));
  expect(itemView(lks, 'prosesPelayanan.modulLksa')!.relevant).toBe(
    "(selected(${sasaranPmks}, 'anak-balita-terlantar') or selected(${sasaranPmks}, 'anak-terlantar') or selected(${sasaranPmks}, 'anak-berhadapan-hukum') or selected(${sasaranPmks}, 'anak-jalanan') or selected(${sasaranPmks}, 'anak-disabilitas') or selected(${sasaranPmks}, 'anak-korban-kekerasan') or selected(${sasaranPmks}, 'anak-perlindungan-khusus'))",
  );
});

test('points and a condition change; the score follows', () => {
  const answers = sample('lks-monev-tahunan', 'complete');
  answers.manajemen.tandaDaftar = 'proses-perpanjangan';
  const before = score(lks, answers).items.find((i) => i.path === 'manajemen.tandaDaftar')!;
  expect(before.points).toBe(1);
  const v = itemView(lks, 'manajemen.tandaDaftar')!;
  const options = v.options!.map((o) => ({ index: o.index, title: o.title, points: o.value === 'proses-perpanjangan' ? '3' : o.points, na: o.na, remove: false }));
  const changed = ok(lks, itemEdit(lks, 'manajemen.tandaDaftar', { options }));
  expect(score(changed, answers).items.find((i) => i.path === 'manajemen.tandaDaftar')!.points).toBe(3);
  const conditional = ok(changed, itemEdit(changed, 'profil.tahunAkreditasi', { relevant: "${statusAkreditasi} = 'a'" }));
  expect(visibility(conditional, { profil: { statusAkreditasi: 'b' } }).has('profil.tahunAkreditasi')).toBe(true);
  expect(visibility(conditional, { profil: { statusAkreditasi: 'a' } }).has('profil.tahunAkreditasi')).toBe(false);
  expect(visibility(lks, { profil: { statusAkreditasi: 'b' } }).has('profil.tahunAkreditasi')).toBe(false);
});

test('problems come back on the field: a bad expression, a reference to a later question, a missing label, bad points', () => {
  const bad = applyEdit(lks, itemEdit(lks, 'profil.npwp', { relevant: '${kapasitas} +' }));
  expect(bad).toMatchObject({ ok: false, errors: [{ field: 'relevant', message: expect.stringContaining('operasi hitung') }] });
  const later = applyEdit(lks, itemEdit(lks, 'profil.npwp', { relevant: '${kapasitas} > 10' }));
  expect(later).toMatchObject({ ok: false, errors: [{ field: 'relevant', message: expect.stringContaining('sesudahnya') }] });
  const noLabel = applyEdit(lks, itemEdit(lks, 'profil.npwp', { title: ' ' }));
  expect(noLabel).toMatchObject({ ok: false, errors: [{ field: 'title' }] });
  const options = itemView(lks, 'manajemen.tandaDaftar')!.options!.map((o) => ({ index: o.index, title: o.title, points: o.index === 0 ? 'banyak' : o.points, na: o.na, remove: false }));
  expect(applyEdit(lks, itemEdit(lks, 'manajemen.tandaDaftar', { options }))).toMatchObject({ ok: false, errors: [{ field: 'option.0' }] });
  // a weight removed from one scored section: the engine's weight rule
  expect(applyEdit(lks, itemEdit(lks, 'sdm', { weight: '' }))).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('x-weight') }] });
});

test('options: relabel, remove and add; a shared list names its other questions', () => {
  const v = itemView(lks, 'manajemen.adArt')!;
  expect(v.sharedWith.length).toBeGreaterThan(30); // skala04
  const relabelled = ok(lks, itemEdit(lks, 'manajemen.adArt', { options: v.options!.map((o) => ({ index: o.index, title: o.index === 4 ? 'Sangat lengkap' : o.title, points: o.points, na: o.na, remove: false })) }));
  expect(relabelled.questions.find((q) => q.path === 'manajemen.visiMisi')!.options![4].title).toBe('Sangat lengkap');
  const bentuk = itemView(lks, 'profil.penerbitTandaDaftar')!;
  const edited = ok(lks, itemEdit(lks, 'profil.penerbitTandaDaftar', {
    options: bentuk.options!.map((o) => ({ index: o.index, title: o.title, points: '', na: false, remove: o.index === 2 })),
    newOption: { value: 'lainnya', title: 'Lainnya', points: '', na: false },
  }));
  expect(edited.questions.find((q) => q.path === 'profil.penerbitTandaDaftar')!.options!.map((o) => o.value)).toEqual(['dinsos-kabkota', 'dinsos-provinsi', 'lainnya']);
});

test('bands of a number question and the weight of a section', () => {
  const v = itemView(lks, 'sdm.rasioPengasuh')!;
  const bands = v.bands!.map((b) => ({ ...b, points: b.index === 0 ? '3' : b.points, remove: false }));
  const changed = ok(lks, itemEdit(lks, 'sdm.rasioPengasuh', { bands }));
  expect(score(changed, { sdm: { rasioPengasuh: 2 } }).items.find((i) => i.path === 'sdm.rasioPengasuh')!.points).toBe(3);
  const weighted = ok(lks, itemEdit(lks, 'sdm', { weight: '30' }));
  expect(weighted.sections.find((s) => s.key === 'sdm')!.weight).toBe(30);
});

test('order: items and sections move among their siblings; a move that breaks a condition is refused', () => {
  const moved = ok(lks, { op: 'move', path: 'manajemen.adArt', dir: 'up' });
  const keys = moved.questions.filter((q) => q.section === 'manajemen' && q.kind === 'question').map((q) => q.key);
  expect(keys.slice(0, 3)).toEqual(['aktaPendirian', 'adArt', 'tandaDaftar']);
  const sections = ok(lks, { op: 'move', path: 'sdm', dir: 'up' });
  expect(sections.sections.map((s) => s.key)).toEqual(['profil', 'manajemen', 'program', 'sdm', 'prosesPelayanan', 'sarpras', 'hasil']);
  expect(applyEdit(lks, { op: 'move', path: 'profil', dir: 'up' })).toMatchObject({ ok: false });
  // tanggalAktaNotaris depends on statusBadanHukum: moving the condition's source below it is refused
  const swap = applyEdit(lks, { op: 'move', path: 'profil.statusBadanHukum', dir: 'down' });
  expect(swap).toMatchObject({ ok: false, errors: [expect.objectContaining({ message: expect.stringContaining('sesudahnya') })] });
  expect(outline(lks).find((o) => o.path === 'profil')).toMatchObject({ first: true, last: false });
});

test('a new version starts from the current one', () => {
  const r = asNewVersion(lks.definition, '2027.1');
  expect(r.ok).toBe(true);
  expect(r.definition!.key).toBe('lks-monev-tahunan@2027.1');
  expect(r.definition!.questions.map((q) => q.path)).toEqual(lks.questions.map((q) => q.path));
  expect(nextVersion('2026.1', ['2026.1', '2026.2'])).toBe('2026.3');
  expect(nextVersion('v3', [])).toBe('v4');
  expect(nextVersion('draf', [])).toBe('draf.1');
});
