/**
 * The identity block of a report card: register data (name, type, service, address, region,
 * legal status, tanda daftar, accreditation, head) as label/value rows. Codes become their
 * Indonesian labels; missing values are left out rather than printed empty.
 */
import { kecamatanByCode, regionLabel } from '../../data/regions';
import { t } from '../../i18n';
import {
  JENIS_ORGANISASI, JENIS_PELAYANAN, LOKASI_PELAYANAN, STATUS_AKREDITASI, STATUS_BADAN_HUKUM, labelOf,
} from '../register/vocabularies';
import { formatDate } from './format';

/** The register fields a report card prints (a subset of the organisation document). */
export interface CardOrganisation {
  nama: string;
  namaYayasan?: string | null;
  jenisOrganisasi?: string | null;
  jenisPelayanan?: string | null;
  lokasiPelayanan?: string | null;
  alamat?: string | null;
  desaKelurahan?: string | null;
  kecamatanCode?: string | null;
  kabkotaCode: string;
  ketua?: string | null;
  telepon?: string | null;
  statusBadanHukum?: string | null;
  tandaDaftarNomor?: string | null;
  tandaDaftarBerlakuSampai?: string | null;
  akreditasi?: string | null;
  akreditasiBerlakuSampai?: string | null;
}

export interface IdentityRow { label: string; value: string }

export function identityRows(org: CardOrganisation): IdentityRow[] {
  const rows: [string, string | null | undefined][] = [
    ['report.card.field.nama', org.nama],
    ['report.card.field.yayasan', org.namaYayasan],
    ['report.card.field.jenisOrganisasi', org.jenisOrganisasi ? labelOf(JENIS_ORGANISASI, org.jenisOrganisasi) : null],
    ['report.card.field.jenisPelayanan', org.jenisPelayanan ? labelOf(JENIS_PELAYANAN, org.jenisPelayanan) : null],
    ['report.card.field.lokasiPelayanan', org.lokasiPelayanan ? labelOf(LOKASI_PELAYANAN, org.lokasiPelayanan) : null],
    ['report.card.field.alamat', [org.alamat, org.desaKelurahan].filter(Boolean).join(', ') || null],
    ['report.card.field.kecamatan', org.kecamatanCode ? kecamatanByCode(org.kecamatanCode)?.nama ?? org.kecamatanCode : null],
    ['report.card.field.kabkota', regionLabel(org.kabkotaCode)],
    ['report.card.field.ketua', org.ketua],
    ['report.card.field.telepon', org.telepon],
    ['report.card.field.badanHukum', org.statusBadanHukum ? labelOf(STATUS_BADAN_HUKUM, org.statusBadanHukum) : null],
    ['report.card.field.tandaDaftar', org.tandaDaftarNomor
      ? (org.tandaDaftarBerlakuSampai ? t('report.card.validUntil', { nomor: org.tandaDaftarNomor, tanggal: formatDate(org.tandaDaftarBerlakuSampai) }) : org.tandaDaftarNomor)
      : null],
    ['report.card.field.akreditasi', org.akreditasi
      ? `${labelOf(STATUS_AKREDITASI, org.akreditasi)}${org.akreditasiBerlakuSampai ? ` (${t('report.card.until', { tanggal: formatDate(org.akreditasiBerlakuSampai) })})` : ''}`
      : null],
  ];
  return rows.filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([key, v]) => ({ label: t(key), value: v as string }));
}
