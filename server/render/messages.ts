/**
 * UI strings of the questionnaire renderer, Bahasa Indonesia. Kept here until the lead merges them
 * into the app catalogue (server/i18n/); keys are prefixed `form.` so they can move unchanged.
 * `{n}`-style placeholders are filled by `fmt` and the result is escaped like any other value.
 */
export const formMessages = {
  'form.required': 'Wajib diisi',
  'form.requiredSr': '(wajib diisi)',
  'form.optional': '(tidak wajib)',
  'form.errorSummaryTitle': 'Perbaiki isian berikut',
  'form.errorPrefix': 'Kesalahan:',
  'form.addRow': 'Tambah baris',
  'form.removeRow': 'Hapus baris',
  'form.removeRowN': 'Hapus baris {n}',
  'form.rowN': 'Baris {n}',
  'form.itemN': 'Butir {n}',
  'form.noRows': 'Belum ada baris.',
  'form.yes': 'Ya',
  'form.no': 'Tidak',
  'form.notApplicable': 'Tidak berlaku',
  'form.notAnswered': 'Tidak diisi',
  'form.chooseOne': '— Pilih —',
  'form.chooseAlternative': 'Pilih jenis isian',
  'form.alternativeN': 'Pilihan {n}',
  'form.jsonHint': 'Isian dalam format JSON.',
  'form.extraTitle': 'Isian tambahan',
  'form.extraHint': 'Pasangan nama dan nilai lain dalam format JSON, misalnya {"nama": "nilai"}.',
  'form.tooDeep': 'Bagian ini bersarang terlalu dalam untuk ditampilkan sebagai isian terpisah; isiannya ditampilkan dalam format JSON.',
  'form.unsupportedRef': 'Definisi bagian ini merujuk ke skema lain yang tidak tersedia; isiannya ditampilkan dalam format JSON.',
  'form.evidence': 'Bukti dukung',
  'form.evidenceAttached': 'Berkas terlampir',
  'form.evidenceNone': 'Belum ada berkas terlampir.',
  'form.evidenceUpload': 'Unggah berkas',
  'form.evidenceRules': 'Jenis berkas: {types}. Ukuran maksimal {size} per berkas.',
  'form.evidenceCount': 'Lampirkan {min} sampai {max} berkas.',
  'form.evidenceInvalid': 'Berkas ditolak',
  'form.evidenceRemove': 'Hapus berkas {name}',
  'form.evaluatorOnly': 'Diisi oleh evaluator',
  'form.readOnlyNote': 'Tidak dapat diubah',
  'form.save': 'Simpan',
  'form.remove': 'Hapus',
  'form.scaleOf': 'Skala {min}–{max}',
} as const;

export type FormMessageKey = keyof typeof formMessages;

export function msg(key: FormMessageKey, vars?: Record<string, string | number>): string {
  const template: string = formMessages[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/** The catalogue with short keys (`addRow`), as the partials read it: `{{m.addRow}}`. */
export const templateMessages: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.entries(formMessages).map(([k, v]) => [k.slice('form.'.length), v])),
);
