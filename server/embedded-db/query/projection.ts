/**
 * find/findAndModify projections. Plain inclusion and exclusion (what mongoose's select()
 * produces) are applied here directly, keeping BSON types untouched; projections with
 * operators ($slice, $elemMatch, positional `.$`, expressions) are handed to mingo.
 */
import { Query } from 'mingo';
import { CommandError, Codes } from '../errors';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';

export type Projector = (doc: Doc) => Doc;

interface Tree { [field: string]: Tree | true }

function isFlag(v: unknown): boolean {
  return typeof v === 'boolean' || numKind(v) !== null;
}

function flagValue(v: unknown): boolean {
  return typeof v === 'boolean' ? v : toNumber(v) !== 0;
}

function buildTree(paths: string[]): Tree {
  const root: Tree = {};
  for (const path of paths) {
    const parts = path.split('.');
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      const cur = node[parts[i]];
      if (last) node[parts[i]] = true;
      else if (cur === true) break; // a parent is already wholly selected
      else node = (node[parts[i]] = cur ?? {}) as Tree;
    }
  }
  return root;
}

function include(value: unknown, tree: Tree): unknown {
  if (Array.isArray(value)) return value.filter((e) => isPlainObject(e) || Array.isArray(e)).map((e) => include(e, tree));
  if (!isPlainObject(value)) return undefined;
  const out: Doc = {};
  for (const key of Object.keys(value)) {
    const sub = tree[key];
    if (sub === undefined) continue;
    if (sub === true) out[key] = value[key];
    else {
      const v = include(value[key], sub);
      if (v !== undefined) out[key] = v;
    }
  }
  return out;
}

function exclude(value: unknown, tree: Tree): unknown {
  if (Array.isArray(value)) return value.map((e) => (isPlainObject(e) || Array.isArray(e) ? exclude(e, tree) : e));
  if (!isPlainObject(value)) return value;
  const out: Doc = {};
  for (const key of Object.keys(value)) {
    const sub = tree[key];
    if (sub === true) continue;
    out[key] = sub === undefined ? value[key] : exclude(value[key], sub);
  }
  return out;
}

export function compileProjection(spec: unknown, filter?: Doc): Projector | null {
  if (spec === undefined || spec === null) return null;
  if (!isPlainObject(spec)) throw new CommandError(Codes.TypeMismatch, 'projection must be an object');
  const keys = Object.keys(spec);
  if (keys.length === 0) return null;
  const simple = keys.every((k) => !k.includes('$') && isFlag(spec[k]));
  if (!simple) {
    let query: Query;
    try {
      query = new Query(filter ?? {}, { scriptEnabled: false });
    } catch (err) {
      throw new CommandError(Codes.BadValue, err instanceof Error ? err.message : String(err));
    }
    return (doc) => {
      const out = query.find([doc], spec).next();
      return (out ?? {}) as Doc;
    };
  }
  const included = keys.filter((k) => flagValue(spec[k]) && k !== '_id');
  const excluded = keys.filter((k) => !flagValue(spec[k]) && k !== '_id');
  if (included.length && excluded.length) {
    throw new CommandError(31254, `Cannot do exclusion on field ${excluded[0]} in inclusion projection`);
  }
  const idFlag = keys.includes('_id') ? flagValue(spec._id) : undefined;
  if (included.length || (idFlag === true && excluded.length === 0)) {
    const tree = buildTree(included);
    const keepId = idFlag !== false;
    return (doc) => {
      const out = include(doc, tree) as Doc;
      if (keepId && doc._id !== undefined) return { _id: doc._id, ...out };
      delete out._id;
      return out;
    };
  }
  const tree = buildTree(idFlag === false ? [...excluded, '_id'] : excluded);
  return (doc) => exclude(doc, tree) as Doc;
}
