/** RFC 6901 JSON pointers and the small object helpers every forms module needs. */

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerOf(segments: readonly string[]): string {
  return segments.map((s) => '/' + escapeToken(s)).join('');
}

export function segmentsOf(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return body.split('/').slice(1).map((t) => unescapeToken(decodeURIComponentSafe(t)));
}

function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property lookup only: answers and definitions are untrusted, never read the prototype chain. */
export function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Follows a list of property names (no array indexes) through plain objects. */
export function getIn(doc: unknown, segments: readonly string[]): unknown {
  let cur = doc;
  for (const s of segments) {
    if (!isPlainObject(cur)) return undefined;
    cur = own(cur, s);
  }
  return cur;
}

export function resolvePointer(doc: unknown, segments: readonly string[]): unknown {
  let cur = doc;
  for (const s of segments) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(s)) return undefined;
      cur = cur[Number(s)];
    } else cur = own(cur, s);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * Returns a copy of `doc` without the properties at the given paths (property names only).
 * Copy-on-write: untouched branches are shared, and `doc` itself is returned when nothing is removed.
 */
export function withoutPaths(doc: unknown, paths: ReadonlyArray<readonly string[]>): unknown {
  let out = doc;
  for (const path of paths) out = withoutPath(out, path, 0);
  return out;
}

function withoutPath(node: unknown, path: readonly string[], i: number): unknown {
  if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, path[i])) return node;
  const copy: Record<string, unknown> = { ...node };
  if (i === path.length - 1) {
    delete copy[path[i]];
    return copy;
  }
  const child = withoutPath(node[path[i]], path, i + 1);
  if (child === node[path[i]]) return node;
  copy[path[i]] = child;
  return copy;
}
