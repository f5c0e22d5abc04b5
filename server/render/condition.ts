/**
 * A small JSON-Schema evaluator for `x-visibleIf` conditions, used on the server only when the
 * caller passes neither a hidden set nor an engine visibility function. It mirrors the evaluator
 * in views/assets/form.js (the page toggles the same parts live); a test runs both against Ajv.
 * Supported: type, const, enum, properties, required, contains, items (one schema), minimum,
 * maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength, minItems, maxItems, not,
 * allOf, anyOf, oneOf. Other keywords are ignored (treated as satisfied); `pattern` is ignored
 * on purpose (no regex from definitions runs here).
 */
import { hasOwn, isObject } from './refs';

const MAX_DEPTH = 32;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function typeMatches(t: unknown, v: unknown): boolean {
  switch (t) {
    case 'null': return v === null;
    case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'array': return Array.isArray(v);
    case 'object': return isObject(v);
    default: return true;
  }
}

export function matches(schema: unknown, value: unknown, depth = 0): boolean {
  if (schema === true || schema === undefined) return true;
  if (schema === false) return false;
  if (!isObject(schema) || depth > MAX_DEPTH) return true;
  const s = schema;
  const d = depth + 1;
  if (s.type !== undefined && !([] as unknown[]).concat(s.type).some((t) => typeMatches(t, value))) return false;
  if (hasOwn(s, 'const') && !deepEqual(s.const, value)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) return false;
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return false;
    if (typeof s.maximum === 'number' && value > s.maximum) return false;
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) return false;
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) return false;
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (typeof s.minLength === 'number' && len < s.minLength) return false;
    if (typeof s.maxLength === 'number' && len > s.maxLength) return false;
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) return false;
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return false;
    if (s.contains !== undefined && !value.some((x) => matches(s.contains, x, d))) return false;
    if (isObject(s.items) && !value.every((x) => matches(s.items, x, d))) return false;
  }
  if (isObject(value)) {
    if (Array.isArray(s.required) && !s.required.every((k) => typeof k === 'string' && hasOwn(value, k))) return false;
    if (isObject(s.properties)) {
      for (const [k, sub] of Object.entries(s.properties)) {
        if (hasOwn(value, k) && !matches(sub, value[k], d)) return false;
      }
    }
  }
  if (s.not !== undefined && matches(s.not, value, d)) return false;
  if (Array.isArray(s.allOf) && !s.allOf.every((x) => matches(x, value, d))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((x) => matches(x, value, d))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((x) => matches(x, value, d)).length !== 1) return false;
  return true;
}
