/**
 * Local `$ref` resolution for any JSON Schema the renderer is given: JSON pointers ("#/$defs/x",
 * "#/definitions/x"), "#", embedded resources with their own `$id` (bundled schemas) and
 * `$anchor`s. Remote references are never fetched; they resolve to undefined and the renderer
 * falls back to a JSON field with a note.
 *
 * The base URI of every schema object is computed once (WeakMap), so merged schemas keep
 * resolving their references against the document they came from.
 */
export type SchemaObject = Record<string, unknown>;

const DEFAULT_BASE = 'https://render.invalid/root';
const MAX_INDEXED = 50_000; // bounds the walk over hostile documents

// Keywords whose values are subschemas (object), lists of subschemas, or maps of subschemas.
const SCHEMA_ONE = ['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
const SCHEMA_LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const SCHEMA_MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependencies', 'dependentSchemas'];

export interface RefContext {
  root: SchemaObject;
  rootBase: string;
  /** absolute URI without fragment (or with `#anchor`) → schema object */
  resources: Map<string, SchemaObject>;
  baseOf: WeakMap<object, string>;
}

export function isObject(v: unknown): v is SchemaObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function resolveUri(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

function stripFragment(uri: string): string {
  const i = uri.indexOf('#');
  return i < 0 ? uri : uri.slice(0, i);
}

export function createRefContext(root: SchemaObject): RefContext {
  const rootBase = (typeof root.$id === 'string' && resolveUri(root.$id, DEFAULT_BASE)) || DEFAULT_BASE;
  const ctx: RefContext = { root, rootBase: stripFragment(rootBase), resources: new Map(), baseOf: new WeakMap() };
  ctx.resources.set(ctx.rootBase, root);
  let count = 0;
  const visit = (node: unknown, base: string): void => {
    if (!isObject(node) || ctx.baseOf.has(node) || ++count > MAX_INDEXED) return;
    let here = base;
    if (typeof node.$id === 'string' && node !== root) {
      const abs = resolveUri(node.$id, base);
      if (abs) {
        here = stripFragment(abs);
        if (!ctx.resources.has(here)) ctx.resources.set(here, node);
      }
    }
    if (typeof node.$anchor === 'string') ctx.resources.set(`${here}#${node.$anchor}`, node);
    ctx.baseOf.set(node, here);
    for (const k of SCHEMA_ONE) if (isObject(node[k])) visit(node[k], here);
    for (const k of SCHEMA_LIST) {
      const list = node[k];
      if (Array.isArray(list)) for (const s of list) visit(s, here);
    }
    for (const k of SCHEMA_MAP) {
      const map = node[k];
      if (isObject(map)) for (const s of Object.values(map)) visit(s, here);
    }
  };
  visit(root, ctx.rootBase);
  return ctx;
}

function walkPointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(cur) && /^\d+$/.test(seg)) cur = cur[Number(seg)];
    else if (isObject(cur) && hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** Resolves `ref` found in `from`; returns the target and a stable key for cycle detection. */
export function resolveRef(ctx: RefContext, from: object, ref: string): { schema: unknown; key: string } | undefined {
  const base = ctx.baseOf.get(from) ?? ctx.rootBase;
  const abs = resolveUri(ref, base);
  if (!abs) return undefined;
  const hash = abs.indexOf('#');
  const doc = hash < 0 ? abs : abs.slice(0, hash);
  const fragment = hash < 0 ? '' : abs.slice(hash + 1);
  const resource = ctx.resources.get(doc);
  if (!resource) return undefined;
  let schema: unknown;
  if (fragment === '') schema = resource;
  else if (fragment.startsWith('/')) schema = walkPointer(resource, fragment);
  else schema = ctx.resources.get(`${doc}#${fragment}`);
  if (schema === undefined) return undefined;
  return { schema, key: `${doc}#${fragment}` };
}
