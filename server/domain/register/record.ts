/**
 * The organisation register record (REGISTER.md): what Dinas Sosial keeps about each
 * institution. Dates are calendar dates as ISO strings (YYYY-MM-DD), never Date objects, so a
 * time zone can never move a tanda daftar's validity by a day. Codes come from vocabularies.ts
 * and the region data; optional parts are absent rather than empty strings.
 */
import type {
  JenisOrganisasi, JenisPelayanan, LokasiPelayanan, PenerbitTandaDaftar, SasaranPmks, StatusAkreditasi, StatusBadanHukum,
} from './vocabularies';

export type IsoDate = string;

export interface OrganisationRecord {
  readonly identity: {
    readonly nama: string;
    readonly namaYayasan?: string;
    readonly jenisOrganisasi: JenisOrganisasi;
    /** Required for LKS; not used for Karang Taruna, TKSK, PSM. */
    readonly jenisPelayanan?: JenisPelayanan;
    readonly sasaranPmks: readonly SasaranPmks[];
    readonly lokasiPelayanan?: LokasiPelayanan;
    readonly tahunBerdiri?: number;
  };
  readonly active: boolean;
  readonly legal: {
    readonly statusBadanHukum?: StatusBadanHukum;
    readonly aktaNotaris?: { readonly nomor?: string; readonly tanggal?: IsoDate; readonly notaris?: string };
    /** SK Kemenkumham (AHU) number. */
    readonly skKemenkumham?: string;
    /** Digits only, 15 (old format) or 16 (NIK-based) digits. */
    readonly npwp?: string;
    readonly tandaDaftar?: {
      readonly nomor?: string;
      readonly tanggalTerbit?: IsoDate;
      readonly penerbit?: PenerbitTandaDaftar;
      readonly berlakuSampai?: IsoDate;
    };
  };
  readonly location: {
    readonly alamat: string;
    readonly desaKelurahan?: string;
    readonly kecamatanCode: string;
    readonly kabkotaCode: string;
    readonly koordinat?: { readonly lat: number; readonly lon: number };
  };
  readonly contact: {
    readonly ketua?: string;
    /** E.164, e.g. +6281234567890 */
    readonly telepon?: string;
    readonly email?: string;
  };
  readonly people: {
    readonly kapasitas?: number;
    readonly penerimaManfaatL?: number;
    readonly penerimaManfaatP?: number;
    readonly jumlahPengurus?: number;
    readonly jumlahStaf?: number;
    readonly pekerjaSosialBersertifikat?: number;
  };
  readonly accreditation: {
    readonly status: StatusAkreditasi;
    readonly nomorSertifikat?: string;
    readonly tanggal?: IsoDate;
    /** Computed from status and tanggal (A +5 years, B +3, C +2); never typed in. */
    readonly berlakuSampai?: IsoDate;
  };
}

/**
 * A value as it arrives from a form or a spreadsheet cell. XLSX cells may be typed (numbers,
 * booleans, dates); CSV and form values are strings. `{invalid}` marks a cell the reader could
 * not turn into a value (a formula without a cached result, an #N/A error cell).
 */
export type CellValue = string | number | boolean | Date | null | undefined | { readonly invalid: string };
