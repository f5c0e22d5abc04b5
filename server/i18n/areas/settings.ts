/** UI strings of the admin settings (keys start with 'settings.'). */
export const settingsMessages = {
  'settings.title': 'Pengaturan',
  'settings.lead': 'Pengaturan tampilan dokumen cetak Monev.',
  'settings.emblem.heading': 'Lambang pada kop surat',
  'settings.emblem.lead':
    'Lambang ini dicetak di kop surat setiap dokumen cetak (ringkasan pimpinan dan rapor). Sebelum diunggah, kop surat memakai tempat lambang netral.',
  'settings.emblem.current': 'Lambang yang dipakai sekarang',
  'settings.emblem.placeholder': 'Tempat lambang netral (belum ada lambang yang diunggah).',
  'settings.emblem.file': 'Berkas: {name}, {type}, {size} KB',
  'settings.emblem.fileLabel': 'Berkas lambang baru',
  'settings.emblem.fileHint': 'Gambar PNG, JPG atau WEBP, paling besar {max} KB; sebaiknya persegi dengan latar transparan atau putih.',
  'settings.emblem.upload': 'Unggah lambang',
  'settings.emblem.reset': 'Kembali ke tempat lambang netral',
  'settings.emblem.saved': 'Lambang disimpan. Dokumen cetak berikutnya memakai lambang ini.',
  'settings.emblem.resetDone': 'Kop surat kembali memakai tempat lambang netral.',
  'settings.emblem.missing': 'Pilih berkas gambar lambang terlebih dahulu.',
  'settings.emblem.tooLarge': 'Berkas lambang lebih dari {max} KB. Perkecil gambarnya lalu unggah lagi.',
  'settings.emblem.wrongType': 'Berkas ini bukan gambar PNG, JPG atau WEBP. Gambar SVG dan jenis lain tidak diterima.',
  'settings.emblem.alt': 'Lambang Pemerintah Provinsi Banten',
  'settings.emblem.previewAlt': 'Pratinjau lambang',
} as const;
