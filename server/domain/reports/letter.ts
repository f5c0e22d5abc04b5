/**
 * The letter a printed summary is filed as: its number ("Nomor surat", e.g.
 * "400.9/123/Dinsos/2026") and date, both set by the person printing, in a small GET form before
 * the print view (works without JavaScript; the values go into the print URL, appear on the
 * printout and are audited). The number is free text as offices write it: one line, control and
 * bidi characters removed, at most LETTER_NUMBER_MAX characters (escaped on output like any
 * text). The date is an ISO day (an `<input type="date">` value); without one, today in WIB.
 */
export const LETTER_NUMBER_MAX = 100;
export const LETTER_PARAMS = { number: 'nomor', date: 'tanggal' } as const;

export interface Letter {
  /** null: left blank, to be written by hand (the printout shows a dotted line). */
  number: string | null;
  /** YYYY-MM-DD */
  date: string;
  /** Whether the reader set either value (then the print is audited with them). */
  set: boolean;
}

export type LetterResult = { ok: true; letter: Letter } | { ok: false; param: string };

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Today in WIB as YYYY-MM-DD. */
export function todayWib(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

function validDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
    && Number(m[1]) >= 2000 && Number(m[1]) <= 2100;
}

/** The letter from a flat query string; a repeated key, an over-long number or a bad date is refused with the param's name. */
export function parseLetter(query: Record<string, unknown>, today: string = todayWib()): LetterResult {
  const rawNumber = query[LETTER_PARAMS.number];
  const rawDate = query[LETTER_PARAMS.date];
  if (rawNumber !== undefined && typeof rawNumber !== 'string') return { ok: false, param: LETTER_PARAMS.number };
  if (rawDate !== undefined && typeof rawDate !== 'string') return { ok: false, param: LETTER_PARAMS.date };
  const number = (rawNumber ?? '').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  if (number.length > LETTER_NUMBER_MAX) return { ok: false, param: LETTER_PARAMS.number };
  const date = (rawDate ?? '').trim();
  if (date !== '' && !validDay(date)) return { ok: false, param: LETTER_PARAMS.date };
  return { ok: true, letter: { number: number || null, date: date || today, set: number !== '' || date !== '' } };
}
