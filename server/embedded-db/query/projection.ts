/**
 * find/findAndModify projections. Plain inclusion and exclusion (what mongoose's select()
 * produces) are applied here directly, keeping BSON types untouched; projections with
 * operators ($slice, $elemMatch, positional `.$`, expressions) are handed to mingo.
 */
import { Query } from 'mingo';
import { CommandError, Codes } from '../errors';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import type { BsonWriter } from '../wire/bson-writer';

/**
 * A projection. `writeTo`, when present, writes the projected document straight into a cursor
 * reply, byte for byte what serialising `projector(doc)` gives, without building it first.
 */
export type Projector = ((doc: Doc) => Doc) & { writeTo?: (w: BsonWriter, doc: Doc) => void };

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

/** Writes what `include(value, tree)` returns for an object or array value, under `key`. */
function writeIncludedValue(w: BsonWriter, key: string, value: unknown, tree: Tree): void {
  if (Array.isArray(value)) {
    w.name(0x04, key);
    const start = w.startDoc();
    let i = 0;
    for (const e of value) if (isPlainObject(e) || Array.isArray(e)) writeIncludedValue(w, String(i++), e, tree);
    w.endDoc(start);
  } else if (isPlainObject(value)) {
    w.name(0x03, key);
    const start = w.startDoc();
    writeIncludedFields(w, value, tree, false);
    w.endDoc(start);
  }
}

function writeIncludedFields(w: BsonWriter, doc: Doc, tree: Tree, skipId: boolean): void {
  for (const key in doc) {
    if (skipId && key === '_id') continue;
    const sub = tree[key];
    if (sub === undefined) continue;
    if (sub === true) {
      if (doc[key] !== undefined) w.element(key, doc[key]);
    }
    else writeIncludedValue(w, key, doc[key], sub);
  }
}

/** The inclusion projection of a stored document, written directly (`_id` first unless excluded). */
function writeIncluded(w: BsonWriter, doc: Doc, tree: Tree, keepId: boolean): void {
  const start = w.startDoc();
  if (keepId && doc._id !== undefined) w.element('_id', doc._id);
  writeIncludedFields(w, doc, tree, true);
  w.endDoc(start);
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
    const projector: Projector = (doc) => {
      const out = include(doc, tree) as Doc;
      if (keepId && doc._id !== undefined) return { _id: doc._id, ...out };
      delete out._id;
      return out;
    };
    // With `_id` sub-paths the spread above decides where _id goes: no direct writer then.
    if (!('_id' in tree)) projector.writeTo = (w, doc) => writeIncluded(w, doc, tree, keepId);
    return projector;
  }
  const tree = buildTree(idFlag === false ? [...excluded, '_id'] : excluded);
  return (doc) => exclude(doc, tree) as Doc;
}
