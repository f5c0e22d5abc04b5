/**
 * One secondary index held as hash maps: `full` maps the whole (compound) key to document ids
 * and enforces uniqueness; `leading` maps the first field's key, which is what the query
 * planner uses for equality / $in lookups. Arrays produce one entry per element (multikey).
 * An index with a collation keys strings by their collation class (values/collation-keys.ts),
 * so a strength-2 unique index refuses 'Ana' next to 'ana'.
 */
import { CommandError, Codes } from '../errors';
import { Predicate } from '../query/matcher';
import { collect, EMPTY_ARRAY } from '../values/paths';
import { EMPTY_ARRAY_KEY, valueKey } from '../values/keys';
import { Collation, parseCollation } from '../values/collation';
import { CollationKeys } from '../values/collation-keys';
import { Doc } from '../values/types';
import { IdMultiMap } from './id-map';
import { IndexSpec } from './index-spec';

export interface IndexKeys {
  full: string[];
  leading: string[];
  /** Field values behind each full key, for duplicate-key error messages. */
  values: unknown[][];
}

const NOT_INDEXED: IndexKeys = { full: [], leading: [], values: [] };

export class SecondaryIndex {
  readonly fields: string[];
  readonly sparse: boolean;
  readonly collation: Collation | null;
  /** Refuses duplicate keys on writes: `unique`, or `prepareUnique` set by collMod. */
  unique = false;
  ttlSeconds: number | null = null;
  hidden = false;
  /** Some document put more than one key into the index (an array on the way). */
  multiKey = false;
  private readonly full = new IdMultiMap();
  private readonly leadingMap: IdMultiMap;
  private readonly collationKeys: CollationKeys | null;

  constructor(public spec: IndexSpec, private readonly partial: Predicate | null) {
    this.fields = Object.keys(spec.key);
    this.sparse = Boolean(spec.sparse);
    this.collation = parseCollation(spec.collation);
    this.collationKeys = this.collation ? new CollationKeys(this.collation) : null;
    this.leadingMap = this.fields.length === 1 ? this.full : new IdMultiMap();
    this.applyOptions(spec);
  }

  /** Takes the options collMod may change (unique, prepareUnique, expireAfterSeconds, hidden). */
  applyOptions(spec: IndexSpec): void {
    this.spec = spec;
    this.unique = Boolean(spec.unique) || Boolean(spec.prepareUnique);
    const ttl = spec.expireAfterSeconds;
    this.ttlSeconds = this.fields.length === 1 && ttl !== undefined ? Number(ttl) : null;
    this.hidden = Boolean(spec.hidden);
  }

  /** The key a stored value is indexed under. */
  private keyOf(v: unknown): string {
    if (v === EMPTY_ARRAY) return EMPTY_ARRAY_KEY;
    return this.collationKeys ? this.collationKeys.key(v, true)! : valueKey(v);
  }

  /** The key to look `value` up by (leading field); null when nothing indexed can equal it. */
  lookupKey(value: unknown): string | null {
    return this.collationKeys ? this.collationKeys.key(value, false) : valueKey(value);
  }

  get name(): string {
    return this.spec.name;
  }

  get isPartial(): boolean {
    return this.partial !== null;
  }

  keysOf(doc: Doc | null): IndexKeys {
    if (!doc) return NOT_INDEXED;
    if (this.partial && !this.partial(doc)) return NOT_INDEXED;
    const perField = this.fields.map((f) => collect(doc, f));
    if (this.sparse && perField.every((vs) => vs.every((v) => v === undefined))) return NOT_INDEXED;
    const multi = perField.filter((vs) => vs.length > 1);
    if (multi.length > 1) {
      throw new CommandError(Codes.CannotIndexParallelArrays, `cannot index parallel arrays [${this.fields.join('] [')}]`);
    }
    if (multi.length) this.multiKey = true;
    const comps = perField.map((vs) => vs.map((v) => this.keyOf(v)));
    if (this.fields.length === 1) {
      if (comps[0].length === 1) return { full: comps[0], leading: comps[0], values: [perField[0]] };
      const byKey = new Map<string, unknown>();
      comps[0].forEach((k, i) => { if (!byKey.has(k)) byKey.set(k, perField[0][i]); });
      const keys = Array.from(byKey.keys());
      return { full: keys, leading: keys, values: keys.map((k) => [byKey.get(k)]) };
    }
    const varying = perField.findIndex((vs) => vs.length > 1);
    const count = varying < 0 ? 1 : perField[varying].length;
    const full: string[] = [];
    const values: unknown[][] = [];
    const leading = new Set<string>();
    for (let i = 0; i < count; i++) {
      const parts = comps.map((c, f) => (f === varying ? c[i] : c[0]));
      const key = JSON.stringify(parts);
      if (full.includes(key)) continue;
      full.push(key);
      values.push(perField.map((vs, f) => (f === varying ? vs[i] : vs[0])));
      leading.add(parts[0]);
    }
    return { full, leading: Array.from(leading), values };
  }

  /** An id other than `id` already holding one of `keys`, with the clashing values. */
  conflict(keys: IndexKeys, id: string): { otherId: string; values: unknown[] } | null {
    if (!this.unique) return null;
    for (let i = 0; i < keys.full.length; i++) {
      const otherId = this.full.other(keys.full[i], id);
      if (otherId !== undefined) return { otherId, values: keys.values[i] };
    }
    return null;
  }

  add(id: string, keys: IndexKeys): void {
    for (const k of keys.full) this.full.add(k, id);
    if (this.leadingMap !== this.full) for (const k of keys.leading) this.leadingMap.add(k, id);
  }

  remove(id: string, keys: IndexKeys): void {
    for (const k of keys.full) this.full.remove(k, id);
    if (this.leadingMap !== this.full) for (const k of keys.leading) this.leadingMap.remove(k, id);
  }

  /** Replaces the entries of one document, touching only keys that changed. */
  update(id: string, before: IndexKeys, after: IndexKeys): void {
    if (before === after) return;
    for (const k of before.full) if (!after.full.includes(k)) this.full.remove(k, id);
    for (const k of after.full) if (!before.full.includes(k)) this.full.add(k, id);
    if (this.leadingMap === this.full) return;
    for (const k of before.leading) if (!after.leading.includes(k)) this.leadingMap.remove(k, id);
    for (const k of after.leading) if (!before.leading.includes(k)) this.leadingMap.add(k, id);
  }

  /** Groups of documents sharing a full key (collMod unique: true refuses while there are any). */
  duplicateGroups(): string[][] {
    return Array.from(this.full.duplicates());
  }

  /** Ids holding a full key (unique checks inside transactions). */
  holders(fullKey: string): Iterable<string> {
    return this.full.get(fullKey);
  }

  /** Ids whose leading field has the key of `value`. */
  lookup(valueKeyString: string): Iterable<string> {
    return this.leadingMap.get(valueKeyString);
  }

  lookupCount(valueKeyString: string): number {
    return this.leadingMap.count(valueKeyString);
  }

  clear(): void {
    this.full.clear();
    this.leadingMap.clear();
  }
}
