/**
 * The flat fields of a register record as they appear in forms and spreadsheet columns, with the
 * Indonesian column header written on exports and the other spellings accepted on import.
 * Header matching ignores case, spaces and punctuation ("NAMA LEMBAGA", "nama_lembaga" and
 * "Nama Lembaga" are one column). Columns listed in IGNORED_HEADERS (row numbers, the computed
 * accreditation end) are skipped; any other unknown column rejects the import, so a typo in a
 * header can never silently drop a column.
 */
import type { CellValue } from './record';
import { comparableText } from './vocabularies';

export interface FieldSpec {
  readonly key: string;
  /** The column header used in templates and exports. */
  readonly header: string;
  readonly aliases: readonly string[];
  /** Required in every row ('lks': required when Jenis Organisasi is LKS). */
  readonly required?: true | 'lks';
  /** One-line hint for templates and forms. */
  readonly hint: string;
}

const FIELD_TABLE = [
  { key: 'nama', header: 'Nama Lembaga', aliases: ['Nama', 'Nama Organisasi', 'Nama LKS'], required: true, hint: 'Nama resmi lembaga' },
  { key: 'namaYayasan', header: 'Nama Yayasan Induk', aliases: ['Nama Yayasan', 'Yayasan', 'Yayasan Induk'], hint: 'Kosongkan bila tidak ada' },
  { key: 'jenisOrganisasi', header: 'Jenis Organisasi', aliases: ['Jenis Lembaga'], required: true, hint: 'LKS, Karang Taruna, TKSK atau PSM' },
  { key: 'jenisPelayanan', header: 'Jenis Pelayanan', aliases: ['Jenis Layanan'], required: 'lks', hint: 'Wajib untuk LKS, mis. LKSA (anak), Lanjut usia' },
  { key: 'sasaranPmks', header: 'Sasaran PMKS', aliases: ['Sasaran', 'Sasaran PPKS', 'Sasaran Pelayanan'], hint: 'Nama atau nomor 1-26, pisahkan dengan titik koma' },
  { key: 'lokasiPelayanan', header: 'Lokasi Pelayanan', aliases: ['Dalam/Luar Panti', 'Sifat Pelayanan', 'Bentuk Pelayanan'], hint: 'Dalam panti, Luar panti atau Daycare' },
  { key: 'tahunBerdiri', header: 'Tahun Berdiri', aliases: ['Tahun Pendirian'], hint: 'Empat angka, mis. 1998' },
  { key: 'statusAktif', header: 'Status Aktif', aliases: ['Aktif', 'Keaktifan'], hint: 'Aktif atau Tidak aktif; kosong berarti aktif' },
  { key: 'statusBadanHukum', header: 'Status Badan Hukum', aliases: ['Badan Hukum'], hint: 'Berbadan hukum atau Belum berbadan hukum' },
  { key: 'aktaNomor', header: 'Nomor Akta Notaris', aliases: ['No Akta', 'Nomor Akta', 'Akta Notaris'], hint: '' },
  { key: 'aktaTanggal', header: 'Tanggal Akta Notaris', aliases: ['Tanggal Akta'], hint: 'tanggal/bulan/tahun' },
  { key: 'aktaNotaris', header: 'Nama Notaris', aliases: ['Notaris'], hint: '' },
  { key: 'skKemenkumham', header: 'Nomor SK Kemenkumham', aliases: ['SK Kemenkumham', 'SK AHU', 'Nomor AHU', 'No SK Kemenkumham'], hint: 'Nomor AHU pengesahan badan hukum' },
  { key: 'npwp', header: 'NPWP', aliases: ['Nomor NPWP', 'No NPWP'], hint: '15 atau 16 digit; ketik sebagai teks' },
  { key: 'tandaDaftarNomor', header: 'Nomor Tanda Daftar', aliases: ['Tanda Daftar', 'No Tanda Daftar', 'Nomor Tanda Daftar LKS'], hint: '' },
  { key: 'tandaDaftarTanggal', header: 'Tanggal Tanda Daftar', aliases: ['Tanggal Terbit Tanda Daftar'], hint: 'tanggal/bulan/tahun' },
  { key: 'tandaDaftarPenerbit', header: 'Penerbit Tanda Daftar', aliases: ['Penerbit'], hint: 'Dinsos kab/kota, Dinsos provinsi atau Kemensos' },
  { key: 'tandaDaftarBerlaku', header: 'Tanda Daftar Berlaku Sampai', aliases: ['Masa Berlaku Tanda Daftar', 'Tanda Daftar Berlaku Hingga'], hint: 'tanggal/bulan/tahun' },
  { key: 'alamat', header: 'Alamat', aliases: ['Alamat Lengkap', 'Alamat Lembaga'], required: true, hint: 'Jalan, RT/RW' },
  { key: 'desaKelurahan', header: 'Desa/Kelurahan', aliases: ['Desa', 'Kelurahan', 'Desa Kelurahan'], hint: '' },
  { key: 'kecamatan', header: 'Kecamatan', aliases: ['Kode Kecamatan', 'Nama Kecamatan'], required: true, hint: 'Kode (36.01.12) atau nama kecamatan' },
  { key: 'kabkota', header: 'Kabupaten/Kota', aliases: ['Kode Kabupaten/Kota', 'Kab/Kota', 'Kabkota', 'Kode Kabkota', 'Kabupaten Kota'], required: true, hint: 'Kode (36.01) atau nama, mis. Kabupaten Lebak' },
  { key: 'lintang', header: 'Lintang', aliases: ['Latitude', 'Lat'], hint: 'Desimal, mis. -6,1234' },
  { key: 'bujur', header: 'Bujur', aliases: ['Longitude', 'Lon', 'Lng', 'Long'], hint: 'Desimal, mis. 106,1500' },
  { key: 'ketua', header: 'Nama Ketua/Pimpinan', aliases: ['Ketua', 'Pimpinan', 'Nama Ketua', 'Nama Pimpinan'], hint: '' },
  { key: 'telepon', header: 'Telepon', aliases: ['No Telepon', 'Nomor Telepon', 'Telp', 'No Telp', 'HP', 'No HP', 'Nomor HP', 'WhatsApp', 'No WA'], hint: 'mis. 0812-3456-7890' },
  { key: 'email', header: 'Email', aliases: ['E-mail', 'Surel', 'Alamat Email'], hint: '' },
  { key: 'kapasitas', header: 'Kapasitas', aliases: ['Daya Tampung'], hint: 'Jumlah orang' },
  { key: 'penerimaManfaatL', header: 'Penerima Manfaat Laki-laki', aliases: ['PM Laki-laki', 'Penerima Manfaat L', 'Jumlah PM L'], hint: 'Jumlah orang' },
  { key: 'penerimaManfaatP', header: 'Penerima Manfaat Perempuan', aliases: ['PM Perempuan', 'Penerima Manfaat P', 'Jumlah PM P'], hint: 'Jumlah orang' },
  { key: 'jumlahPengurus', header: 'Jumlah Pengurus', aliases: ['Pengurus'], hint: '' },
  { key: 'jumlahStaf', header: 'Jumlah Pengasuh/Staf', aliases: ['Jumlah Staf', 'Jumlah Pengasuh', 'Pengasuh/Staf', 'Staf'], hint: '' },
  { key: 'pekerjaSosial', header: 'Pekerja Sosial Bersertifikat', aliases: ['Jumlah Pekerja Sosial Bersertifikat', 'Peksos Bersertifikat'], hint: '' },
  { key: 'akreditasiStatus', header: 'Status Akreditasi', aliases: ['Akreditasi'], hint: 'A, B, C, Belum atau Proses; kosong berarti belum' },
  { key: 'akreditasiNomor', header: 'Nomor Sertifikat Akreditasi', aliases: ['Nomor Sertifikat', 'No Sertifikat Akreditasi'], hint: '' },
  { key: 'akreditasiTanggal', header: 'Tanggal Akreditasi', aliases: ['Tanggal Sertifikat Akreditasi'], hint: 'Wajib bila status A, B atau C' },
] as const satisfies readonly FieldSpec[];

export type FieldKey = (typeof FIELD_TABLE)[number]['key'];

/** The fields in form and export order. Keys are internal names (form inputs), not header spellings. */
export const FIELDS: readonly (FieldSpec & { readonly key: FieldKey })[] = FIELD_TABLE;

/** Columns accepted and skipped: row numbers, and the computed accreditation end that exports add. */
export const IGNORED_HEADERS: readonly string[] = ['No', 'No.', 'No Urut', 'Nomor Urut', 'Akreditasi Berlaku Sampai'];

const byHeader = new Map<string, FieldKey>();
for (const field of FIELDS) {
  for (const spelling of [field.header, ...field.aliases]) byHeader.set(comparableText(spelling), field.key);
}
const ignored = new Set(IGNORED_HEADERS.map(comparableText));

export function fieldSpec(key: FieldKey): FieldSpec {
  return FIELDS.find((f) => f.key === key) as FieldSpec;
}

/** Map one header cell to a field, 'ignored', or undefined for an unknown column. */
export function fieldForHeader(header: string): FieldKey | 'ignored' | undefined {
  const key = comparableText(header);
  if (ignored.has(key)) return 'ignored';
  return byHeader.get(key);
}

/** A record as flat field values: a form post, or one spreadsheet row after header mapping. */
export type FlatOrganisation = Partial<Record<FieldKey, CellValue>>;
