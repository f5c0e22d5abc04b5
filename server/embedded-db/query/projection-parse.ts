/**
 * find / findAndModify projections parsed as MongoDB 4.4+ parses them: inclusions, exclusions
 * (only `_id` may be excluded from an inclusion), `$slice` (neither: alone it leaves the other
 * fields), `$elemMatch` and positional `.$` (inclusions), aggregation expressions and literals
 * (inclusions), with MongoDB's error codes for mixes and path collisions. The tree uses Maps, so
 * any field name (`__proto__` included) is just a key.
 */
import { CommandError, Codes } from '../errors';
import { formatValue } from '../storage/dup-key';
import { DBREF_FIELDS } from '../values/dbref';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import { compileFilter } from './matcher';
import { AGG_CONTEXT } from './mingo-context';

export type Leaf =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip: number | null; limit: number }
  | { kind: 'elemMatch'; match: (element: unknown) => boolean }
  | { kind: 'positional'; path: string }
  | { kind: 'expr'; expr: unknown };

export interface PathNode { kind: 'path'; children: Map<string, ProjNode> }
export type ProjNode = Leaf | PathNode;

export interface ParsedProjection { root: PathNode; inclusion: boolean }

interface Ctx {
  filter: Doc | undefined;
  type?: 'inclusion' | 'exclusion';
  idSpecified: boolean;
  hasPositional: boolean;
  hasElemMatch: boolean;
  hasFindSlice: boolean;
  idIncludedEntirely: boolean;
  idExcludedEntirely: boolean;
}

const fail = (code: number, message: string): never => {
  throw new CommandError(code, message);
};

function fieldPath(path: string): string[] {
  const parts = path.split('.');
  for (const p of parts) {
    if (p === '') fail(15998, 'FieldPath field names may not be empty strings.');
    if (p.startsWith('$') && !DBREF_FIELDS.has(p)) fail(16410, `FieldPath field names may not start with '$'. Consider using $getField or $setField.`);
  }
  return parts;
}

const newPath = (): PathNode => ({ kind: 'path', children: new Map() });

function addNodeAtPath(root: PathNode, parts: string[], leaf: ProjNode): void {
  let node = root;
  for (let i = 0; i < parts.length; i++) {
    const child = node.children.get(parts[i]);
    if (i === parts.length - 1) {
      if (child) fail(31250, `Path collision at ${parts.join('.')}`);
      node.children.set(parts[i], leaf);
      return;
    }
    if (!child) node.children.set(parts[i], (node = newPath()));
    else if (child.kind !== 'path') fail(31249, `Path collision at ${parts.join('.')} remaining portion ${parts.slice(1).join('.')}`);
    else node = child;
  }
}

function firstPositional(path: string): [number, number] | null {
  const inner = path.indexOf('.$.');
  if (inner >= 0) return [inner, inner + 3];
  if (path.endsWith('.$')) return [path.length - 2, path.length];
  return path === '$' ? [0, 1] : null;
}

/** Whether the query has a condition on the array the positional projection names. */
function queryMentions(filter: unknown, field: string): boolean {
  if (!isPlainObject(filter)) return false;
  return Object.keys(filter).some((k) => {
    if (k === '$and' || k === '$or' || k === '$nor') return Array.isArray(filter[k]) && (filter[k] as unknown[]).some((f) => queryMentions(f, field));
    return !k.startsWith('$') && k.split('.')[0] === field;
  });
}

const isFlag = (v: unknown): boolean => typeof v === 'boolean' || numKind(v) !== null;
const isTrue = (v: unknown): boolean => (typeof v === 'boolean' ? v : toNumber(v) !== 0);

function setType(ctx: Ctx, type: 'inclusion' | 'exclusion', code: number, message: string): void {
  if (ctx.type && ctx.type !== type) fail(code, message);
  ctx.type = type;
}

function parseInclusion(ctx: Ctx, key: string, parent: PathNode, atRoot: boolean, parentPath: string[] | null): void {
  const topId = key === '_id' && atRoot;
  const pos = firstPositional(key);
  if (!pos) {
    addNodeAtPath(parent, fieldPath(key), { kind: 'include' });
    if (topId) ctx.idIncludedEntirely = true;
  } else {
    if (ctx.hasPositional) fail(31276, 'Cannot specify more than one positional projection per query.');
    if (ctx.hasElemMatch) fail(31256, 'Cannot specify positional operator and $elemMatch.');
    const matchField = parentPath ? parentPath[0] : key.split('.')[0];
    if (!queryMentions(ctx.filter ?? {}, matchField)) fail(31277, `Positional projection '${key}' does not match the query document.`);
    if (key.endsWith('.$.')) fail(31270, "Path cannot end with '.$.'");
    const rest = key.slice(pos[1]);
    if (firstPositional(rest) || rest === '$') fail(31287, `Cannot use positional operator twice: ${key}`);
    const parts = fieldPath(key.slice(0, pos[0]));
    addNodeAtPath(parent, parts, { kind: 'positional', path: [...(parentPath ?? []), ...parts].join('.') });
    ctx.hasPositional = true;
  }
  if (!topId) setType(ctx, 'inclusion', 31253, `Cannot do inclusion on field ${key} in exclusion projection`);
}

function parseFindSlice(arg: unknown): Leaf | null {
  if (numKind(arg) !== null) return { kind: 'slice', skip: null, limit: Math.trunc(toNumber(arg)) };
  if (!Array.isArray(arg)) return fail(31273, '$slice only supports numbers and [skip, limit] arrays');
  if (arg.length !== 2) return arg.length === 3 ? null : fail(31272, '$slice array argument should be of form [skip, limit]');
  const [skip, limit] = arg;
  if (numKind(skip) === null) return null; // the aggregation expression form: {$slice: ['$array', n]}
  if (numKind(limit) === null) fail(31258, `$slice expects the limit argument to be a number, got ${typeof limit}`);
  if (Math.trunc(toNumber(limit)) <= 0) fail(31259, `$slice limit must be positive, got ${Math.trunc(toNumber(limit))}`);
  return { kind: 'slice', skip: Math.trunc(toNumber(skip)), limit: Math.trunc(toNumber(limit)) };
}

function addExpression(ctx: Ctx, parent: PathNode, parts: string[], expr: unknown, name: string): void {
  if (name === '$meta') throw new CommandError(Codes.CommandNotSupported, '$meta projections are not supported by the embedded database (no text or search scores)');
  setType(ctx, 'inclusion', 31252, 'Cannot use expression other than $meta in exclusion projection');
  addNodeAtPath(parent, parts, { kind: 'expr', expr });
}

/** `{field: {$op: ...}}`: a find operator or an aggregation expression; false when not one. */
function parseOperator(ctx: Ctx, key: string, sub: Doc, parent: PathNode, atRoot: boolean): boolean {
  const name = Object.keys(sub)[0];
  const parts = fieldPath(key);
  if (name === '$slice') {
    const slice = parseFindSlice(sub.$slice);
    if (slice) {
      addNodeAtPath(parent, parts, slice);
      ctx.hasFindSlice = true;
    } else addExpression(ctx, parent, parts, sub, name);
    return true;
  }
  if (name === '$elemMatch') {
    if (!isPlainObject(sub.$elemMatch)) fail(31274, `elemMatch: Invalid argument, object required, but got ${typeof sub.$elemMatch}`);
    if (ctx.hasPositional) fail(31255, 'Cannot specify positional operator and $elemMatch.');
    if (parts.length !== 1 || !atRoot) fail(31275, 'Cannot use $elemMatch projection on a nested field.');
    const pred = compileFilter({ e: { $elemMatch: sub.$elemMatch } });
    addNodeAtPath(parent, parts, { kind: 'elemMatch', match: (element) => pred({ e: [element] }) });
    ctx.hasElemMatch = true;
    return true;
  }
  if (!AGG_CONTEXT.getOperator('expression' as never, name)) return false;
  addExpression(ctx, parent, parts, sub, name);
  return true;
}

function parseElement(ctx: Ctx, key: string, value: unknown, parent: PathNode, atRoot: boolean, parentPath: string[] | null): void {
  const pos = firstPositional(key);
  if (isPlainObject(value)) {
    if (pos) fail(31271, 'positional projection cannot be used with an expression or sub object');
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0].startsWith('$')) {
      if (parseOperator(ctx, key, value, parent, atRoot)) return;
      fail(31325, `Unknown expression ${keys[0]}`);
    }
    if (keys.length === 0) fail(51270, `An empty sub-projection is not a valid value. Found empty object at path ${key}`);
    const parts = fieldPath(key);
    let node = parent;
    for (const part of parts) {
      const child = node.children.get(part);
      if (child && child.kind !== 'path') fail(31250, `Path collision at ${key}`);
      if (!child) node.children.set(part, (node = newPath()));
      else node = child as PathNode;
    }
    const full = [...(parentPath ?? []), ...parts];
    for (const k of keys) parseElement(ctx, k, value[k], node, false, full);
  } else if (isFlag(value)) {
    if (isTrue(value)) parseInclusion(ctx, key, parent, atRoot, parentPath);
    else {
      addNodeAtPath(parent, fieldPath(key), { kind: 'exclude' });
      if (key === '_id' && atRoot) ctx.idExcludedEntirely = true;
      else setType(ctx, 'exclusion', 31254, `Cannot do exclusion on field ${key} in inclusion projection`);
    }
  } else {
    if (pos) fail(31308, 'positional projection cannot be used with a literal');
    addNodeAtPath(parent, fieldPath(key), { kind: 'expr', expr: value });
    setType(ctx, 'inclusion', 31310, `Cannot use an expression ${key}: ${formatValue(value)} in an exclusion projection`);
  }
}

export function parseProjection(spec: Doc, filter: Doc | undefined): ParsedProjection {
  const root = newPath();
  const ctx: Ctx = { filter, idSpecified: false, hasPositional: false, hasElemMatch: false, hasFindSlice: false, idIncludedEntirely: false, idExcludedEntirely: false };
  for (const key of Object.keys(spec)) {
    ctx.idSpecified ||= key === '_id' || key.startsWith('_id.');
    parseElement(ctx, key, spec[key], root, true, null);
  }
  let inclusion: boolean;
  if (ctx.type) inclusion = ctx.type === 'inclusion';
  else if (ctx.hasFindSlice) inclusion = ctx.idIncludedEntirely;
  else inclusion = ctx.hasElemMatch || ctx.idIncludedEntirely;
  if (inclusion && !ctx.idSpecified) root.children = new Map([['_id', { kind: 'include' }], ...root.children]);
  if (!inclusion && ctx.idIncludedEntirely) root.children.delete('_id');
  return { root, inclusion };
}
