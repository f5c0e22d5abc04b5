/**
 * Shared data for the admin integration tests: valid organisation form bodies, CSV text in the
 * shape Dinsos spreadsheets have, and a direct insert for setting up scoped rows.
 */
import { Organisation } from '../../../server/model/organisation';
import { AuditEntry } from '../../../server/model/audit';

/** A complete, valid organisation as the admin form posts it. */
export function orgForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    nama: 'LKSA Harapan Bunda',
    namaYayasan: 'Yayasan Harapan Bunda',
    jenisOrganisasi: 'lks',
    jenisPelayanan: 'lksa_anak',
    lokasiPelayanan: 'dalam_panti',
    tahunBerdiri: '2004',
    sasaranPmks: ['anak_telantar', 'anak_balita_telantar'],
    alamat: 'Jl. Raya Rangkasbitung No. 12, RT 02/RW 03',
    desaKelurahan: 'Muara Ciujung Timur',
    kabkota: '36.02',
    kecamatan: '36.02.14',
    ketua: 'Siti Aminah',
    telepon: '0812-3456-7890',
    email: 'harapan.bunda@example.org',
    statusBadanHukum: 'berbadan_hukum',
    npwp: '01.234.567.8-901.000',
    tandaDaftarNomor: '460/123/Dinsos/2021',
    tandaDaftarTanggal: '2021-03-01',
    tandaDaftarPenerbit: 'dinsos_kabkota',
    tandaDaftarBerlaku: '2026-03-01',
    kapasitas: '40',
    penerimaManfaatL: '18',
    penerimaManfaatP: '15',
    akreditasiStatus: 'B',
    akreditasiTanggal: '2022-05-10',
    ...overrides,
  };
}

/** Inserts an organisation straight into the register (test setup). */
export async function insertOrg(nama: string, kabkotaCode: string, kecamatanCode: string, extra: Record<string, unknown> = {}): Promise<string> {
  const doc = await Organisation.create({
    identity: { nama, jenisOrganisasi: 'lks', jenisPelayanan: 'lanjut_usia', sasaranPmks: [] },
    location: { alamat: 'Jl. Uji 1', kecamatanCode, kabkotaCode },
    accreditation: { status: 'belum' },
    ...extra,
  });
  return String(doc._id);
}

export const CSV_HEADER = 'Nama Lembaga;Jenis Organisasi;Jenis Pelayanan;Alamat;Kecamatan;Kabupaten/Kota;NPWP;Telepon;Tahun Berdiri';

/** A semicolon CSV (Indonesian Excel) with a BOM and CRLF line ends. */
export function csv(lines: string[]): Buffer {
  return Buffer.from(`\ufeff${[CSV_HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');
}

export const GOOD_ROWS = [
  'LKS Lansia Sejahtera;LKS;Lanjut usia;Jl. Sudirman 1;36.03.01;Kabupaten Tangerang;01.111.222.3-444.000;0812-1111-2222;1999',
  'Panti Asuhan Al-Ikhlas;LKS;LKSA;Jl. Ahmad Yani 5;Labuan;Kabupaten Pandeglang;;(0253) 123456;2010',
  'Karang Taruna Tunas Muda;Karang Taruna;;Kp. Baru RT 01/RW 02;36.73.01;Kota Serang;;;2015',
];

export async function auditActions(action: string): Promise<Record<string, unknown>[]> {
  return AuditEntry.find({ action }).sort({ at: 1 }).lean();
}
