/**
 * Applies a parsed projection (projection-parse.ts) to one document. Inclusion: the included
 * fields in document order, then the computed ones ($slice, $elemMatch, positional, expressions)
 * in projection order, as MongoDB returns them. Exclusion: the document without the excluded
 * fields, `$slice` and `$elemMatch` applied in place. Paths through arrays apply to each element.
 */
import { evalExpr } from 'mingo/core';
import { CommandError } from '../errors';
import { hasField, setField } from '../values/fields';
import { Doc, isPlainObject } from '../values/types';
import { AGG_CONTEXT } from './mingo-context';
import { mangledView, mangleExpr, unmangleData } from './mingo-names';
import { positionalMatch } from './positional';
import type { Leaf, PathNode } from './projection-parse';

interface Run { root: Doc; filter: Doc | undefined }

const mingoExprs = new WeakMap<Leaf, unknown>();

function evaluate(leaf: Extract<Leaf, { kind: 'expr' }>, run: Run): unknown {
  let expr = mingoExprs.get(leaf);
  if (expr === undefined) mingoExprs.set(leaf, (expr = mangleExpr(leaf.expr)));
  const options = { context: AGG_CONTEXT, scriptEnabled: false };
  return unmangleData(evalExpr(mangledView(run.root) as never, expr, options as never));
}

function slice(arr: unknown[], skip: number | null, limit: number): unknown[] {
  if (skip === null) return limit >= 0 ? arr.slice(0, limit) : arr.slice(Math.max(0, arr.length + limit));
  const start = skip >= 0 ? skip : Math.max(0, arr.length + skip);
  return arr.slice(start, start + limit);
}

function computed(leaf: Leaf, v: unknown, run: Run): unknown {
  switch (leaf.kind) {
    case 'slice': return Array.isArray(v) ? slice(v, leaf.skip, leaf.limit) : v;
    case 'elemMatch': {
      if (!Array.isArray(v)) return undefined;
      const i = v.findIndex(leaf.match);
      return i < 0 ? undefined : [v[i]];
    }
    case 'positional': {
      if (v === undefined) return undefined;
      const i = Array.isArray(v) ? positionalMatch(run.root, leaf.path, v, run.filter) : -1;
      if (i < 0) throw new CommandError(51246, "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array");
      return [(v as unknown[])[i]];
    }
    case 'expr': return evaluate(leaf, run);
    default: return v;
  }
}

function hasExpression(node: PathNode): boolean {
  for (const child of node.children.values()) if (child.kind === 'expr' || (child.kind === 'path' && hasExpression(child))) return true;
  return false;
}

function includeValue(value: unknown, node: PathNode, run: Run): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const e of value) if (isPlainObject(e) || Array.isArray(e)) out.push(includeValue(e, node, run));
    return out;
  }
  return isPlainObject(value) ? includeObject(value, node, run) : undefined;
}

function includeObject(obj: Doc, node: PathNode, run: Run): Doc {
  const out: Doc = {};
  for (const key of Object.keys(obj)) {
    const child = node.children.get(key);
    if (child?.kind === 'include') setField(out, key, obj[key]);
    else if (child?.kind === 'path') {
      const v = includeValue(obj[key], child, run);
      if (v !== undefined) setField(out, key, v);
    }
  }
  for (const [key, child] of node.children) {
    if (child.kind === 'include' || child.kind === 'exclude') continue;
    if (child.kind === 'path') {
      if (!hasField(obj, key) && hasExpression(child)) setField(out, key, includeObject({}, child, run));
      continue;
    }
    const v = computed(child, hasField(obj, key) ? obj[key] : undefined, run);
    if (v !== undefined) setField(out, key, v);
  }
  return out;
}

export function includeDocument(doc: Doc, root: PathNode, filter: Doc | undefined): Doc {
  return includeObject(doc, root, { root: doc, filter });
}

function excludeValue(value: unknown, node: PathNode, run: Run): unknown {
  if (Array.isArray(value)) return value.map((e) => (isPlainObject(e) || Array.isArray(e) ? excludeValue(e, node, run) : e));
  return isPlainObject(value) ? excludeObject(value, node, run) : value;
}

function excludeObject(obj: Doc, node: PathNode, run: Run): Doc {
  const out: Doc = {};
  for (const key of Object.keys(obj)) {
    const child = node.children.get(key);
    if (!child) setField(out, key, obj[key]);
    else if (child.kind === 'path') setField(out, key, excludeValue(obj[key], child, run));
    else if (child.kind !== 'exclude') {
      const v = computed(child, obj[key], run);
      if (v !== undefined) setField(out, key, v);
    }
  }
  return out;
}

export function excludeDocument(doc: Doc, root: PathNode): Doc {
  return excludeObject(doc, root, { root: doc, filter: undefined });
}
