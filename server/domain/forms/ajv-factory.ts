/**
 * The one place Ajv instances are configured. Each loaded definition gets its own instance so a
 * rejected or replaced upload can be garbage-collected and `$id`s of different forms never clash;
 * within a form, the answer schema, its conditions and caps share that instance (compiled once).
 */
import Ajv, { type Options } from 'ajv';
import type AjvCore from 'ajv/dist/core';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { STRICT_FORMATS } from './limits';

export type AjvInstance = AjvCore;

/** x- annotations: known to Ajv (so strict mode accepts them) but with no validation effect. */
export const ANNOTATION_KEYWORDS = [
  'x-monev', 'x-widget', 'x-order', 'x-placeholder', 'x-hint', 'x-errorMessage', 'x-requiredMessage', 'x-visibleIf',
  'x-evidence', 'x-score', 'x-weight', 'x-evaluatorOnly', 'x-recommendation',
] as const;

const SAFE_COMMON: Options = {
  $data: false,          // no references from the schema into the answers
  allErrors: true,       // callers filter errors (draft mode, hidden questions); inputs are size-capped first
  ownProperties: true,   // never read inherited properties of answers
  useDefaults: false,
  coerceTypes: false,
  removeAdditional: false,
  loadSchema: undefined, // no remote schemas, ever
  messages: true,
  logger: false,
};

/** Ajv for our own instruments: draft 2020-12, strict mode, vetted formats only. */
export function createStrictAjv(): AjvCore {
  const ajv = new Ajv2020({ ...SAFE_COMMON, strict: true, validateFormats: true });
  addFormats(ajv, [...STRICT_FORMATS]);
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword(keyword);
  return ajv;
}

export type ForeignDraft = 'draft-07' | '2019-09' | '2020-12';

/**
 * Ajv for schemas written for other form libraries: unknown keywords (enumNames, ...) and unknown
 * formats are ignored, as the libraries themselves do. `meta: false` is needed when the schema
 * claims the `$id` of a meta-schema (a JSON Forms sample is the draft-07 meta-schema itself).
 */
export function createForeignAjv(draft: ForeignDraft, withMeta = true): AjvCore {
  const opts: Options = { ...SAFE_COMMON, strict: false, validateSchema: withMeta, meta: withMeta };
  const ajv = draft === '2020-12' ? new Ajv2020(opts) : draft === '2019-09' ? new Ajv2019(opts) : new Ajv(opts);
  addFormats(ajv);
  return ajv;
}

export function draftOf(schemaUri: unknown): ForeignDraft {
  if (typeof schemaUri !== 'string') return 'draft-07';
  if (schemaUri.includes('2020-12')) return '2020-12';
  if (schemaUri.includes('2019-09')) return '2019-09';
  return 'draft-07';
}

let metaAjv: AjvCore | null = null;

/** A separate, trusted Ajv for validating definitions against forms/meta-schema.json. */
export function metaSchemaAjv(metaSchema: object): AjvCore {
  if (!metaAjv) {
    metaAjv = new Ajv2020({ strict: false, allErrors: true, logger: false });
    metaAjv.addSchema(metaSchema);
  }
  return metaAjv;
}
