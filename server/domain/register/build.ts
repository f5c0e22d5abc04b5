/**
 * Flat field values (a form post or one spreadsheet row) → a validated register record, or every
 * problem found, each tied to its field. Cross-field rules live here: the kecamatan must lie in
 * the kabupaten/kota, LKS need a jenis pelayanan, graded accreditation needs its date, dates must
 * not be in the future, a tanda daftar cannot expire before it was issued.
 */
import { type Kabkota, findKabkota, findKecamatan, kabkotaByCode, kabkotaLabel } from '../../data/regions';
import {
  type Parsed, parseDate, parseDecimal, parseEmail, parseFlag, parseInteger, parseNpwp, parsePhone, parseTerm, parseTermList, parseText,
} from './cells';
import { type FieldKey, type FlatOrganisation, FIELDS } from './fields';
import type { IsoDate, OrganisationRecord } from './record';
import { accreditationValidUntil, wibDate } from './validity';
import {
  JENIS_ORGANISASI, JENIS_PELAYANAN, LOKASI_PELAYANAN, PENERBIT_TANDA_DAFTAR, SASARAN_PMKS, STATUS_AKREDITASI, STATUS_BADAN_HUKUM,
} from './vocabularies';

export interface FieldIssue {
  readonly field: FieldKey;
  readonly message: string;
}

export type BuildResult = { ok: true; record: OrganisationRecord } | { ok: false; issues: FieldIssue[] };

const MAX_COUNT = 100_000;

/** Drop undefined members so records compare and store cleanly. */
function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out as T;
}
function orUndefined<T extends object>(obj: T): T | undefined {
  const out = compact(obj);
  return Object.keys(out).length > 0 ? out : undefined;
}

export function buildOrganisation(flat: FlatOrganisation, options: { now: Date }): BuildResult {
  const issues: FieldIssue[] = [];
  const hasIssue = (field: FieldKey) => issues.some((i) => i.field === field);
  const today = wibDate(options.now);
  const take = <T>(field: FieldKey, parsed: Parsed<T>): T | undefined => {
    if (!parsed.ok) { issues.push({ field, message: parsed.error }); return undefined; }
    return parsed.value;
  };
  const past = (field: FieldKey, date: IsoDate | undefined): IsoDate | undefined => {
    if (date !== undefined && date > today) issues.push({ field, message: 'Tanggal tidak boleh setelah hari ini.' });
    return date;
  };
  const count = (field: FieldKey) => take(field, parseInteger(flat[field], 0, MAX_COUNT));
  const line = (field: FieldKey, max = 200) => take(field, parseText(flat[field], max));

  const nama = line('nama');
  const jenisOrganisasi = take('jenisOrganisasi', parseTerm(flat.jenisOrganisasi, JENIS_ORGANISASI));
  const jenisPelayanan = take('jenisPelayanan', parseTerm(flat.jenisPelayanan, JENIS_PELAYANAN));
  const tahunBerdiri = take('tahunBerdiri', parseInteger(flat.tahunBerdiri, 1900, Number(today.slice(0, 4))));
  const aktif = take('statusAktif', parseFlag(flat.statusAktif));
  const alamat = take('alamat', parseText(flat.alamat, 500, true));

  const kabkotaText = line('kabkota', 100);
  let kabkotaCode: string | undefined;
  if (kabkotaText !== undefined) {
    const found = findKabkota(kabkotaText);
    if ('found' in found) kabkotaCode = found.found.kode;
    else issues.push({ field: 'kabkota', message: found.problem === 'ambiguous'
      ? `"${kabkotaText}" bisa kabupaten atau kota. Tulis "Kabupaten ${kabkotaText}" atau "Kota ${kabkotaText}", atau kodenya.`
      : `Kabupaten/kota "${kabkotaText.slice(0, 60)}" tidak ada di Provinsi Banten.` });
  }
  const kecamatanText = line('kecamatan', 100);
  let kecamatanCode: string | undefined;
  if (kecamatanText !== undefined) {
    const found = findKecamatan(kecamatanText, kabkotaCode);
    const kab = kabkotaCode === undefined ? undefined : kabkotaByCode(kabkotaCode);
    if ('found' in found && (kab === undefined || found.found.kabkota === kab.kode)) kecamatanCode = found.found.kode;
    else if ('found' in found) {
      issues.push({ field: 'kecamatan', message: `Kecamatan ${found.found.nama} (${found.found.kode}) tidak berada di ${kabkotaLabel(kab as Kabkota)}.` });
    } else if (found.problem === 'ambiguous') {
      issues.push({ field: 'kecamatan', message: `Kecamatan "${kecamatanText}" ada di beberapa kabupaten/kota. Isi Kabupaten/Kota dengan benar atau tulis kode kecamatan.` });
    } else {
      issues.push({ field: 'kecamatan', message: kab
        ? `Kecamatan "${kecamatanText.slice(0, 60)}" tidak ditemukan di ${kabkotaLabel(kab)}.`
        : `Kecamatan "${kecamatanText.slice(0, 60)}" tidak dikenal di Provinsi Banten.` });
    }
  }

  const lat = take('lintang', parseDecimal(flat.lintang, -90, 90));
  const lon = take('bujur', parseDecimal(flat.bujur, -180, 180));
  if ((lat === undefined) !== (lon === undefined) && !hasIssue('lintang') && !hasIssue('bujur')) {
    issues.push({ field: lat === undefined ? 'lintang' : 'bujur', message: 'Lintang dan bujur harus diisi berdua.' });
  } else if (lat !== undefined && lon !== undefined && !(lat >= -7.3 && lat <= -5.5 && lon >= 104.9 && lon <= 107)) {
    issues.push({ field: 'lintang', message: 'Koordinat berada di luar Provinsi Banten (lintang sekitar -6, bujur sekitar 106). Periksa apakah tertukar.' });
  }

  const tdTerbit = past('tandaDaftarTanggal', take('tandaDaftarTanggal', parseDate(flat.tandaDaftarTanggal)));
  const tdBerlaku = take('tandaDaftarBerlaku', parseDate(flat.tandaDaftarBerlaku));
  if (tdTerbit && tdBerlaku && tdBerlaku < tdTerbit) issues.push({ field: 'tandaDaftarBerlaku', message: 'Masa berlaku tidak boleh sebelum tanggal terbit.' });

  const akrStatus = take('akreditasiStatus', parseTerm(flat.akreditasiStatus, STATUS_AKREDITASI)) ?? 'belum';
  const akrNomor = line('akreditasiNomor', 100);
  const akrTanggal = past('akreditasiTanggal', take('akreditasiTanggal', parseDate(flat.akreditasiTanggal)));
  const graded = akrStatus === 'A' || akrStatus === 'B' || akrStatus === 'C';
  if (graded && akrTanggal === undefined && !hasIssue('akreditasiTanggal')) {
    issues.push({ field: 'akreditasiTanggal', message: `Tanggal akreditasi wajib diisi untuk status ${akrStatus}.` });
  }
  if (!graded && !hasIssue('akreditasiStatus') && (akrNomor !== undefined || akrTanggal !== undefined)) {
    issues.push({ field: 'akreditasiStatus', message: 'Nomor atau tanggal akreditasi terisi, tetapi status bukan A, B atau C.' });
  }

  const required: Partial<Record<FieldKey, unknown>> = { nama, jenisOrganisasi, alamat, kecamatan: kecamatanCode, kabkota: kabkotaCode };
  for (const field of FIELDS) {
    const key = field.key;
    if (field.required === true && required[key] === undefined && !hasIssue(key)) {
      issues.push({ field: key, message: `${field.header} wajib diisi.` });
    }
  }
  if (jenisOrganisasi === 'lks' && jenisPelayanan === undefined && !hasIssue('jenisPelayanan')) {
    issues.push({ field: 'jenisPelayanan', message: 'Jenis pelayanan wajib diisi untuk LKS.' });
  }

  const record: OrganisationRecord = {
    identity: compact({
      nama: nama as string,
      namaYayasan: line('namaYayasan'),
      jenisOrganisasi: jenisOrganisasi as OrganisationRecord['identity']['jenisOrganisasi'],
      jenisPelayanan,
      sasaranPmks: take('sasaranPmks', parseTermList(flat.sasaranPmks, SASARAN_PMKS)) ?? [],
      lokasiPelayanan: take('lokasiPelayanan', parseTerm(flat.lokasiPelayanan, LOKASI_PELAYANAN)),
      tahunBerdiri,
    }),
    active: aktif ?? true,
    legal: compact({
      statusBadanHukum: take('statusBadanHukum', parseTerm(flat.statusBadanHukum, STATUS_BADAN_HUKUM)),
      aktaNotaris: orUndefined({
        nomor: line('aktaNomor', 100),
        tanggal: past('aktaTanggal', take('aktaTanggal', parseDate(flat.aktaTanggal))),
        notaris: line('aktaNotaris'),
      }),
      skKemenkumham: line('skKemenkumham', 100),
      npwp: take('npwp', parseNpwp(flat.npwp)),
      tandaDaftar: orUndefined({
        nomor: line('tandaDaftarNomor', 100),
        tanggalTerbit: tdTerbit,
        penerbit: take('tandaDaftarPenerbit', parseTerm(flat.tandaDaftarPenerbit, PENERBIT_TANDA_DAFTAR)),
        berlakuSampai: tdBerlaku,
      }),
    }),
    location: compact({
      alamat: alamat as string,
      desaKelurahan: line('desaKelurahan', 100),
      kecamatanCode: kecamatanCode as string,
      kabkotaCode: kabkotaCode as string,
      koordinat: lat !== undefined && lon !== undefined ? { lat, lon } : undefined,
    }),
    contact: compact({ ketua: line('ketua'), telepon: take('telepon', parsePhone(flat.telepon)), email: take('email', parseEmail(flat.email)) }),
    people: compact({
      kapasitas: count('kapasitas'),
      penerimaManfaatL: count('penerimaManfaatL'),
      penerimaManfaatP: count('penerimaManfaatP'),
      jumlahPengurus: count('jumlahPengurus'),
      jumlahStaf: count('jumlahStaf'),
      pekerjaSosialBersertifikat: count('pekerjaSosial'),
    }),
    accreditation: compact({ status: akrStatus, nomorSertifikat: akrNomor, tanggal: akrTanggal, berlakuSampai: accreditationValidUntil(akrStatus, akrTanggal) }),
  };
  return issues.length > 0 ? { ok: false, issues: orderByField(issues) } : { ok: true, record };
}

const fieldOrder = new Map<string, number>(FIELDS.map((f, i) => [f.key, i]));
function orderByField(issues: FieldIssue[]): FieldIssue[] {
  return [...issues].sort((a, b) => (fieldOrder.get(a.field) ?? 0) - (fieldOrder.get(b.field) ?? 0));
}
