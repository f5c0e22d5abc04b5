/**
 * Indonesian messages for answer validation errors, naming the question by its title
 * ("Nama lembaga wajib diisi", "Kapasitas harus ≥ 0"). All user-facing wording lives here.
 */
import type { ErrorObject } from 'ajv';
import type { Question } from './types';

const TYPE_NAMES: Record<string, string> = {
  integer: 'bilangan bulat', number: 'angka', string: 'teks', boolean: 'ya atau tidak',
  array: 'daftar', object: 'kelompok isian', null: 'kosong',
};

const FORMAT_MESSAGES: Record<string, string> = {
  date: 'harus berupa tanggal yang valid (TTTT-BB-HH)',
  time: 'harus berupa jam yang valid (JJ:MM:DD dengan zona waktu)',
  'date-time': 'harus berupa tanggal dan jam yang valid',
  email: 'harus berupa alamat email yang valid',
  uuid: 'harus berupa UUID yang valid',
};

const num = (v: unknown) => (typeof v === 'number' ? String(v).replace('.', ',') : String(v));

export interface MessageTarget {
  /** Title plus row, e.g. "Jumlah laki-laki (baris 2)". */
  label: string;
  question?: Question;
}

export function messageFor(e: ErrorObject, t: MessageTarget): string {
  const p = e.params as Record<string, unknown>;
  const label = t.label;
  const unit = t.question?.multiple ? 'pilihan' : t.question?.kind === 'repeat' ? 'baris' : 'isian';
  // The instrument's own message for a failed constraint (x-errorMessage, XLSForm constraint_message).
  const own = t.question?.errorMessage;
  switch (e.keyword) {
    case 'required':
    case 'dependentRequired':
    case 'dependencies':
      return t.question?.requiredMessage ?? `${label} wajib diisi`;
    case 'type': {
      const types = String(p.type).split(',').map((x) => TYPE_NAMES[x] ?? x);
      return `${label} harus berupa ${types.join(' atau ')}`;
    }
    case 'minimum': return own ?? `${label} harus ≥ ${num(p.limit)}`;
    case 'maximum': return own ?? `${label} harus ≤ ${num(p.limit)}`;
    case 'exclusiveMinimum': return own ?? `${label} harus > ${num(p.limit)}`;
    case 'exclusiveMaximum': return own ?? `${label} harus < ${num(p.limit)}`;
    case 'multipleOf': return own ?? `${label} harus kelipatan ${num(p.multipleOf)}`;
    case 'minLength': return own ?? `${label} minimal ${num(p.limit)} karakter`;
    case 'maxLength': return own ?? `${label} maksimal ${num(p.limit)} karakter`;
    case 'pattern': return t.question?.errorMessage ?? `${label} tidak sesuai format yang diminta`;
    case 'format': return t.question?.errorMessage ?? `${label} ${FORMAT_MESSAGES[String(p.format)] ?? 'formatnya tidak valid'}`;
    case 'const':
    case 'enum':
    case 'oneOf':
    case 'anyOf':
      return `${label}: pilihan tidak valid`;
    case 'minItems': return own ?? `${label} minimal ${num(p.limit)} ${unit}`;
    case 'maxItems': return own ?? `${label} maksimal ${num(p.limit)} ${unit}`;
    case 'uniqueItems': return `${label} berisi ${unit} yang sama lebih dari sekali`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `Isian "${String(p.additionalProperty ?? p.unevaluatedProperty)}" tidak dikenal`;
    default: return `${label} tidak valid`;
  }
}

export const ANSWER_MESSAGES = {
  subject: 'Jawaban',
  notObject: 'Jawaban harus berupa kelompok isian (objek JSON)',
  evidenceMin: (label: string, min: number) => `Bukti dukung untuk ${label} wajib diunggah (minimal ${min} berkas)`,
  evidenceMax: (label: string, max: number) => `Bukti dukung untuk ${label} paling banyak ${max} berkas`,
  row: (label: string, row: number) => `${label} (baris ${row})`,
  whole: 'Jawaban',
};
