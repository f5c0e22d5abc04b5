/** The Monev-style test questionnaire and a filled answer document for it. */
import fs from 'node:fs';
import path from 'node:path';

export function sampleSchema(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'monev-sample.json'), 'utf8'));
}

export function sampleAnswers(): Record<string, unknown> {
  return {
    profil: {
      namaLembaga: 'LKSA Harapan Bangsa',
      tanggalTandaDaftar: '2024-05-01',
      kapasitas: 40,
      rasioPengasuh: 7.5,
      berbadanHukum: true,
      sasaranPmks: ['anak-terlantar', 'disabilitas'],
      kabKota: '36.02',
      catatan: 'Baris satu\nBaris dua',
      penerima: [{ kelompok: '0-5 tahun', jumlah: 12 }, { kelompok: '6-12 tahun', jumlah: 20 }],
    },
    manajemen: { tandaDaftar: 3, ruangTidur: 'na', modulLksa: { asesmenPenerimaan: 'sebagian' } },
  };
}
