/**
 * Reading dotted paths the way indexes and sorts see them: arrays met on the way are expanded
 * (multikey), a missing field yields `undefined`. `collect` returns every terminal value; a
 * terminal array contributes its elements (and the empty-array marker when empty).
 */
import { fieldOf, hasInheritedPart } from './fields';
import { Doc, isPlainObject } from './types';

/** A split path; `inherited` marks paths with a part such as `constructor` (read as own fields only). */
export type PathParts = readonly string[] & { readonly inherited: boolean };

export const EMPTY_ARRAY = Symbol('emptyArray');

function isIndexPart(part: string): boolean {
  return part.length > 0 && part.length < 10 && /^\d+$/.test(part);
}

function walk(v: unknown, parts: PathParts, i: number, out: unknown[], expandTerminal: boolean): void {
  if (i === parts.length) {
    if (Array.isArray(v) && expandTerminal) {
      if (v.length === 0) out.push(EMPTY_ARRAY);
      else for (const e of v) out.push(e);
    } else out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    const part = parts[i];
    if (isIndexPart(part) && Number(part) < v.length) {
      walk(v[Number(part)], parts, i + 1, out, expandTerminal);
      return;
    }
    if (v.length === 0) {
      out.push(undefined);
      return;
    }
    const before = out.length;
    for (const e of v) {
      if (isPlainObject(e)) walk(e, parts, i, out, expandTerminal);
    }
    if (out.length === before) out.push(undefined);
    return;
  }
  if (isPlainObject(v)) {
    walk(fieldOf(v, parts[i]), parts, i + 1, out, expandTerminal);
    return;
  }
  out.push(undefined);
}

/** All values found at `path` (array elements expanded); `[undefined]` when absent. */
export function collect(doc: Doc, path: string, expandTerminal = true): unknown[] {
  const parts = splitPath(path);
  // Fast path: no array on the way (most report fields, e.g. "selfScore.total"): one value.
  let v: unknown = doc;
  const guarded = parts.inherited;
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(v)) return collectSlow(doc, parts, expandTerminal);
    if (!isPlainObject(v)) return [undefined];
    v = guarded ? fieldOf(v, parts[i]) : v[parts[i]];
  }
  if (Array.isArray(v) && expandTerminal) return collectSlow(doc, parts, expandTerminal);
  return [v];
}

function collectSlow(doc: Doc, parts: PathParts, expandTerminal: boolean): unknown[] {
  const out: unknown[] = [];
  walk(doc, parts, 0, out, expandTerminal);
  return out;
}

const splitCache = new Map<string, PathParts>();

export function splitPath(path: string): PathParts {
  let parts = splitCache.get(path);
  if (!parts) {
    const split = path.split('.');
    parts = Object.assign(split, { inherited: hasInheritedPart(split) });
    if (splitCache.size > 10000) splitCache.clear();
    splitCache.set(path, parts);
  }
  return parts;
}

/** Plain (non-expanding) lookup: `a.b.0` descends into objects and array positions. */
export function getPath(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const part of splitPath(path)) {
    if (Array.isArray(v)) {
      if (!isIndexPart(part)) return undefined;
      v = v[Number(part)];
    } else if (isPlainObject(v)) v = fieldOf(v, part);
    else return undefined;
  }
  return v;
}

export function hasNumericPart(path: string): boolean {
  return splitPath(path).some(isIndexPart);
}
