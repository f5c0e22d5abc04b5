/**
 * Closed vocabularies of the organisation register, with the Indonesian labels shown to users and
 * the spellings accepted on import. A stored value is always the `code`.
 * Matching ignores case, spaces and punctuation, so "Dalam Panti", "dalam_panti" and "DALAM-PANTI"
 * are the same answer.
 */
export interface Term<C extends string = string> {
  readonly code: C;
  readonly label: string;
  /** Other spellings seen in Dinsos spreadsheets. */
  readonly aliases?: readonly string[];
}

function vocabulary<const T extends readonly Term[]>(terms: T): T {
  return Object.freeze(terms.map((t) => Object.freeze({ ...t }))) as unknown as T;
}

export const JENIS_ORGANISASI = vocabulary([
  { code: 'lks', label: 'LKS (Lembaga Kesejahteraan Sosial)', aliases: ['LKS', 'Lembaga Kesejahteraan Sosial', 'LKSA'] },
  { code: 'karang_taruna', label: 'Karang Taruna', aliases: ['KT'] },
  { code: 'tksk', label: 'TKSK (Tenaga Kesejahteraan Sosial Kecamatan)', aliases: ['TKSK', 'Tenaga Kesejahteraan Sosial Kecamatan'] },
  { code: 'psm', label: 'PSM (Pekerja Sosial Masyarakat)', aliases: ['PSM', 'Pekerja Sosial Masyarakat'] },
] as const);

export const JENIS_PELAYANAN = vocabulary([
  { code: 'lksa_anak', label: 'LKSA (anak)', aliases: ['LKSA', 'Anak', 'Panti Asuhan', 'Pelayanan Anak'] },
  { code: 'lanjut_usia', label: 'Lanjut usia', aliases: ['Lansia', 'Panti Werdha', 'Panti Jompo'] },
  { code: 'disabilitas', label: 'Penyandang disabilitas', aliases: ['Disabilitas', 'Penyandang Cacat'] },
  { code: 'napza', label: 'Korban NAPZA', aliases: ['NAPZA', 'Rehabilitasi NAPZA', 'Narkoba'] },
  { code: 'tuna_sosial_perdagangan_orang', label: 'Tuna sosial dan korban perdagangan orang', aliases: ['Tuna Sosial', 'Korban Perdagangan Orang', 'Trafficking'] },
  { code: 'fakir_miskin', label: 'Fakir miskin / pemberdayaan', aliases: ['Fakir Miskin', 'Pemberdayaan', 'Pemberdayaan Sosial'] },
  { code: 'penanggulangan_bencana', label: 'Penanggulangan bencana', aliases: ['Bencana', 'Kebencanaan'] },
  { code: 'lk3', label: 'LK3 (konsultasi keluarga)', aliases: ['LK3', 'Konsultasi Keluarga', 'Lembaga Konsultasi Kesejahteraan Keluarga'] },
  { code: 'multi_layanan', label: 'Multi-layanan', aliases: ['Multi Layanan', 'Multilayanan', 'Campuran'] },
] as const);

/** The 26 PMKS/PPKS categories (Permensos 08/2012), in the regulation's order. */
export const SASARAN_PMKS = vocabulary([
  { code: 'anak_balita_telantar', label: 'Anak Balita Telantar', aliases: ['Anak Balita Terlantar'] },
  { code: 'anak_telantar', label: 'Anak Telantar', aliases: ['Anak Terlantar'] },
  { code: 'anak_berhadapan_hukum', label: 'Anak yang Berhadapan dengan Hukum', aliases: ['ABH'] },
  { code: 'anak_jalanan', label: 'Anak Jalanan', aliases: ['Anjal'] },
  { code: 'anak_disabilitas', label: 'Anak dengan Kedisabilitasan', aliases: ['ADK', 'Anak Penyandang Disabilitas'] },
  { code: 'anak_korban_kekerasan', label: 'Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah', aliases: ['Anak Korban Kekerasan'] },
  { code: 'anak_perlindungan_khusus', label: 'Anak yang Memerlukan Perlindungan Khusus', aliases: ['AMPK'] },
  { code: 'lanjut_usia_telantar', label: 'Lanjut Usia Telantar', aliases: ['Lansia Telantar', 'Lanjut Usia Terlantar'] },
  { code: 'penyandang_disabilitas', label: 'Penyandang Disabilitas', aliases: ['Penyandang Cacat'] },
  { code: 'tuna_susila', label: 'Tuna Susila' },
  { code: 'gelandangan', label: 'Gelandangan' },
  { code: 'pengemis', label: 'Pengemis' },
  { code: 'pemulung', label: 'Pemulung' },
  { code: 'kelompok_minoritas', label: 'Kelompok Minoritas' },
  { code: 'bekas_warga_binaan_lapas', label: 'Bekas Warga Binaan Lembaga Pemasyarakatan', aliases: ['BWBLP', 'Mantan Narapidana'] },
  { code: 'odha', label: 'Orang dengan HIV/AIDS', aliases: ['ODHA'] },
  { code: 'korban_napza', label: 'Korban Penyalahgunaan NAPZA', aliases: ['Korban NAPZA'] },
  { code: 'korban_perdagangan_orang', label: 'Korban Perdagangan Orang', aliases: ['Korban Trafficking'] },
  { code: 'korban_tindak_kekerasan', label: 'Korban Tindak Kekerasan', aliases: ['KTK'] },
  { code: 'pekerja_migran_bermasalah', label: 'Pekerja Migran Bermasalah Sosial', aliases: ['PMBS'] },
  { code: 'korban_bencana_alam', label: 'Korban Bencana Alam' },
  { code: 'korban_bencana_sosial', label: 'Korban Bencana Sosial' },
  { code: 'perempuan_rawan_sosial_ekonomi', label: 'Perempuan Rawan Sosial Ekonomi', aliases: ['PRSE'] },
  { code: 'fakir_miskin', label: 'Fakir Miskin' },
  { code: 'keluarga_bermasalah_sosial_psikologis', label: 'Keluarga Bermasalah Sosial Psikologis', aliases: ['KBSP'] },
  { code: 'komunitas_adat_terpencil', label: 'Komunitas Adat Terpencil', aliases: ['KAT'] },
] as const);

export const LOKASI_PELAYANAN = vocabulary([
  { code: 'dalam_panti', label: 'Dalam panti', aliases: ['Panti'] },
  { code: 'luar_panti', label: 'Luar panti', aliases: ['Non Panti', 'Berbasis Masyarakat'] },
  { code: 'daycare', label: 'Daycare', aliases: ['Day Care', 'Penitipan Harian'] },
] as const);

export const STATUS_BADAN_HUKUM = vocabulary([
  { code: 'berbadan_hukum', label: 'Berbadan hukum', aliases: ['Ya', 'Sudah', 'Badan Hukum', 'Yayasan', 'Perkumpulan'] },
  { code: 'belum_berbadan_hukum', label: 'Belum berbadan hukum', aliases: ['Tidak', 'Belum', 'Tidak Berbadan Hukum'] },
] as const);

export const PENERBIT_TANDA_DAFTAR = vocabulary([
  { code: 'dinsos_kabkota', label: 'Dinas Sosial kabupaten/kota', aliases: ['Dinsos Kabupaten', 'Dinsos Kota', 'Dinsos Kab/Kota', 'Kabupaten/Kota'] },
  { code: 'dinsos_provinsi', label: 'Dinas Sosial provinsi', aliases: ['Dinsos Provinsi', 'Dinsos Banten', 'Provinsi'] },
  { code: 'kemensos', label: 'Kementerian Sosial', aliases: ['Kemensos', 'Kementerian Sosial RI'] },
] as const);

export const STATUS_AKREDITASI = vocabulary([
  { code: 'A', label: 'A', aliases: ['Terakreditasi A', 'Akreditasi A'] },
  { code: 'B', label: 'B', aliases: ['Terakreditasi B', 'Akreditasi B'] },
  { code: 'C', label: 'C', aliases: ['Terakreditasi C', 'Akreditasi C'] },
  { code: 'belum', label: 'Belum terakreditasi', aliases: ['Belum', 'Tidak', 'Belum Akreditasi'] },
  { code: 'proses', label: 'Dalam proses akreditasi', aliases: ['Proses', 'Dalam Proses', 'Sedang Proses'] },
] as const);

export type JenisOrganisasi = (typeof JENIS_ORGANISASI)[number]['code'];
export type JenisPelayanan = (typeof JENIS_PELAYANAN)[number]['code'];
export type SasaranPmks = (typeof SASARAN_PMKS)[number]['code'];
export type LokasiPelayanan = (typeof LOKASI_PELAYANAN)[number]['code'];
export type StatusBadanHukum = (typeof STATUS_BADAN_HUKUM)[number]['code'];
export type PenerbitTandaDaftar = (typeof PENERBIT_TANDA_DAFTAR)[number]['code'];
export type StatusAkreditasi = (typeof STATUS_AKREDITASI)[number]['code'];

/** Lower-case letters and digits only: the form in which spellings are compared. */
export function comparableText(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Find a term by code, label or alias. With `byNumber`, a 1-based number selects by position
 * (PMKS categories are numbered in the regulation; spreadsheets often say "2").
 * Undefined when nothing matches.
 */
export function matchTerm<T extends Term>(terms: readonly T[], text: string, options: { byNumber?: boolean } = {}): T | undefined {
  const wanted = comparableText(text);
  if (wanted === '') return undefined;
  if (options.byNumber && /^\d{1,2}$/.test(text.trim())) return terms[Number(text.trim()) - 1];
  return spellingIndex(terms).get(wanted) as T | undefined;
}

/** Comparable spelling → term, built once per vocabulary (imports match thousands of cells). */
const indexes = new WeakMap<readonly Term[], Map<string, Term>>();
function spellingIndex(terms: readonly Term[]): Map<string, Term> {
  let index = indexes.get(terms);
  if (!index) {
    index = new Map();
    for (const t of terms) {
      for (const spelling of [t.code, t.label, ...(t.aliases ?? [])]) {
        const key = comparableText(spelling);
        if (!index.has(key)) index.set(key, t); // first term wins, as a linear search would
      }
    }
    indexes.set(terms, index);
  }
  return index;
}

export function labelOf<T extends Term>(terms: readonly T[], code: string): string {
  return terms.find((t) => t.code === code)?.label ?? code;
}
