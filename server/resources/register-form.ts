/**
 * The organisation form as data for views/admin/lembaga-form.hbs: field groups built from the
 * register's field table (labels, hints, required marks) and vocabularies, pre-filled from a
 * posted body or a stored record, with each field's error. Also reads a posted body back into
 * flat field values for `buildOrganisation` (strings only: anything else is an invalid cell).
 */
import { KABKOTA, KECAMATAN, kabkotaByCode, kabkotaLabel, kecamatanByCode } from '../data/regions';
import type { FieldIssue } from '../domain/register/build';
import { FIELDS, type FieldKey, type FieldSpec, type FlatOrganisation } from '../domain/register/fields';
import { flattenOrganisation } from '../domain/register/flatten';
import type { CellValue, OrganisationRecord } from '../domain/register/record';
import {
  JENIS_ORGANISASI, JENIS_PELAYANAN, LOKASI_PELAYANAN, PENERBIT_TANDA_DAFTAR, SASARAN_PMKS, STATUS_AKREDITASI, STATUS_BADAN_HUKUM,
  type Term, matchTerm,
} from '../domain/register/vocabularies';
import { t } from '../i18n';

type InputType = 'text' | 'number' | 'date' | 'email' | 'tel' | 'textarea' | 'select' | 'checkboxes' | 'kecamatan';

interface Choice { value: string; label: string }

const KABKOTA_CHOICES: Choice[] = KABKOTA.map((k) => ({ value: k.kode, label: kabkotaLabel(k) }));
const terms = (list: readonly Term[]): Choice[] => list.map((x) => ({ value: x.code, label: x.label }));

const CHOICES: Partial<Record<FieldKey, Choice[]>> = {
  jenisOrganisasi: terms(JENIS_ORGANISASI),
  jenisPelayanan: terms(JENIS_PELAYANAN),
  sasaranPmks: terms(SASARAN_PMKS),
  lokasiPelayanan: terms(LOKASI_PELAYANAN),
  statusBadanHukum: terms(STATUS_BADAN_HUKUM),
  tandaDaftarPenerbit: terms(PENERBIT_TANDA_DAFTAR),
  akreditasiStatus: terms(STATUS_AKREDITASI),
  kabkota: KABKOTA_CHOICES,
};
const VOCABULARY: Partial<Record<FieldKey, readonly Term[]>> = {
  jenisOrganisasi: JENIS_ORGANISASI, jenisPelayanan: JENIS_PELAYANAN, sasaranPmks: SASARAN_PMKS, lokasiPelayanan: LOKASI_PELAYANAN,
  statusBadanHukum: STATUS_BADAN_HUKUM, tandaDaftarPenerbit: PENERBIT_TANDA_DAFTAR, akreditasiStatus: STATUS_AKREDITASI,
};

const TYPES: Partial<Record<FieldKey, InputType>> = {
  jenisOrganisasi: 'select', jenisPelayanan: 'select', sasaranPmks: 'checkboxes', lokasiPelayanan: 'select', tahunBerdiri: 'number',
  statusBadanHukum: 'select', aktaTanggal: 'date', tandaDaftarTanggal: 'date', tandaDaftarPenerbit: 'select', tandaDaftarBerlaku: 'date',
  alamat: 'textarea', kabkota: 'select', kecamatan: 'kecamatan', telepon: 'tel', email: 'email',
  kapasitas: 'number', penerimaManfaatL: 'number', penerimaManfaatP: 'number', jumlahPengurus: 'number', jumlahStaf: 'number',
  pekerjaSosial: 'number', akreditasiStatus: 'select', akreditasiTanggal: 'date',
};

/** Field groups in form order; `statusAktif` is not here: (de)activation has its own buttons. */
const GROUPS: { legend: string; fields: FieldKey[] }[] = [
  { legend: 'admin.org.group.identity', fields: ['nama', 'namaYayasan', 'jenisOrganisasi', 'jenisPelayanan', 'lokasiPelayanan', 'tahunBerdiri', 'sasaranPmks'] },
  { legend: 'admin.org.group.location', fields: ['alamat', 'desaKelurahan', 'kabkota', 'kecamatan', 'lintang', 'bujur'] },
  { legend: 'admin.org.group.contact', fields: ['ketua', 'telepon', 'email'] },
  { legend: 'admin.org.group.legal', fields: ['statusBadanHukum', 'aktaNomor', 'aktaTanggal', 'aktaNotaris', 'skKemenkumham', 'npwp', 'tandaDaftarNomor', 'tandaDaftarTanggal', 'tandaDaftarPenerbit', 'tandaDaftarBerlaku'] },
  { legend: 'admin.org.group.people', fields: ['kapasitas', 'penerimaManfaatL', 'penerimaManfaatP', 'jumlahPengurus', 'jumlahStaf', 'pekerjaSosial'] },
  { legend: 'admin.org.group.accreditation', fields: ['akreditasiStatus', 'akreditasiNomor', 'akreditasiTanggal'] },
];

export const FORM_FIELDS: readonly FieldKey[] = GROUPS.flatMap((g) => g.fields);

/** Values as the form shows them: strings, or a list of codes for the checkboxes. */
export type FormValues = Partial<Record<FieldKey, string | string[]>>;

function asCodes(value: unknown, vocabulary: readonly Term[] | undefined): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[;\n]+/) : [];
  return parts.map((p) => p.trim()).filter((p) => p !== '').map((p) => (vocabulary ? matchTerm(vocabulary, p)?.code ?? p : p));
}

/** The posted body as form values (only the form's own fields, only strings). */
export function valuesFromBody(body: unknown): FormValues {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const key of FORM_FIELDS) {
    const raw = Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
    if (typeof raw === 'string') values[key] = raw;
    else if (key === 'sasaranPmks' && Array.isArray(raw) && raw.every((r) => typeof r === 'string')) values[key] = raw as string[];
    else if (raw !== undefined) values[key] = '\u0000invalid'; // an object or number where text belongs
  }
  return values;
}

/** Form values → flat cells for buildOrganisation. */
export function flatFromValues(values: FormValues): FlatOrganisation {
  const flat: Partial<Record<FieldKey, CellValue>> = {};
  for (const key of FORM_FIELDS) {
    const value = values[key];
    if (value === '\u0000invalid') flat[key] = { invalid: t('admin.org.invalidValue') };
    else if (Array.isArray(value)) flat[key] = value.join(';');
    else if (value !== undefined) flat[key] = value;
  }
  return flat;
}

export function valuesFromRecord(record: OrganisationRecord): FormValues {
  const flat = flattenOrganisation(record);
  const values: FormValues = {};
  for (const key of FORM_FIELDS) {
    const value = flat[key];
    if (value !== undefined) values[key] = String(value);
  }
  values.sasaranPmks = [...record.identity.sasaranPmks];
  return values;
}

function describe(key: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `h-${key}` : '', error ? `e-${key}` : ''].filter((x) => x !== '');
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The field groups for the template, with values, choices and errors. */
export function formGroups(values: FormValues, issues: readonly FieldIssue[] = []) {
  const errorOf = new Map<string, string>();
  for (const issue of issues) if (!errorOf.has(issue.field)) errorOf.set(issue.field, issue.message);
  return GROUPS.map((group) => ({
    legend: t(group.legend),
    fields: group.fields.map((key) => {
      const spec = FIELDS.find((f) => f.key === key) as FieldSpec;
      const type = TYPES[key] ?? 'text';
      const error = errorOf.get(key);
      const raw = values[key];
      const text = typeof raw === 'string' && raw !== '\u0000invalid' ? raw : '';
      const selected = new Set(asCodes(raw, VOCABULARY[key]));
      const choices = (CHOICES[key] ?? []).map((c) => ({ ...c, selected: selected.has(c.value) }));
      // The region hints describe spreadsheet cells ("Kode (36.01) atau nama"); the form picks from named lists.
      const hint = REGION_FIELDS.has(key) ? undefined : spec.hint || undefined;
      return {
        key, id: `f-${key}`, label: spec.header, hint, required: spec.required === true,
        requiredLks: spec.required === 'lks', error, describedBy: describe(key, hint, error), value: text,
        isText: ['text', 'number', 'date', 'email', 'tel'].includes(type), inputType: type === 'number' ? 'text' : type,
        numeric: type === 'number', isTextarea: type === 'textarea', isSelect: type === 'select', isCheckboxes: type === 'checkboxes',
        isKecamatan: type === 'kecamatan', choices,
        kecamatanGroups: type === 'kecamatan' ? kecamatanGroups(text) : undefined,
      };
    }),
  }));
}

const REGION_FIELDS = new Set(['kabkota', 'kecamatan']);

function kecamatanGroups(selected: string) {
  return KABKOTA.map((k) => ({
    label: kabkotaLabel(k),
    options: KECAMATAN.filter((c) => c.kabkota === k.kode).map((c) => ({ value: c.kode, label: c.nama, selected: c.kode === selected })),
  }));
}

/** The error summary: one link per problem field, in form order. */
export function errorSummary(issues: readonly FieldIssue[]): { href: string; text: string }[] {
  return issues.map((issue) => {
    const label = FIELDS.find((f) => f.key === issue.field)?.header ?? issue.field;
    return { href: `#f-${issue.field}`, text: issue.message.startsWith(label) ? issue.message : `${label}: ${issue.message}` };
  });
}

const DATE_FIELDS = new Set<FieldKey>(['aktaTanggal', 'tandaDaftarTanggal', 'tandaDaftarBerlaku', 'akreditasiTanggal']);
const longDate = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'UTC' });

/** An ISO calendar date as "17 Agustus 2020". */
export function formatDate(iso: string | undefined): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso ?? '';
  return longDate.format(new Date(`${iso}T00:00:00Z`));
}

/** Read-only view of a record: the same groups, as label/value pairs (empty values left out). */
export function detailGroups(record: OrganisationRecord) {
  const flat = flattenOrganisation(record);
  const shown: Partial<Record<FieldKey, string>> = {};
  for (const key of FORM_FIELDS) {
    const value = flat[key];
    if (value !== undefined && value !== '') shown[key] = DATE_FIELDS.has(key) ? formatDate(String(value)) : String(value);
  }
  const kab = kabkotaByCode(record.location.kabkotaCode);
  const kec = kecamatanByCode(record.location.kecamatanCode);
  if (kab) shown.kabkota = kabkotaLabel(kab);
  if (kec) shown.kecamatan = kec.nama;
  const groups = GROUPS.map((group) => ({
    legend: t(group.legend),
    items: group.fields.filter((key) => shown[key] !== undefined)
      .map((key) => ({ label: (FIELDS.find((f) => f.key === key) as FieldSpec).header, value: shown[key] as string })),
  }));
  const akrEnd = record.accreditation.berlakuSampai;
  if (akrEnd) groups[groups.length - 1].items.push({ label: t('admin.org.accreditationEnd'), value: formatDate(akrEnd) });
  return groups.filter((g) => g.items.length > 0);
}

export { KABKOTA_CHOICES };
