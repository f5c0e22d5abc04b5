/**
 * Key → document-id multimap for index entries. Most keys map to a single document, so a key
 * holds a bare id string until a second id arrives (saves a Set per entry on unique-ish data).
 */
export class IdMultiMap {
  private readonly map = new Map<string, string | Set<string>>();

  get size(): number {
    return this.map.size;
  }

  add(key: string, id: string): void {
    const cur = this.map.get(key);
    if (cur === undefined) this.map.set(key, id);
    else if (typeof cur === 'string') {
      if (cur !== id) this.map.set(key, new Set([cur, id]));
    } else cur.add(id);
  }

  remove(key: string, id: string): void {
    const cur = this.map.get(key);
    if (cur === undefined) return;
    if (typeof cur === 'string') {
      if (cur === id) this.map.delete(key);
    } else {
      cur.delete(id);
      if (cur.size === 1) this.map.set(key, cur.values().next().value as string);
      else if (cur.size === 0) this.map.delete(key);
    }
  }

  /** Ids holding `key` (empty when none). */
  get(key: string): Iterable<string> {
    const cur = this.map.get(key);
    if (cur === undefined) return [];
    return typeof cur === 'string' ? [cur] : cur;
  }

  count(key: string): number {
    const cur = this.map.get(key);
    return cur === undefined ? 0 : typeof cur === 'string' ? 1 : cur.size;
  }

  /** Some id other than `except` holding `key`, if any. */
  other(key: string, except: string): string | undefined {
    const cur = this.map.get(key);
    if (cur === undefined) return undefined;
    if (typeof cur === 'string') return cur === except ? undefined : cur;
    for (const id of cur) if (id !== except) return id;
    return undefined;
  }

  /** Groups of ids sharing a key (what blocks turning an index unique). */
  *duplicates(): IterableIterator<string[]> {
    for (const cur of this.map.values()) if (typeof cur !== 'string') yield Array.from(cur);
  }

  clear(): void {
    this.map.clear();
  }
}
