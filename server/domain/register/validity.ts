/**
 * Validity of accreditation and of the Tanda Daftar. Accreditation lasts A 5 years, B 3,
 * C 2 (BALKS guidelines); the end date is computed, never typed in. Calendar arithmetic on
 * ISO dates in UTC: 29 February + n years falls on 28 February.
 */
import type { IsoDate, OrganisationRecord } from './record';
import type { StatusAkreditasi } from './vocabularies';

export const ACCREDITATION_YEARS: Readonly<Partial<Record<StatusAkreditasi, number>>> = Object.freeze({ A: 5, B: 3, C: 2 });

export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** End of validity for a graded accreditation; undefined for "belum"/"proses" or no date. */
export function accreditationValidUntil(status: StatusAkreditasi, tanggal: IsoDate | undefined): IsoDate | undefined {
  const years = ACCREDITATION_YEARS[status];
  return years !== undefined && tanggal ? addYears(tanggal, years) : undefined;
}

/** The calendar date of an instant in Indonesia's western time zone (WIB, UTC+7, no DST). */
export function wibDate(now: Date): IsoDate {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Accreditation grade that still holds on `today`, or null. */
export function currentAccreditation(record: Pick<OrganisationRecord, 'accreditation'>, today: IsoDate): 'A' | 'B' | 'C' | null {
  const { status, berlakuSampai } = record.accreditation;
  if ((status === 'A' || status === 'B' || status === 'C') && berlakuSampai !== undefined && today <= berlakuSampai) return status;
  return null;
}

/**
 * Whether the Tanda Daftar is valid on `today` (the knock-out prerequisite): it needs a number
 * and, when an end date is recorded, that date must not have passed.
 */
export function tandaDaftarValid(record: Pick<OrganisationRecord, 'legal'>, today: IsoDate): boolean {
  const td = record.legal.tandaDaftar;
  if (!td?.nomor) return false;
  return td.berlakuSampai === undefined || today <= td.berlakuSampai;
}
