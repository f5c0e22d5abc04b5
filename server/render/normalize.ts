/**
 * Flattens one schema node for rendering: resolves `$ref` (siblings win for annotations), merges
 * `allOf`, and adds the properties of `if/then/else` and `dependencies`/`dependentSchemas` (the
 * union of everything that may be asked, never required). Subschemas below the node stay raw and
 * are normalised when their own plan node is built. Never throws: unresolvable or recursive
 * references come back marked `truncated`.
 */
import { hasOwn, isObject, resolveRef, type RefContext, type SchemaObject } from './refs';

/** A reference may be expanded this many times on one branch before recursion is cut. */
const MAX_REF_REPEAT = 2;
const MAX_MERGE_DEPTH = 32;

export interface Normalised {
  s: SchemaObject;
  /** reference keys expanded on the way here (children inherit it) */
  stack: readonly string[];
  truncated?: 'recursion' | 'unresolved';
}

const COMPOUND = new Set(['$ref', 'allOf', 'if', 'then', 'else', 'dependencies', 'dependentSchemas']);

function union(a: unknown, b: unknown): string[] {
  const out = Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
  if (Array.isArray(b)) for (const x of b) if (typeof x === 'string' && !out.includes(x)) out.push(x);
  return out;
}

function mergeProperties(a: unknown, b: unknown): SchemaObject {
  const out: SchemaObject = {};
  if (isObject(a)) for (const [k, v] of Object.entries(a)) out[k] = v;
  if (isObject(b)) {
    for (const [k, v] of Object.entries(b)) {
      if (!hasOwn(out, k)) out[k] = v;
      else if (out[k] !== v) out[k] = { allOf: [out[k], v] }; // both constrain the same answer
    }
  }
  return out;
}

/** Merges `source` into `target`: first writer wins, except keywords that combine. */
export function mergeInto(target: SchemaObject, source: SchemaObject, opts: { required: boolean } = { required: true }): void {
  for (const [k, v] of Object.entries(source)) {
    if (k === 'properties') target.properties = mergeProperties(target.properties, v);
    else if (k === 'required') {
      if (opts.required) target.required = union(target.required, v);
    } else if (k === 'type' && hasOwn(target, 'type')) {
      const a = ([] as unknown[]).concat(target.type);
      const both = ([] as unknown[]).concat(v).filter((t) => a.includes(t) || (t === 'integer' && a.includes('number')));
      if (both.length > 0) target.type = both.length === 1 ? both[0] : both;
    } else if (!hasOwn(target, k)) target[k] = v;
  }
}

function countIn(stack: readonly string[], key: string): number {
  let n = 0;
  for (const s of stack) if (s === key) n++;
  return n;
}

/** Only the `properties` of conditional branches are added: they are possible questions. */
function mergeBranchProperties(out: SchemaObject, branch: unknown, stack: string[], ctx: RefContext, depth: number): void {
  if (!isObject(branch)) return;
  const n = normaliseAt(branch, stack, ctx, depth + 1);
  if (n.truncated) return;
  if (isObject(n.s.properties)) mergeInto(out, { properties: n.s.properties }, { required: false });
  for (const k of ['oneOf', 'anyOf']) {
    const list = n.s[k];
    if (Array.isArray(list)) for (const b of list) mergeBranchProperties(out, b, stack, ctx, depth + 1);
  }
}

function normaliseAt(schema: unknown, inherited: readonly string[], ctx: RefContext, depth: number): Normalised {
  if (!isObject(schema)) return { s: {}, stack: inherited }; // true, false, junk: accept anything
  const stack = [...inherited];
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(schema)) if (!COMPOUND.has(k)) out[k] = v;
  if (depth > MAX_MERGE_DEPTH) return { s: out, stack, truncated: 'recursion' };

  if (typeof schema.$ref === 'string') {
    const target = resolveRef(ctx, schema, schema.$ref);
    if (!target) return { s: out, stack, truncated: 'unresolved' };
    if (countIn(stack, target.key) >= MAX_REF_REPEAT) return { s: out, stack, truncated: 'recursion' };
    stack.push(target.key);
    const sub = normaliseAt(target.schema, stack, ctx, depth + 1);
    if (sub.truncated) return { s: { ...sub.s, ...out }, stack: sub.stack, truncated: sub.truncated };
    for (const k of sub.stack) if (!stack.includes(k)) stack.push(k);
    mergeInto(out, sub.s);
  }
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) {
      const sub = normaliseAt(part, stack, ctx, depth + 1);
      if (sub.truncated === 'recursion') continue; // a recursive mixin adds nothing renderable
      for (const k of sub.stack) if (!stack.includes(k)) stack.push(k);
      mergeInto(out, sub.s);
    }
  }
  if (isObject(schema.if)) {
    mergeBranchProperties(out, schema.then, stack, ctx, depth);
    mergeBranchProperties(out, schema.else, stack, ctx, depth);
  }
  for (const k of ['dependencies', 'dependentSchemas']) {
    const deps = schema[k];
    if (isObject(deps)) for (const d of Object.values(deps)) if (isObject(d)) mergeBranchProperties(out, d, stack, ctx, depth);
  }
  return { s: out, stack };
}

export function normalise(schema: unknown, stack: readonly string[], ctx: RefContext): Normalised {
  return normaliseAt(schema, stack, ctx, 0);
}
