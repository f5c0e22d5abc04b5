/**
 * Field names are data. A stored document may have fields called `__proto__`, `constructor`,
 * `toString` or `prototype` (MongoDB stores them like any other name), but on a JavaScript object
 * those names reach inherited properties: `doc.constructor` is `Object` when the document has no
 * such field, and `doc.__proto__ = v` replaces the prototype instead of adding a field (one
 * `$set` through `a.__proto__` used to write into `Object.prototype` for the whole process).
 *
 * Every walk over documents reads through `fieldOf` (or checks `isInheritedName` once per
 * compiled path and then reads directly when no part is inherited), tests presence with
 * `hasField`, and adds fields with `setField`. Object spread, `Object.keys/entries` and computed
 * keys in object literals already treat these names as own data.
 */
import type { Doc } from './types';

const hasOwn = Object.prototype.hasOwnProperty;

/** Names a plain object answers without having them: Object.prototype's own names, and `prototype`. */
const INHERITED: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function isInheritedName(name: string): boolean {
  return INHERITED.has(name);
}

/** True when one of the parts of a path is an inherited name (the path needs guarded reads). */
export function hasInheritedPart(parts: readonly string[]): boolean {
  for (const p of parts) if (INHERITED.has(p)) return true;
  return false;
}

export function hasField(obj: object, name: string): boolean {
  return hasOwn.call(obj, name);
}

/** The value of the field `name` of a document: its own property only. */
export function fieldOf(obj: Doc, name: string): unknown {
  if (!INHERITED.has(name)) return obj[name];
  return hasOwn.call(obj, name) ? obj[name] : undefined;
}

/** Adds or replaces the field `name`, as an own property also for `__proto__`. */
export function setField(obj: Doc, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true });
  else obj[name] = value;
}
