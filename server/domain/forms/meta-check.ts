/**
 * Validates a strict definition against forms/meta-schema.json (JSON Schema 2020-12 extended with
 * our x- annotations; unknown keywords anywhere are errors) and words each error for admins.
 */
import type { ErrorObject } from 'ajv';
import metaSchema from '../../../forms/meta-schema.json';
import { metaSchemaAjv } from './ajv-factory';
import { errorPointer, pickErrors } from './ajv-errors';
import type { Problem } from './types';

export const META_SCHEMA_ID = metaSchema.$id;

export function checkAgainstMetaSchema(doc: unknown): Problem[] {
  const validate = metaSchemaAjv(metaSchema).getSchema(`${META_SCHEMA_ID}#/$defs/definition`);
  if (!validate) throw new Error('meta-schema not loaded');
  if (validate(doc)) return [];
  return pickErrors(validate.errors ?? []).map((e) => ({ pointer: errorPointer(e), code: codeOf(e), message: metaMessage(e) }));
}

function codeOf(e: ErrorObject): Problem['code'] {
  if (e.keyword === 'unevaluatedProperties') return 'unknown-keyword';
  return 'meta';
}

function metaMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'unevaluatedProperties': return `kata kunci "${String(p.unevaluatedProperty)}" tidak dikenal (bukan JSON Schema 2020-12 maupun anotasi x- Monev)`;
    case 'additionalProperties': return `"${String(p.additionalProperty)}" tidak dikenal di sini`;
    case 'required': return `"${String(p.missingProperty)}" wajib ada`;
    case 'type': return `harus bertipe ${String(p.type)}`;
    case 'const': return `harus bernilai ${JSON.stringify(p.allowedValue)}`;
    case 'enum': return `harus salah satu dari: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern': return `tidak sesuai pola ${String(p.pattern)}`;
    case 'minimum': case 'exclusiveMinimum': case 'maximum': case 'exclusiveMaximum':
      return `harus ${String(p.comparison)} ${String(p.limit)}`;
    case 'minItems': return `minimal ${String(p.limit)} isian`;
    case 'maxItems': return `maksimal ${String(p.limit)} isian`;
    case 'minLength': return `minimal ${String(p.limit)} karakter`;
    case 'maxLength': return `maksimal ${String(p.limit)} karakter`;
    case 'oneOf': return 'harus memenuhi tepat satu bentuk yang diizinkan (mis. x-score: points ATAU bands)';
    default: return e.message ?? 'tidak valid';
  }
}
