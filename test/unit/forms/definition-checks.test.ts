/**
 * Cross-reference and authoring checks of strict definitions (forms:check and admin upload):
 * each mistake an admin can make is reported with the JSON pointer of the offending place.
 */
import { checkDefinition } from '../../../server/domain/forms';
import { definitionJson } from './helpers';
import { checkTiny } from './tiny-form';

type Patch = (d: any) => void;

function lksProblems(patch: Patch): string[] {
  const d = definitionJson('lks-monev-tahunan');
  patch(d);
  return checkDefinition(d).problems.map((p) => `${p.pointer} [${p.code}] ${p.message}`);
}

const C = '/properties/prosesPelayanan/properties/modulLksa/x-visibleIf';

test.each<[string, Patch, string]>([
  ['points for an option that does not exist', (d) => { d.properties.manajemen.properties.visiMisi['x-score'].points['7'] = 1; },
    '/properties/manajemen/properties/visiMisi/x-score/points [score] "manajemen.visiMisi": points untuk "7" yang bukan salah satu pilihan'],
  ['an option without points', (d) => { delete d.properties.manajemen.properties.visiMisi['x-score'].points['3']; },
    '/properties/manajemen/properties/visiMisi/x-score/points [score] "manajemen.visiMisi": pilihan "3" (3 - Lengkap dan sesuai) belum diberi poin'],
  ['N/A value that is not an option', (d) => { d.properties.manajemen.properties.visiMisi['x-score'].notApplicable = ['na']; },
    '/properties/manajemen/properties/visiMisi/x-score/notApplicable [score] "manajemen.visiMisi": nilai "Tidak berlaku" na bukan salah satu pilihan'],
  ['overlapping bands', (d) => { d.properties.sdm.properties.rasioPengasuh['x-score'].bands[1].min = 5; },
    '/properties/sdm/properties/rasioPengasuh/x-score/bands [score] "sdm.rasioPengasuh": band saling tumpang tindih (min inklusif, max eksklusif)'],
  ['bands on a text question', (d) => { d.properties.profil.properties.alamat['x-score'] = { bands: [{ points: 1 }] }; },
    '/properties/profil/properties/alamat/x-score [score] "profil.alamat": bands hanya untuk pertanyaan angka (type number/integer)'],
  ['a maximum that cannot be computed', (d) => { d.properties.manajemen.properties.visiMisi['x-score'].points = { 0: 0, 1: 0, 2: 0, 3: 0, 4: 0 }; },
    '/properties/manajemen/properties/visiMisi/x-score [score] "manajemen.visiMisi": nilai maksimum tidak dapat dihitung (harus > 0)'],
  ['scoring inside a repeat group', (d) => { d.properties.profil.properties.penerimaManfaatUsia.items.properties.lakiLaki['x-score'] = { bands: [{ points: 1 }] }; },
    '/properties/profil/properties/penerimaManfaatUsia/items/properties/lakiLaki/x-score [score] "profil.penerimaManfaatUsia.*.lakiLaki": pertanyaan di dalam daftar berulang tidak dapat dinilai'],
  ['a recommendation that can never show', (d) => { d.properties.profil.properties.alamat['x-recommendation'] = 'Lengkapi alamat.'; },
    '/properties/profil/properties/alamat/x-recommendation [score] x-recommendation pada "profil.alamat" tidak pernah tampil karena pertanyaan ini tidak dinilai (tidak ada x-score)'],
  ['a condition naming a question that does not exist', (d) => { d.properties.prosesPelayanan.properties.modulLksa['x-visibleIf'].properties.profil.required = ['sasaran']; },
    `${C}/properties/profil/required/0 [reference] kondisi merujuk ke "profil.sasaran" yang tidak ada dalam definisi`],
  ['a condition comparing with a value that is not an option', (d) => { d.properties.prosesPelayanan.properties.modulLksa['x-visibleIf'].properties.profil.properties.sasaranPmks.contains.enum.push('anak-yatim'); },
    `${C}/properties/profil/properties/sasaranPmks/contains [reference] kondisi membandingkan "profil.sasaranPmks" dengan "anak-yatim" yang bukan salah satu pilihannya`],
  ['a condition on a later question', (d) => { d.properties.profil.properties.namaYayasan['x-visibleIf'] = { type: 'object', required: ['profil'], properties: { profil: { type: 'object', required: ['kapasitas'] } } }; },
    '/properties/profil/properties/namaYayasan/x-visibleIf/properties/profil/required/0 [reference] kondisi "profil.namaYayasan" merujuk ke "profil.kapasitas" yang letaknya sesudahnya'],
  ['a condition on itself', (d) => { d.properties.profil.properties.namaYayasan['x-visibleIf'] = { type: 'object', properties: { profil: { type: 'object', required: ['namaYayasan'] } } }; },
    '/properties/profil/properties/namaYayasan/x-visibleIf/properties/profil/required/0 [reference] kondisi "profil.namaYayasan" tidak boleh merujuk ke dirinya sendiri'],
  ['a cap naming a missing question', (d) => { d['x-monev'].caps[0].when.properties.manajemen.required = ['tandaDaftarLks']; },
    '/x-monev/caps/0/when/properties/manajemen/required/0 [reference] kondisi merujuk ke "manajemen.tandaDaftarLks" yang tidak ada dalam definisi'],
  ['a cap to an unknown grade', (d) => { d['x-monev'].caps[0].maxGrade = 'E'; }, '/x-monev/caps/0/maxGrade [cap] maxGrade "E" bukan salah satu predikat'],
  ['grades out of order', (d) => { d['x-monev'].grades[2].min = 75; }, '/x-monev/grades/2/min [grade] batas nilai "C" harus lebih kecil dari "B" (urutan dari tertinggi)'],
  ['a last grade that does not start at 0', (d) => { d['x-monev'].grades[3].min = 10; }, '/x-monev/grades/3/min [grade] predikat terakhir harus memiliki min 0 agar setiap nilai mendapat predikat'],
  ['a scored section without weight when others have one', (d) => { delete d.properties.sarpras['x-weight']; },
    '/properties/sarpras [weight] bagian "E. Sarana dan Prasarana" dinilai tetapi tidak memiliki x-weight (bagian lain memiliki bobot)'],
  ['a weight on an unscored section', (d) => { d.properties.profil['x-weight'] = 5; },
    '/properties/profil/x-weight [weight] bagian "Profil Lembaga" memiliki bobot tetapi tidak ada pertanyaan yang dinilai'],
  ['a weight below the top level', (d) => { d.properties.prosesPelayanan.properties.modulLksa['x-weight'] = 5; },
    '/properties/prosesPelayanan/properties/modulLksa/x-weight [weight] x-weight hanya boleh pada bagian tingkat atas, bukan pada "prosesPelayanan.modulLksa"'],
  ['$id not matching id and version', (d) => { d['x-monev'].version = '2027.1'; }, '/$id [id] $id harus "urn:monev:form:lks-monev-tahunan:2027.1" (sesuai x-monev.id dan x-monev.version)'],
  ['a question without title', (d) => { delete d.properties.profil.properties.kecamatan.title; }, '/properties/profil/properties/kecamatan [structure] "profil.kecamatan" memerlukan title (label dalam Bahasa Indonesia)'],
  ['a top-level property that is not a section', (d) => { d.properties.catatan = { type: 'string', title: 'Catatan', maxLength: 10 }; },
    '/properties/catatan [structure] "catatan" di tingkat atas harus berupa bagian (objek dengan properties)'],
  ['evidence min above max', (d) => { d.properties.manajemen.properties.adArt['x-evidence'].min = 5; }, '/properties/manajemen/properties/adArt/x-evidence [structure] "manajemen.adArt": x-evidence.min lebih besar dari max'],
  ['a key that is not camelCase', (d) => { d.properties.profil.properties['nama lembaga'] = d.properties.profil.properties.namaLembaga; },
    '/properties/profil/properties/nama lembaga [key] kunci "nama lembaga" tidak valid: gunakan huruf/angka camelCase tanpa spasi (maks. 64 karakter)'],
  ['free text without maxLength', (d) => { delete d.properties.profil.properties.alamat.maxLength; }, '/properties/profil/properties/alamat [limits] teks bebas memerlukan maxLength paling banyak 20000'],
  ['an object that accepts unknown answers', (d) => { delete d.properties.hasil.additionalProperties; }, '/properties/hasil [limits] objek memerlukan "additionalProperties": false agar jawaban yang tidak dikenal ditolak'],
  ['a wrongly typed annotation', (d) => { d.properties.sdm['x-weight'] = 'lima belas'; }, '/properties/sdm/x-weight [meta] harus bertipe number'],
  ['an unknown widget', (d) => { d.properties.sdm.properties.relawan['x-widget'] = 'slider'; }, expect.stringContaining('/properties/sdm/properties/relawan/x-widget [meta] harus salah satu dari: "text"')],
  ['x-score with both points and bands', (d) => { d.properties.sdm.properties.rasioPengasuh['x-score'].points = { 1: 1 }; },
    '/properties/sdm/properties/rasioPengasuh/x-score [meta] harus memenuhi tepat satu bentuk yang diizinkan (mis. x-score: points ATAU bands)'],
  ['strict Ajv: required name not declared', (d) => { d.properties.sdm.required.push('tidakAda'); },
    expect.stringMatching(/^\/properties\/sdm \[compile\] Ajv \(mode ketat\) menolak skema: strict mode: required property "tidakAda" is not defined/)],
  ['strict Ajv inside a condition: properties without type', (d) => { delete d.properties.prosesPelayanan.properties.modulLksa['x-visibleIf'].type; },
    expect.stringMatching(/^\/properties\/prosesPelayanan\/properties\/modulLksa\/x-visibleIf \[compile\] .*missing type "object"/)],
])('%s', (_name, patch, expected) => {
  expect(lksProblems(patch)).toEqual([expected]);
});

test('several mistakes are all listed in one check', () => {
  const problems = lksProblems((d) => {
    d['x-monev'].caps[0].maxGrade = 'E';
    delete d.properties.sarpras['x-weight'];
    d.properties.manajemen.properties.visiMisi['x-score'].points['9'] = 1;
  });
  expect(problems).toHaveLength(3);
});

test('without any x-weight every scored section weighs the same', () => {
  const r = checkTiny((d) => { delete d.properties.satu['x-weight']; delete d.properties.dua['x-weight']; });
  expect(r.definition?.sections.map((s) => s.weight)).toEqual([1, 1]);
});

test('the problem list is bounded', () => {
  const r = checkTiny((d) => {
    for (let i = 0; i < 150; i++) d.properties.satu.properties[`t${i}`] = { type: 'string', title: 'T' };
  });
  expect(r.problems).toHaveLength(101);
  expect(r.problems[100].message).toBe('… dan 50 masalah lain');
});
