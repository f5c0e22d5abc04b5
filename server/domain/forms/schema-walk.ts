/**
 * Keyword-aware traversal of a JSON Schema document: visits every subschema exactly where a
 * validator would look for one (so a property *named* "pattern" is not mistaken for the keyword).
 * Covers draft-07, 2019-09 and 2020-12 applicators, plus our schema-valued annotations.
 */
import { escapeToken, isPlainObject } from './json-pointer';

const SINGLE = ['additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else',
  'unevaluatedItems', 'unevaluatedProperties', 'contentSchema', 'x-visibleIf'];
const ARRAY = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

export interface SchemaVisit {
  schema: Record<string, unknown>;
  pointer: string;
  /** Inside an `x-visibleIf` or cap condition (a schema about answers, not describing them). */
  inCondition: boolean;
  /** The keyword that led here, e.g. 'properties', 'items', 'x-visibleIf' ('' for the root). */
  via: string;
  /** Base URI in effect for this subschema (after its own `$id`), for resolving `$ref`. */
  base: string;
}

/** Base URI used when the root has no `$id`. */
export const LOCAL_BASE = 'monev-local:/root';

/** Absolute URI without fragment, or null when it cannot be resolved. */
export function resolveUri(ref: string, base: string): string | null {
  try {
    const url = new URL(ref, base);
    url.hash = '';
    return url.href.replace(/#$/, '');
  } catch {
    return null;
  }
}

/** Calls `visit` for every object subschema (boolean schemas have nothing to check). */
export function walkSchemas(root: unknown, visit: (v: SchemaVisit) => void, rootPointer = '', inCondition = false, rootBase = LOCAL_BASE): void {
  const stack: SchemaVisit[] = [];
  if (isPlainObject(root)) stack.push({ schema: root, pointer: rootPointer, inCondition, via: '', base: rootBase });
  while (stack.length > 0) {
    const cur = stack.pop() as SchemaVisit;
    const id = cur.schema.$id;
    if (typeof id === 'string' && !id.startsWith('#')) cur.base = resolveUri(id, cur.base) ?? cur.base;
    visit(cur);
    const children = childSchemas(cur);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function childSchemas(v: SchemaVisit): SchemaVisit[] {
  const out: SchemaVisit[] = [];
  const s = v.schema;
  const push = (child: unknown, pointer: string, via: string, cond = v.inCondition) => {
    if (isPlainObject(child)) out.push({ schema: child, pointer, inCondition: cond, via, base: v.base });
  };
  for (const k of MAP) {
    const m = s[k];
    if (!isPlainObject(m) || !Object.prototype.hasOwnProperty.call(s, k)) continue;
    for (const name of Object.keys(m)) push(m[name], `${v.pointer}/${k}/${escapeToken(name)}`, k);
  }
  if (Object.prototype.hasOwnProperty.call(s, 'items')) {
    const items = s.items;
    if (Array.isArray(items)) items.forEach((it, i) => push(it, `${v.pointer}/items/${i}`, 'items'));
    else push(items, `${v.pointer}/items`, 'items');
  }
  for (const k of ARRAY) {
    const arr = s[k];
    if (Array.isArray(arr) && Object.prototype.hasOwnProperty.call(s, k)) {
      arr.forEach((it, i) => push(it, `${v.pointer}/${k}/${i}`, k));
    }
  }
  for (const k of SINGLE) {
    if (Object.prototype.hasOwnProperty.call(s, k)) push(s[k], `${v.pointer}/${escapeToken(k)}`, k, v.inCondition || k === 'x-visibleIf');
  }
  const deps = s.dependencies;
  if (isPlainObject(deps) && Object.prototype.hasOwnProperty.call(s, 'dependencies')) {
    for (const name of Object.keys(deps)) push(deps[name], `${v.pointer}/dependencies/${escapeToken(name)}`, 'dependencies');
  }
  return out;
}

/** Keywords whose values are data, not schemas (their content is never a keyword). */
export const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'x-monev', 'x-score', 'x-evidence']);

/** Keywords whose values are maps from names to schemas (the names are data). */
export const MAP_KEYWORDS = new Set([...MAP, 'dependencies']);
