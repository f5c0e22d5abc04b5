/**
 * Reading a question's effective schema: follow local `$ref`s (siblings of `$ref` win, as in
 * 2020-12 where both apply and annotations next to the reference describe this use), and extract
 * the options of choice questions.
 */
import { isPlainObject, resolvePointer, segmentsOf } from './json-pointer';
import type { Option } from './types';

export type Schema = Record<string, unknown>;

export interface Resolved {
  schema: Schema;
  /** Pointer of the schema that declares `properties`/`items` (the `$ref` target when they come from it). */
  pointer: string;
}

const MAX_REF_HOPS = 16;

export function resolveLocal(root: unknown, schema: unknown, pointer: string, hops = 0): Resolved {
  if (!isPlainObject(schema)) return { schema: {}, pointer };
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || hops >= MAX_REF_HOPS) return { schema, pointer };
  const target = resolvePointer(root, segmentsOf(ref));
  if (!isPlainObject(target)) return { schema, pointer };
  const inner = resolveLocal(root, target, ref.slice(1), hops + 1);
  const { $ref: _ignored, ...siblings } = schema;
  const ownStructure = 'properties' in siblings || 'items' in siblings;
  return { schema: { ...inner.schema, ...siblings }, pointer: ownStructure ? pointer : inner.pointer };
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Options of a single-choice schema, or undefined when it is not a closed list of scalars. */
export function optionsOf(root: unknown, schema: Schema): Option[] | undefined {
  if (Array.isArray(schema.enum)) {
    if (!schema.enum.every(isScalar)) return undefined;
    return (schema.enum as Array<string | number | boolean>).map((value) => ({ value, title: String(value) }));
  }
  for (const k of ['oneOf', 'anyOf']) {
    const branches = schema[k];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const out: Option[] = [];
    for (const b of branches) {
      const r = resolveLocal(root, b, '').schema;
      if (!Object.prototype.hasOwnProperty.call(r, 'const') || !isScalar(r.const)) return undefined;
      out.push({ value: r.const, title: typeof r.title === 'string' ? r.title : String(r.const) });
    }
    return out;
  }
  if (schema.type === 'boolean') return [{ value: true, title: 'Ya' }, { value: false, title: 'Tidak' }];
  return undefined;
}

/** The declared type, or one inferred from the option values. */
export function typeOf(schema: Schema, options: Option[] | undefined): string | string[] | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  if (!options || options.length === 0) return undefined;
  const kinds = [...new Set(options.map((o) => (typeof o.value === 'number' ? (Number.isInteger(o.value) ? 'integer' : 'number') : typeof o.value)))];
  return kinds.length === 1 ? kinds[0] : kinds;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function typeIncludes(t: string | string[] | undefined, name: string): boolean {
  return t === name || (Array.isArray(t) && t.includes(name));
}
