/**
 * Banten regions (Kepmendagri codes): the 8 kabupaten/kota and their 155 kecamatan, with lookups.
 * The data lives in banten-regions.json (copied into the repo; the product never reads
 * /work/shared at run time). Codes are canonical in dotted form: "36.01", "36.01.12".
 * Pure and synchronous: no I/O beyond the JSON import.
 */
import regions from './banten-regions.json';

export interface Kabkota {
  readonly kode: string;
  readonly nama: string;
  readonly jenis: 'Kabupaten' | 'Kota';
  readonly jumlahKecamatan: number;
}

export interface Kecamatan {
  readonly kode: string;
  readonly nama: string;
  /** Code of the kabupaten/kota the kecamatan belongs to. */
  readonly kabkota: string;
}

export const PROVINSI: { readonly kode: string; readonly nama: string } = Object.freeze({ ...regions.provinsi });

export const KABKOTA: readonly Kabkota[] = Object.freeze(
  regions.kabkota.map((k) => Object.freeze({ ...k, jenis: k.jenis === 'Kota' ? 'Kota' : 'Kabupaten' } as Kabkota)),
);

export const KECAMATAN: readonly Kecamatan[] = Object.freeze(regions.kecamatan.map((k) => Object.freeze({ ...k })));

const kabkotaIndex = new Map(KABKOTA.map((k) => [k.kode, k]));
const kecamatanIndex = new Map(KECAMATAN.map((k) => [k.kode, k]));
const kecamatanByKabkota = new Map<string, Kecamatan[]>();
for (const kec of KECAMATAN) {
  const list = kecamatanByKabkota.get(kec.kabkota) ?? [];
  list.push(kec);
  kecamatanByKabkota.set(kec.kabkota, list);
}

/**
 * Canonical dotted code from "36.01", "3601", " 36.01.12 ", "360112"; null when the text is not
 * shaped like a kabupaten/kota (4 digits) or kecamatan (6 digits) code. Does not check existence.
 */
export function normaliseRegionCode(raw: string): string | null {
  const text = raw.trim();
  if (/^\d{2}\.\d{2}(\.\d{2})?$/.test(text)) return text;
  if (/^\d{4}$/.test(text)) return `${text.slice(0, 2)}.${text.slice(2)}`;
  if (/^\d{6}$/.test(text)) return `${text.slice(0, 2)}.${text.slice(2, 4)}.${text.slice(4)}`;
  return null;
}

export function kabkotaByCode(code: string): Kabkota | undefined {
  const canonical = normaliseRegionCode(code);
  return canonical ? kabkotaIndex.get(canonical) : undefined;
}

export function kecamatanByCode(code: string): Kecamatan | undefined {
  const canonical = normaliseRegionCode(code);
  return canonical ? kecamatanIndex.get(canonical) : undefined;
}

/** The kecamatan of one kabupaten/kota, in code order; empty for an unknown code. */
export function kecamatanOf(kabkotaCode: string): readonly Kecamatan[] {
  const canonical = normaliseRegionCode(kabkotaCode);
  return (canonical && kecamatanByKabkota.get(canonical)) || [];
}

/** True only when both codes exist and the kecamatan lies in that kabupaten/kota. */
export function kecamatanBelongsTo(kecamatanCode: string, kabkotaCode: string): boolean {
  const kec = kecamatanByCode(kecamatanCode);
  const kab = kabkotaByCode(kabkotaCode);
  return kec !== undefined && kab !== undefined && kec.kabkota === kab.kode;
}

/** "Kabupaten Pandeglang", "Kota Tangerang Selatan". */
export function kabkotaLabel(kabkota: Kabkota): string {
  return `${kabkota.jenis} ${kabkota.nama}`;
}

/**
 * The one label people read for a region code: "Kabupaten Tangerang" / "Kota Tangerang" for a
 * kabupaten/kota code ("36.03", "3671"), "Kecamatan Labuan, Kabupaten Pandeglang" for a kecamatan
 * code. A kabupaten and a kota sharing a name (Tangerang, Serang) are always told apart. An
 * unknown or empty code gives "Wilayah tidak dikenal" rather than the raw code.
 */
export function regionLabel(code: string | null | undefined): string {
  const text = code ?? '';
  const kab = kabkotaByCode(text);
  if (kab) return kabkotaLabel(kab);
  const kec = kecamatanByCode(text);
  const parent = kec ? kabkotaIndex.get(kec.kabkota) : undefined;
  if (kec && parent) return `Kecamatan ${kec.nama}, ${kabkotaLabel(parent)}`;
  return 'Wilayah tidak dikenal';
}

function comparable(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export type RegionLookup<T> = { found: T } | { problem: 'unknown' | 'ambiguous' };

/**
 * Find a kabupaten/kota from what people type in spreadsheets: a code ("36.01", "3601"), a full
 * label ("Kabupaten Tangerang", "Kab. Tangerang", "Kota Serang") or a bare name ("Lebak").
 * A bare name shared by a kabupaten and a kota ("Tangerang", "Serang") is ambiguous, never guessed.
 */
export function findKabkota(text: string): RegionLookup<Kabkota> {
  const byCode = kabkotaByCode(text);
  if (byCode) return { found: byCode };
  const wanted = comparable(text.replace(/^\s*kab(upaten)?\b\.?/i, 'kabupaten '));
  if (wanted === '') return { problem: 'unknown' };
  const exact = KABKOTA.filter((k) => comparable(kabkotaLabel(k)) === wanted);
  if (exact.length === 1) return { found: exact[0] };
  const byName = KABKOTA.filter((k) => comparable(k.nama) === wanted);
  if (byName.length === 1) return { found: byName[0] };
  return { problem: byName.length > 1 ? 'ambiguous' : 'unknown' };
}

/**
 * Find a kecamatan by code, or by name within one kabupaten/kota (names repeat across
 * kabupaten/kota — "Cibeber", "Curug" — but are unique inside one). "Kecamatan Labuan" works too.
 */
export function findKecamatan(text: string, kabkotaCode?: string): RegionLookup<Kecamatan> {
  const byCode = kecamatanByCode(text);
  if (byCode) return { found: byCode };
  const wanted = comparable(text.replace(/^\s*kec(amatan)?\b\.?/i, ''));
  if (wanted === '') return { problem: 'unknown' };
  const pool = kabkotaCode === undefined ? KECAMATAN : kecamatanOf(kabkotaCode);
  const matches = pool.filter((k) => comparable(k.nama) === wanted);
  if (matches.length === 1) return { found: matches[0] };
  return { problem: matches.length > 1 ? 'ambiguous' : 'unknown' };
}
