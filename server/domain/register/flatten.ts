/**
 * A register record back to flat field values: to pre-fill the edit form and to write export
 * rows that the importer reads back unchanged (vocabulary labels, region codes, ISO dates,
 * national phone numbers). `buildOrganisation(flattenOrganisation(r))` gives `r` again.
 */
import type { FlatOrganisation } from './fields';
import type { OrganisationRecord } from './record';
import {
  JENIS_ORGANISASI, JENIS_PELAYANAN, LOKASI_PELAYANAN, PENERBIT_TANDA_DAFTAR, SASARAN_PMKS, STATUS_AKREDITASI, STATUS_BADAN_HUKUM,
  labelOf,
} from './vocabularies';

/** 15-digit NPWP in its usual written form 01.234.567.8-901.000 (also keeps spreadsheets from eating the leading 0). */
export function formatNpwp(digits: string): string {
  return /^\d{15}$/.test(digits)
    ? `${digits.slice(0, 2)}.${digits.slice(2, 5)}.${digits.slice(5, 8)}.${digits.slice(8, 9)}-${digits.slice(9, 12)}.${digits.slice(12)}`
    : digits;
}

/** +6281234567890 → 081234567890 (a leading + would look like a formula to spreadsheets). */
export function nationalPhone(e164: string): string {
  return e164.startsWith('+62') ? `0${e164.slice(3)}` : e164;
}

type Flat = { -readonly [K in keyof FlatOrganisation]: string | number | undefined };

export function flattenOrganisation(record: OrganisationRecord): Flat {
  const { identity: id, legal, location: loc, contact, people, accreditation: akr } = record;
  const flat: Flat = {
    nama: id.nama,
    namaYayasan: id.namaYayasan,
    jenisOrganisasi: labelOf(JENIS_ORGANISASI, id.jenisOrganisasi),
    jenisPelayanan: id.jenisPelayanan && labelOf(JENIS_PELAYANAN, id.jenisPelayanan),
    sasaranPmks: id.sasaranPmks.length > 0 ? id.sasaranPmks.map((c) => labelOf(SASARAN_PMKS, c)).join('; ') : undefined,
    lokasiPelayanan: id.lokasiPelayanan && labelOf(LOKASI_PELAYANAN, id.lokasiPelayanan),
    tahunBerdiri: id.tahunBerdiri,
    statusAktif: record.active ? 'Aktif' : 'Tidak aktif',
    statusBadanHukum: legal.statusBadanHukum && labelOf(STATUS_BADAN_HUKUM, legal.statusBadanHukum),
    aktaNomor: legal.aktaNotaris?.nomor,
    aktaTanggal: legal.aktaNotaris?.tanggal,
    aktaNotaris: legal.aktaNotaris?.notaris,
    skKemenkumham: legal.skKemenkumham,
    npwp: legal.npwp && formatNpwp(legal.npwp),
    tandaDaftarNomor: legal.tandaDaftar?.nomor,
    tandaDaftarTanggal: legal.tandaDaftar?.tanggalTerbit,
    tandaDaftarPenerbit: legal.tandaDaftar?.penerbit && labelOf(PENERBIT_TANDA_DAFTAR, legal.tandaDaftar.penerbit),
    tandaDaftarBerlaku: legal.tandaDaftar?.berlakuSampai,
    alamat: loc.alamat,
    desaKelurahan: loc.desaKelurahan,
    kecamatan: loc.kecamatanCode,
    kabkota: loc.kabkotaCode,
    lintang: loc.koordinat?.lat,
    bujur: loc.koordinat?.lon,
    ketua: contact.ketua,
    telepon: contact.telepon && nationalPhone(contact.telepon),
    email: contact.email,
    kapasitas: people.kapasitas,
    penerimaManfaatL: people.penerimaManfaatL,
    penerimaManfaatP: people.penerimaManfaatP,
    jumlahPengurus: people.jumlahPengurus,
    jumlahStaf: people.jumlahStaf,
    pekerjaSosial: people.pekerjaSosialBersertifikat,
    akreditasiStatus: labelOf(STATUS_AKREDITASI, akr.status),
    akreditasiNomor: akr.nomorSertifikat,
    akreditasiTanggal: akr.tanggal,
  };
  return flat;
}
