/**
 * The operands of a `$group` (group.ts): how each is read, the set of distinct ones, the reader
 * of them all for one document, and the index that finds a document's group from its key's
 * values.
 *
 * The reader takes one document at a time. Field paths
 * share their prefixes: "$selfScore.total" and six "$selfScore.sections.<key>.score" walk to
 * `selfScore` once and to `sections` once, instead of once per path. Where an array lies on the
 * way, the paths below it are read by their own getters, which apply MongoDB's rule (a path
 * through an array gives the array of the values found in its elements); a path through any
 * other non-document value gives nothing, as there.
 */
import { fieldOf, hasInheritedPart, isInheritedName } from '../values/fields';
import { valueKey } from '../values/keys';
import { Doc, isPlainObject } from '../values/types';

export type Getter = (doc: Doc) => unknown;

function fieldValue(v: unknown, parts: string[], i: number, guarded: boolean): unknown {
  for (; i < parts.length; i++) {
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const e of v) {
        const x = fieldValue(e, parts, i, guarded);
        if (x !== undefined) out.push(x);
      }
      return out;
    }
    if (!isPlainObject(v)) return undefined;
    v = guarded ? fieldOf(v, parts[i]) : v[parts[i]];
  }
  return v;
}

/** A getter for `"$a.b"`, `"$$ROOT"` or a constant; null when the operand is an expression. */
export function getterFor(operand: unknown): Getter | null {
  if (typeof operand === 'string' && operand.startsWith('$')) {
    if (operand === '$$ROOT' || operand === '$$CURRENT') return (doc) => doc;
    if (operand.startsWith('$$')) return null;
    const parts = operand.slice(1).split('.');
    const guarded = hasInheritedPart(parts);
    if (parts.length > 1) return (doc) => fieldValue(doc, parts, 0, guarded);
    const name = parts[0];
    return guarded ? (doc) => fieldOf(doc, name) : (doc) => doc[name];
  }
  if (isPlainObject(operand) || Array.isArray(operand)) return null;
  return () => operand;
}

/** One operand: its getter, and its field path split in parts when it is a path (else null). */
export interface Operand { get: Getter; path: string[] | null }

interface Node {
  key: string;
  /** The key is an inherited name (`constructor`, ...): read as an own field only. */
  own: boolean;
  /** Operands whose path ends here. */
  slots: number[];
  children: Node[];
  /** Every operand at or below this node. */
  below: number[];
}

function child(nodes: Node[], key: string): Node {
  let node = nodes.find((n) => n.key === key);
  if (!node) nodes.push((node = { key, own: isInheritedName(key), slots: [], children: [], below: [] }));
  return node;
}

export function operandReader(operands: readonly Operand[]): (doc: Doc, values: unknown[]) => void {
  const roots: Node[] = [];
  const others: number[] = [];
  operands.forEach((op, slot) => {
    if (!op.path) {
      others.push(slot);
      return;
    }
    let level = roots;
    let node: Node | null = null;
    for (const part of op.path) {
      node = child(level, part);
      node.below.push(slot);
      level = node.children;
    }
    node!.slots.push(slot);
  });
  const gets = operands.map((op) => op.get);

  function walk(nodes: Node[], v: unknown, doc: Doc, values: unknown[]): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      let x: unknown;
      if (isPlainObject(v)) x = node.own ? fieldOf(v, node.key) : v[node.key];
      else if (Array.isArray(v)) {
        for (const s of node.below) values[s] = gets[s](doc);
        continue;
      }
      for (const s of node.slots) values[s] = x;
      // Below a value that is not a document or an array, every path gives nothing.
      if (node.children.length > 0) walk(node.children, x, doc, values);
    }
  }

  return (doc, values) => {
    for (const s of others) values[s] = gets[s](doc);
    walk(roots, doc, doc, values);
  };
}

/** The distinct operands of one `$group`, each with its slot in the per-document values. */
export class OperandSet {
  private readonly operands: Operand[] = [];
  private readonly slots = new Map<string, number>();

  get size(): number {
    return this.operands.length;
  }

  /** The operand's slot (the same for the same operand), or null when it is an expression. */
  add(operand: unknown): number | null {
    // Paths and constants are told apart by type in the key ("$a" vs the string constant "$a" cannot both occur).
    const key = typeof operand === 'string' ? operand : `#${JSON.stringify(operand)}`;
    const known = this.slots.get(key);
    if (known !== undefined) return known;
    const get = getterFor(operand);
    if (!get) return null;
    const path = typeof operand === 'string' && operand.startsWith('$') && !operand.startsWith('$$') ? operand.slice(1).split('.') : null;
    this.slots.set(key, this.operands.push({ get, path }) - 1);
    return this.operands.length - 1;
  }

  reader(): (doc: Doc, values: unknown[]) => void {
    return operandReader(this.operands);
  }
}

interface KeyNode<T> { strings: Map<string, KeyNode<T> | T>; others: Map<string, KeyNode<T> | T> }

const newNode = <T>(): KeyNode<T> => ({ strings: new Map(), others: new Map() });

/**
 * Groups by the values of their key, one map level per key operand: a string value is its own
 * map key, any other value (null and missing alike) its canonical BSON key (values/keys.ts), in
 * a second map so the two never meet. No key string is built per document.
 */
export class GroupIndex<T> {
  private readonly root = newNode<T>();

  get(values: readonly unknown[], slots: readonly number[], create: () => T): T {
    let node = this.root;
    const last = slots.length - 1;
    for (let i = 0; ; i++) {
      const v = values[slots[i]];
      const map = typeof v === 'string' ? node.strings : node.others;
      const k = typeof v === 'string' ? v : valueKey(v ?? null);
      const next = map.get(k);
      if (i === last) {
        if (next !== undefined) return next as T;
        const made = create();
        map.set(k, made);
        return made;
      }
      if (next === undefined) map.set(k, (node = newNode<T>()));
      else node = next as KeyNode<T>;
    }
  }
}
