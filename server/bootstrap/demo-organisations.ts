/**
 * The demo register: 40 made-up organisations across the 8 kabupaten/kota of Banten (mostly LKS,
 * plus Karang Taruna and TKSK), every name ending in " (Demo)". Each is written as the flat
 * fields an admin would type and goes through the real `buildOrganisation`, so the demo data obeys
 * the same rules as real data. Dates are relative to `now` so validity looks current.
 */
import { kecamatanOf } from '../data/regions';
import { buildOrganisation } from '../domain/register/build';
import type { FlatOrganisation } from '../domain/register/fields';
import type { OrganisationRecord } from '../domain/register/record';
import { addYears, wibDate } from '../domain/register/validity';
import type { Rng } from './demo-random';

export const DEMO_SUFFIX = ' (Demo)';

type Row = [nama: string, jenis: 'lks' | 'karang_taruna' | 'tksk', pelayanan: string | null, lokasi: string | null, sasaran: string, kabkota: string];

/** [name, jenis, jenis pelayanan, lokasi, sasaran PMKS (labels; codes), kabupaten/kota code] */
const ROWS: readonly Row[] = [
  ['LKSA Darul Aitam', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar;anak_balita_telantar', '36.01'],
  ['LKSA Nurul Huda Labuan', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar', '36.01'],
  ['Panti Werdha Kasih Ibu', 'lks', 'lanjut_usia', 'dalam_panti', 'lanjut_usia_telantar', '36.01'],
  ['LKS Disabilitas Karya Mandiri', 'lks', 'disabilitas', 'luar_panti', 'penyandang_disabilitas;anak_disabilitas', '36.01'],
  ['LKS Pemberdayaan Tani Sejahtera', 'lks', 'fakir_miskin', 'luar_panti', 'fakir_miskin;perempuan_rawan_sosial_ekonomi', '36.01'],
  ['LKS Tanggap Bencana Siaga Pesisir', 'lks', 'penanggulangan_bencana', 'luar_panti', 'korban_bencana_alam', '36.01'],
  ['LKSA Al-Hikmah Rangkasbitung', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar;anak_perlindungan_khusus', '36.02'],
  ['LKSA Baitul Rahmah', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar', '36.02'],
  ['LKS Lansia Budi Mulia', 'lks', 'lanjut_usia', 'luar_panti', 'lanjut_usia_telantar', '36.02'],
  ['LKS Masyarakat Adat Baduy Sejahtera', 'lks', 'fakir_miskin', 'luar_panti', 'komunitas_adat_terpencil;fakir_miskin', '36.02'],
  ['LKSA Cahaya Ummat Malingping', 'lks', 'lksa_anak', 'daycare', 'anak_balita_telantar', '36.02'],
  ['LKS Rehabilitasi Sosial Rumah Pulih', 'lks', 'napza', 'dalam_panti', 'korban_napza', '36.02'],
  ['LKSA Bina Insani Balaraja', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar;anak_jalanan', '36.03'],
  ['Panti Sosial Tresna Werdha Mandiri', 'lks', 'lanjut_usia', 'dalam_panti', 'lanjut_usia_telantar', '36.03'],
  ['LKS Penyandang Disabilitas Bina Daksa', 'lks', 'disabilitas', 'dalam_panti', 'penyandang_disabilitas', '36.03'],
  ['LK3 Keluarga Sakinah Tigaraksa', 'lks', 'lk3', 'luar_panti', 'keluarga_bermasalah_sosial_psikologis', '36.03'],
  ['LKS Pekerja Migran Purna Mandiri', 'lks', 'tuna_sosial_perdagangan_orang', 'luar_panti', 'pekerja_migran_bermasalah;korban_perdagangan_orang', '36.03'],
  ['LKSA Mutiara Hati Kramatwatu', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar', '36.04'],
  ['LKS Lansia Sejahtera Anyar', 'lks', 'lanjut_usia', 'luar_panti', 'lanjut_usia_telantar', '36.04'],
  ['LKS Usaha Bersama Pontang', 'lks', 'fakir_miskin', 'luar_panti', 'fakir_miskin', '36.04'],
  ['LKSA Putra Harapan Ciruas', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar;anak_korban_kekerasan', '36.04'],
  ['LKS Multi Layanan Amanah', 'lks', 'multi_layanan', 'luar_panti', 'fakir_miskin;lanjut_usia_telantar;anak_telantar', '36.04'],
  ['LKS Rumah Singgah Mentari', 'lks', 'tuna_sosial_perdagangan_orang', 'dalam_panti', 'anak_jalanan;gelandangan;pengemis', '36.71'],
  ['LKSA Yatim Piatu Al-Ikhlas', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar', '36.71'],
  ['LKS Tuna Netra Cahaya Hati', 'lks', 'disabilitas', 'dalam_panti', 'penyandang_disabilitas', '36.71'],
  ['IPWL Harapan Baru Cipondoh', 'lks', 'napza', 'luar_panti', 'korban_napza;odha', '36.71'],
  ['LKSA Darul Falah Cilegon', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar;anak_balita_telantar', '36.72'],
  ['LKS Lansia Griya Asih Cilegon', 'lks', 'lanjut_usia', 'daycare', 'lanjut_usia_telantar', '36.72'],
  ['LKS Pemberdayaan Perempuan Pesisir', 'lks', 'fakir_miskin', 'luar_panti', 'perempuan_rawan_sosial_ekonomi', '36.72'],
  ['LKSA Raudhatul Jannah Serang', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar', '36.73'],
  ['LKS Perlindungan Anak Kasemen', 'lks', 'lksa_anak', 'luar_panti', 'anak_berhadapan_hukum;anak_korban_kekerasan', '36.73'],
  ['LK3 Mitra Keluarga Taktakan', 'lks', 'lk3', 'luar_panti', 'keluarga_bermasalah_sosial_psikologis;korban_tindak_kekerasan', '36.73'],
  ['LKSA Tunas Bangsa Serpong', 'lks', 'lksa_anak', 'dalam_panti', 'anak_telantar', '36.74'],
  ['LKS Autisme Pelita Ciputat', 'lks', 'disabilitas', 'daycare', 'anak_disabilitas', '36.74'],
  ['LKS Lansia Bahagia Pamulang', 'lks', 'lanjut_usia', 'dalam_panti', 'lanjut_usia_telantar', '36.74'],
  ['LKS Peduli ODHA Pondok Aren', 'lks', 'multi_layanan', 'luar_panti', 'odha;korban_napza', '36.74'],
  ['Karang Taruna Tunas Muda Cibadak', 'karang_taruna', null, null, '', '36.02'],
  ['Karang Taruna Bina Remaja Kasemen', 'karang_taruna', null, null, '', '36.73'],
  ['TKSK Kecamatan Labuan', 'tksk', null, null, 'fakir_miskin', '36.01'],
  ['TKSK Kecamatan Serpong', 'tksk', null, null, 'fakir_miskin', '36.74'],
];

const STREETS = ['Jl. Raya', 'Jl. Siliwangi', 'Jl. Sultan Ageng Tirtayasa', 'Jl. Maulana Hasanudin', 'Jl. KH. Abdul Hadi', 'Jl. Syekh Nawawi Al-Bantani', 'Jl. Veteran', 'Jl. Pahlawan', 'Jl. Ki Mas Jong', 'Jl. Ahmad Yani'];
const DESA = ['Sukamaju', 'Sukajaya', 'Mekarsari', 'Sindangsari', 'Margasari', 'Tanjungsari', 'Karangsari', 'Sukaresmi', 'Pasir Jaya', 'Sumberjaya', 'Mekarjaya', 'Cikupa'];
const PEOPLE = ['H. Ahmad Fauzi', 'Hj. Siti Maryam', 'Dede Rohmat', 'Rina Marlina', 'Ujang Suherman', 'Nurhasanah', 'Iwan Setiawan', 'Euis Kurniasih', 'Asep Saepudin', 'Lilis Suryani', 'Agus Salim', 'Yayah Rokayah', 'Ade Supriatna', 'Neneng Hasanah', 'Jajang Nurjaman', 'Tuti Alawiyah'];
const NOTARIES = ['Rudi Hartono, S.H., M.Kn.', 'Hj. Ratna Dewi, S.H.', 'Bambang Irawan, S.H., M.Kn.', 'Dian Puspitasari, S.H., M.Kn.'];

function date(rng: Rng, yearsAgoMin: number, yearsAgoMax: number, today: string): string {
  const year = Number(today.slice(0, 4)) - rng.int(yearsAgoMin, yearsAgoMax);
  const d = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  return d > today ? `${year - 1}${d.slice(4)}` : d;
}

function flatFor(row: Row, index: number, rng: Rng, today: string): FlatOrganisation {
  const [nama, jenis, pelayanan, lokasi, sasaran, kabkota] = row;
  const kecamatan = rng.pick(kecamatanOf(kabkota));
  const ketua = rng.pick(PEOPLE);
  const slug = nama.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
  const flat: Record<string, string | number | undefined> = {
    nama: `${nama}${DEMO_SUFFIX}`, jenisOrganisasi: jenis, jenisPelayanan: pelayanan ?? undefined, lokasiPelayanan: lokasi ?? undefined,
    sasaranPmks: sasaran || undefined, tahunBerdiri: rng.int(1975, Number(today.slice(0, 4)) - 6),
    alamat: `${rng.pick(STREETS)} No. ${rng.int(1, 180)}, RT 0${rng.int(1, 9)}/RW 0${rng.int(1, 9)}`,
    desaKelurahan: rng.pick(DESA), kecamatan: kecamatan.kode, kabkota,
    ketua, telepon: `08${rng.pick(['12', '13', '21', '52', '57', '77', '95'])}${String(rng.int(10_000_000, 99_999_999))}`,
    email: `${slug.slice(0, 30).replace(/\.+$/, '')}@contoh.id`,
  };
  if (jenis !== 'lks') return flat as FlatOrganisation;
  const residential = lokasi === 'dalam_panti';
  const capacity = residential ? rng.int(20, 80) : rng.int(30, 200);
  const served = Math.round(capacity * (0.6 + rng.next() * 0.35));
  const male = Math.round(served * (0.35 + rng.next() * 0.3));
  Object.assign(flat, {
    namaYayasan: `Yayasan ${nama.replace(/^(LKSA|LKS|LK3|IPWL|Panti Werdha|Panti Sosial Tresna Werdha)\s+/, '')}`,
    statusBadanHukum: 'berbadan_hukum', aktaNomor: String(rng.int(1, 120)), aktaTanggal: `${Math.min(Number(flat.tahunBerdiri) + rng.int(0, 2), Number(today.slice(0, 4)) - 1)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`, aktaNotaris: rng.pick(NOTARIES),
    skKemenkumham: `AHU-00${rng.int(10000, 99999)}.AH.01.04.Tahun ${Number(today.slice(0, 4)) - rng.int(3, 12)}`,
    npwp: `0${rng.int(1, 9)}${String(rng.int(1_000_000, 9_999_999))}${rng.int(401, 499)}000`.slice(0, 15),
    kapasitas: capacity, penerimaManfaatL: male, penerimaManfaatP: served - male,
    jumlahPengurus: rng.int(5, 15), jumlahStaf: rng.int(3, 25), pekerjaSosial: rng.int(0, 4),
  });
  // Most have a valid Tanda Daftar; a few expired or missing (the knock-out rule shows in reports).
  const td = index % 9 === 4 ? 'expired' : index % 11 === 7 ? 'none' : 'valid';
  if (td !== 'none') {
    const issued = td === 'expired' ? date(rng, 6, 8, today) : date(rng, 0, 4, today);
    Object.assign(flat, {
      tandaDaftarNomor: `460/${rng.int(100, 999)}/Dinsos/${issued.slice(0, 4)}`, tandaDaftarTanggal: issued,
      tandaDaftarPenerbit: rng.pick(['dinsos_kabkota', 'dinsos_kabkota', 'dinsos_provinsi']), tandaDaftarBerlaku: addYears(issued, 5),
    });
  }
  const grade = rng.pick(['A', 'B', 'B', 'C', 'belum', 'belum', 'belum', 'proses']);
  flat.akreditasiStatus = grade;
  if (grade === 'A' || grade === 'B' || grade === 'C') {
    flat.akreditasiNomor = `BALKS/${rng.int(2017, Number(today.slice(0, 4)) - 1)}/${String(rng.int(1, 999)).padStart(4, '0')}`;
    flat.akreditasiTanggal = date(rng, 1, 4, today);
  }
  return flat as FlatOrganisation;
}

export interface DemoOrganisation { record: OrganisationRecord; kabkotaCode: string }

/** All demo organisations as validated register records (throws if one breaks the rules). */
export function demoOrganisations(rng: Rng, now: Date): DemoOrganisation[] {
  const today = wibDate(now);
  return ROWS.map((row, index) => {
    const built = buildOrganisation(flatFor(row, index, rng, today), { now });
    if (!built.ok) throw new Error(`demo organisation "${row[0]}" is invalid: ${built.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    // One LKS is deactivated to show how inactive organisations look (it gets no responses).
    const record = index === 5 ? { ...built.record, active: false } : built.record;
    return { record, kabkotaCode: row[5] };
  });
}
