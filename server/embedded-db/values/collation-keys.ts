/**
 * Hash keys under a collation. `Intl.Collator` has no sort-key API, so equal-under-the-collator
 * strings are mapped to one representative instead: the first string of their class that was
 * seen. Representatives are kept ordered by the collator (chunks of a sorted list, so adding one
 * costs a binary search and a short splice), a string's class is found by binary search with
 * `collator.compare`, and a key is `valueKey` with every string replaced by its representative.
 * The mapping is consistent with the collator by construction ('Ana', 'ana' and 'ANA' share a key
 * at strength 2), which is what unique indexes, index lookups, `$in` sets and distinct need.
 *
 * Representatives are never dropped while the owner lives (an index keeps the strings it has
 * seen; rebuilt on restart), so a key never changes meaning.
 */
import { Collation, hasStrings } from './collation';
import { valueKey } from './keys';
import { bsonTag, Doc, isPlainObject } from './types';

const CHUNK = 256;
const MEMO_LIMIT = 100_000;

export class CollationKeys {
  private readonly chunks: string[][] = [];
  /** Exact string → representative, so repeated values skip the binary search. */
  private readonly memo = new Map<string, string>();

  constructor(readonly collation: Collation) {}

  /** The representative of `s`'s class; with `add` a new class starts at `s`, else null. */
  rep(s: string, add: boolean): string | null {
    const known = this.memo.get(s);
    if (known !== undefined) return known;
    const cmp = this.collation.compareStrings;
    const { chunks } = this;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = chunks[mid];
      if (cmp(chunk[chunk.length - 1], s) < 0) lo = mid + 1;
      else hi = mid;
    }
    let chunk = chunks[lo];
    let at = 0;
    if (chunk) {
      let a = 0;
      let b = chunk.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (cmp(chunk[m], s) < 0) a = m + 1;
        else b = m;
      }
      if (a < chunk.length && cmp(chunk[a], s) === 0) return this.remember(s, chunk[a]);
      at = a;
    }
    if (!add) return null;
    if (!chunk) {
      // Greater than every representative: append to the last chunk.
      lo = Math.max(0, chunks.length - 1);
      if (chunks.length === 0) chunks.push([]);
      chunk = chunks[lo];
      at = chunk.length;
    }
    chunk.splice(at, 0, s);
    if (chunk.length > CHUNK * 2) chunks.splice(lo + 1, 0, chunk.splice(CHUNK));
    return this.remember(s, s);
  }

  private remember(s: string, rep: string): string {
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(s, rep);
    return rep;
  }

  /**
   * The hash key of `v` under the collation (`valueKey` for values without strings). In lookup
   * mode (`add` false) null means no stored value can be equal to `v`.
   */
  key(v: unknown, add: boolean): string | null {
    if (typeof v === 'string') {
      const r = this.rep(v, add);
      return r === null ? null : `s${r}`;
    }
    if (!hasStrings(v)) return valueKey(v);
    if (Array.isArray(v)) {
      const parts: string[] = [];
      for (const e of v) {
        const k = this.key(e, add);
        if (k === null) return null;
        parts.push(k);
      }
      return `[${JSON.stringify(parts)}`;
    }
    if (isPlainObject(v)) {
      const parts: Array<[string, string]> = [];
      for (const name of Object.keys(v)) {
        const k = this.key((v as Doc)[name], add);
        if (k === null) return null;
        parts.push([name, k]);
      }
      return `{${JSON.stringify(parts)}`;
    }
    if (bsonTag(v) === 'BSONSymbol') return this.key(String((v as { value: unknown }).value), add);
    return valueKey(v);
  }
}
