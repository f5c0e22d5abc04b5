/**
 * Paths, field names and element ids. One answer path is an array of segments (property names
 * and array indices). It has three spellings:
 *  - key:  segments joined by "." — the question identity used by errors, evidence and hidden
 *          sets (matches the engine's dotted paths; a JSON pointer "/a/0/b" is accepted too);
 *  - name: the HTML field name. Segments are escaped so the name decodes back to exactly the same
 *          segments: "~" → "~0", "." → "~1", a leading "_" → "~2" (so no field can collide with
 *          app fields like `_csrf` or `_action`). Segments starting with "~" + a letter are
 *          reserved markers (`~rows`, `~alt`, `~a0`, `~extra`, `~file`, `~root`) and never come
 *          from escaping;
 *  - id:   `<prefix>-` + the name parts joined by "-", each part made of [A-Za-z0-9_] only
 *          (other characters become `_hex_`), so ids are unique, and "--" never occurs inside
 *          one: suffixes like `--hint`, `--err`, `--o1` cannot collide with a field's id.
 */
export type Segment = string | number;

export const ROOT_NAME = '~root';

export function pathKey(path: readonly Segment[]): string {
  return path.join('.');
}

/** Normalises an error or evidence path from either spelling (dotted or JSON pointer) to a key. */
export function normaliseKey(path: string): string {
  if (path === '' || path === '/') return '';
  if (!path.startsWith('/')) return path;
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

export function escapeSegment(segment: Segment): string {
  if (typeof segment === 'number') return String(segment);
  const s = segment.replace(/~/g, '~0').replace(/\./g, '~1');
  return s.startsWith('_') ? `~2${s.slice(1)}` : s;
}

export function unescapeSegment(s: string): string {
  const head = s.startsWith('~2') ? `_${s.slice(2)}` : s;
  return head.replace(/~1/g, '.').replace(/~0/g, '~');
}

/** A name segment that is a reserved marker rather than an escaped property name. */
export function isMarker(s: string): boolean {
  return /^~[a-z]/.test(s);
}

/** Joins already-escaped name parts; the root object's children have no prefix. */
export function childName(parentName: string, segment: Segment): string {
  const s = escapeSegment(segment);
  return parentName === '' ? s : `${parentName}.${s}`;
}

export function markerName(parentName: string, marker: string): string {
  return parentName === '' ? marker : `${parentName}.${marker}`;
}

/**
 * Decodes a field name into answer segments (markers dropped, `~aN` alternative markers dropped).
 * Array indices stay strings here; callers that know the schema decide what is an index.
 */
export function decodeFieldName(name: string): { segments: string[]; markers: string[] } {
  const segments: string[] = [];
  const markers: string[] = [];
  if (name === ROOT_NAME) return { segments, markers: [ROOT_NAME] };
  for (const part of name.split('.')) {
    if (isMarker(part)) markers.push(part);
    else segments.push(unescapeSegment(part));
  }
  return { segments, markers };
}

/** The element id of the question at dotted path `key` (for links from other pages). */
export function questionId(key: string, prefix = 'f'): string {
  return key === '' ? `${prefix}-root` : `${prefix}-${key.split('.').map((s) => idPart(escapeSegment(s))).join('-')}`;
}

/** One part of an element id (see above). */
export function idPart(segment: Segment): string {
  if (segment === '') return '_'; // keeps "--" free for the suffixes (--hint, --err, --o1)
  return String(segment).replace(/[^A-Za-z0-9]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
}
