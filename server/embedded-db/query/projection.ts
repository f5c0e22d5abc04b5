/**
 * find/findAndModify projections (parsed by projection-parse.ts, applied by projection-apply.ts).
 * Plain inclusions (what mongoose's select() produces) are also written straight into the cursor
 * reply from the stored document, keeping BSON types untouched.
 */
import { CommandError, Codes } from '../errors';
import { Doc, isPlainObject } from '../values/types';
import type { BsonWriter } from '../wire/bson-writer';
import { excludeDocument, includeDocument } from './projection-apply';
import { parseProjection, PathNode } from './projection-parse';

/**
 * A projection. `writeTo`, when present, writes the projected document straight into a cursor
 * reply, byte for byte what serialising `projector(doc)` gives, without building it first.
 */
export type Projector = ((doc: Doc) => Doc) & { writeTo?: (w: BsonWriter, doc: Doc) => void };

type Tree = PathNode;

/** Only inclusions: what mongoose's select() produces, written straight from the stored document. */
function plainInclusion(node: PathNode): boolean {
  for (const child of node.children.values()) {
    // (an `exclude` here is `_id: 0`, the one exclusion an inclusion allows)
    if (child.kind === 'path' ? !plainInclusion(child) : child.kind !== 'include' && child.kind !== 'exclude') return false;
  }
  return true;
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
    writeIncludedFields(w, value, tree);
    w.endDoc(start);
  }
}

function writeIncludedFields(w: BsonWriter, doc: Doc, tree: Tree): void {
  for (const key in doc) {
    const sub = tree.children.get(key);
    if (sub === undefined || sub.kind === 'exclude') continue;
    if (sub.kind === 'include') {
      if (doc[key] !== undefined) w.element(key, doc[key]);
    } else writeIncludedValue(w, key, doc[key], sub as Tree);
  }
}

/** The inclusion projection of a stored document, written directly. */
function writeIncluded(w: BsonWriter, doc: Doc, tree: Tree): void {
  const start = w.startDoc();
  writeIncludedFields(w, doc, tree);
  w.endDoc(start);
}

export function compileProjection(spec: unknown, filter?: Doc): Projector | null {
  if (spec === undefined || spec === null) return null;
  if (!isPlainObject(spec)) throw new CommandError(Codes.TypeMismatch, 'projection must be an object');
  if (Object.keys(spec).length === 0) return null;
  const { root, inclusion } = parseProjection(spec, filter);
  const projector: Projector = inclusion ? (doc) => includeDocument(doc, root, filter) : (doc) => excludeDocument(doc, root);
  if (inclusion && plainInclusion(root)) projector.writeTo = (w, doc) => writeIncluded(w, doc, root);
  return projector;
}
