/**
 * Safety rules for untrusted definitions (SECURITY-CHECKLIST 21-23), applied before Ajv compiles
 * anything: no `$data`/`$async`, references only inside the document, safe regular expressions,
 * bounded `uniqueItems`; in strict mode also the authoring rules of forms/FORMAT.md §3 that keep
 * answers bounded (maxItems, maxLength, additionalProperties: false, stable keys, vetted formats).
 */
import { DEFINITION_LIMITS, FORBIDDEN_KEYWORDS, STRICT_FORMATS } from './limits';
import { escapeToken, isPlainObject, resolvePointer, segmentsOf } from './json-pointer';
import { patternProblem } from './regex-safety';
import { DATA_KEYWORDS, LOCAL_BASE, MAP_KEYWORDS, resolveUri, walkSchemas, type SchemaVisit } from './schema-walk';
import type { FormMode, Problem } from './types';

const KEY_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const STRICT_FORMAT_SET = new Set<string>(STRICT_FORMATS);

export function rootBaseOf(doc: Record<string, unknown>): string {
  return typeof doc.$id === 'string' ? resolveUri(doc.$id, LOCAL_BASE) ?? LOCAL_BASE : LOCAL_BASE;
}

export function checkSchemaSafety(doc: Record<string, unknown>, mode: FormMode): Problem[] {
  const problems: Problem[] = [];
  const add = (pointer: string, code: Problem['code'], message: string) => problems.push({ pointer, code, message });
  const visits: SchemaVisit[] = [];
  const rootBase = rootBaseOf(doc);
  walkSchemas(doc, (v) => visits.push({ ...v }), '', false, rootBase);
  const monev = doc['x-monev'];
  if (mode === 'strict' && isPlainObject(monev) && Array.isArray(monev.caps)) {
    monev.caps.forEach((cap, i) => {
      if (isPlainObject(cap)) walkSchemas(cap.when, (v) => visits.push({ ...v }), `/x-monev/caps/${i}/when`, true, rootBase);
    });
  }

  // Every schema resource (root and embedded `$id`s) a reference may point into.
  const resources = new Map<string, unknown>([[rootBase, doc]]);
  const anchors = new Set<string>();
  for (const v of visits) {
    if (v.pointer !== '' && typeof v.schema.$id === 'string' && !v.schema.$id.startsWith('#')) resources.set(v.base, v.schema);
    if (typeof v.schema.$anchor === 'string') anchors.add(v.schema.$anchor);
    if (typeof v.schema.$id === 'string' && v.schema.$id.startsWith('#')) anchors.add(v.schema.$id.slice(1));
  }

  for (const v of visits) {
    checkKeywords(v, mode, add);
    checkRefs(v, mode, resources, anchors, add);
    checkPatterns(v, add);
    if (mode === 'strict') checkStrictAuthoring(v, add);
  }
  return problems;
}

type Add = (pointer: string, code: Problem['code'], message: string) => void;

function checkKeywords(v: SchemaVisit, mode: FormMode, add: Add): void {
  const s = v.schema;
  if (Object.prototype.hasOwnProperty.call(s, '$data')) add(`${v.pointer}/$data`, 'data-keyword', FORBIDDEN_KEYWORDS.$data);
  if (Object.prototype.hasOwnProperty.call(s, '$async')) add(`${v.pointer}/$async`, 'async', FORBIDDEN_KEYWORDS.$async);
  for (const [k, val] of Object.entries(s)) {
    if (DATA_KEYWORDS.has(k) || MAP_KEYWORDS.has(k)) continue;
    if (isPlainObject(val) && Object.prototype.hasOwnProperty.call(val, '$data')) {
      add(`${v.pointer}/${escapeToken(k)}/$data`, 'data-keyword', FORBIDDEN_KEYWORDS.$data);
    }
  }
  if (mode !== 'strict') return;
  for (const k of ['$dynamicRef', '$dynamicAnchor', '$recursiveRef', '$recursiveAnchor', '$anchor']) {
    if (Object.prototype.hasOwnProperty.call(s, k)) add(`${v.pointer}/${k}`, 'unknown-keyword', FORBIDDEN_KEYWORDS[k]);
  }
  if (v.pointer !== '' && Object.prototype.hasOwnProperty.call(s, '$id')) add(`${v.pointer}/$id`, 'id', '$id hanya boleh di bagian paling atas definisi');
  if (v.pointer !== '' && Object.prototype.hasOwnProperty.call(s, '$schema')) add(`${v.pointer}/$schema`, 'id', '$schema hanya boleh di bagian paling atas definisi');
  if (v.inCondition && Object.prototype.hasOwnProperty.call(s, '$ref')) add(`${v.pointer}/$ref`, 'ref', '$ref tidak didukung di dalam kondisi (x-visibleIf / caps.when)');
  if (v.pointer !== '' && Object.prototype.hasOwnProperty.call(s, 'x-monev')) add(`${v.pointer}/x-monev`, 'structure', 'x-monev hanya boleh di bagian paling atas definisi');
}

function checkRefs(v: SchemaVisit, mode: FormMode, resources: Map<string, unknown>, anchors: Set<string>, add: Add): void {
  for (const k of ['$ref', '$dynamicRef', '$recursiveRef']) {
    const ref = v.schema[k];
    if (!Object.prototype.hasOwnProperty.call(v.schema, k)) continue;
    const at = `${v.pointer}/${k}`;
    if (typeof ref !== 'string') { add(at, 'ref', `${k} harus berupa teks`); continue; }
    if (mode === 'strict' && !ref.startsWith('#')) { add(at, 'ref', `${k} "${ref}" tidak diizinkan: hanya referensi lokal "#/..."`); continue; }
    const hashAt = ref.indexOf('#');
    const docPart = hashAt < 0 ? ref : ref.slice(0, hashAt);
    const fragment = hashAt < 0 ? '' : ref.slice(hashAt + 1);
    const target = docPart === '' ? v.base : resolveUri(docPart, v.base);
    if (target === null || !resources.has(target)) {
      add(at, 'ref', `${k} "${ref}" menunjuk ke luar dokumen (referensi jarak jauh tidak diizinkan)`);
      continue;
    }
    if (fragment === '') continue;
    if (fragment.startsWith('/')) {
      if (resolvePointer(resources.get(target), segmentsOf('#' + fragment)) === undefined) add(at, 'ref', `${k} "${ref}" tidak menunjuk ke bagian mana pun dari dokumen`);
    } else if (!anchors.has(fragment)) {
      add(at, 'ref', `${k} "${ref}" tidak menunjuk ke anchor mana pun dari dokumen`);
    }
  }
}

function checkPatterns(v: SchemaVisit, add: Add): void {
  const s = v.schema;
  if (Object.prototype.hasOwnProperty.call(s, 'pattern')) {
    const why = typeof s.pattern === 'string' ? patternProblem(s.pattern) : 'pattern harus berupa teks';
    if (why) add(`${v.pointer}/pattern`, 'pattern', why);
  }
  if (isPlainObject(s.patternProperties)) {
    for (const p of Object.keys(s.patternProperties)) {
      const why = patternProblem(p);
      if (why) add(`${v.pointer}/patternProperties/${escapeToken(p)}`, 'pattern', why);
    }
  }
}

function typesOf(s: Record<string, unknown>): string[] {
  if (typeof s.type === 'string') return [s.type];
  return Array.isArray(s.type) ? s.type.filter((t): t is string => typeof t === 'string') : [];
}

function checkStrictAuthoring(v: SchemaVisit, add: Add): void {
  const s = v.schema;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(s, k);
  if (has('uniqueItems') && s.uniqueItems === true && !(typeof s.maxItems === 'number' && s.maxItems <= DEFINITION_LIMITS.maxUniqueItems)) {
    add(`${v.pointer}/uniqueItems`, 'unique-items', `uniqueItems memerlukan maxItems paling banyak ${DEFINITION_LIMITS.maxUniqueItems}`);
  }
  if (has('format') && (typeof s.format !== 'string' || !STRICT_FORMAT_SET.has(s.format))) {
    add(`${v.pointer}/format`, 'format', `format "${String(s.format)}" tidak didukung; gunakan salah satu: ${STRICT_FORMATS.join(', ')}`);
  }
  if (v.inCondition) return;
  const types = typesOf(s);
  if (types.includes('array') || has('items') || has('prefixItems')) {
    if (!(typeof s.maxItems === 'number' && s.maxItems <= DEFINITION_LIMITS.maxArrayItems)) {
      add(v.pointer, 'limits', `daftar (array) memerlukan maxItems paling banyak ${DEFINITION_LIMITS.maxArrayItems}`);
    }
  }
  if (types.includes('object') || has('properties')) {
    if (s.additionalProperties !== false && s.unevaluatedProperties !== false) {
      add(v.pointer, 'limits', 'objek memerlukan "additionalProperties": false agar jawaban yang tidak dikenal ditolak');
    }
  }
  const hasOptions = has('const') || has('enum') || has('oneOf') || has('anyOf') || has('$ref');
  if (types.includes('string') && !has('format') && !hasOptions) {
    if (!(typeof s.maxLength === 'number' && s.maxLength <= DEFINITION_LIMITS.maxStringLength)) {
      add(v.pointer, 'limits', `teks bebas memerlukan maxLength paling banyak ${DEFINITION_LIMITS.maxStringLength}`);
    }
  }
  if (isPlainObject(s.properties)) {
    for (const key of Object.keys(s.properties)) {
      if (!KEY_RE.test(key)) add(`${v.pointer}/properties/${escapeToken(key)}`, 'key', `kunci "${key}" tidak valid: gunakan huruf/angka camelCase tanpa spasi (maks. 64 karakter)`);
    }
  }
}
