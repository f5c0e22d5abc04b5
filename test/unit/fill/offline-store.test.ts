/**
 * The offline queue's limits (views/assets/offline-store.js), with the in-memory store the page
 * falls back to without IndexedDB (the same limits apply to both): a full queue is refused with
 * `QueueFull` and its size, never dropped silently; a newer save of a section replaces the older.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

interface Store {
  persistent: boolean;
  put(e: Record<string, unknown>): Promise<void>;
  list(user: string): Promise<Record<string, unknown>[]>;
  remove(key: string, version?: string): Promise<boolean>;
  patch(key: string, version: string, fields: Record<string, unknown>): Promise<boolean>;
  pendingCount(user: string): Promise<number>;
  clearUser(user: string): Promise<void>;
}

function memoryStore(): Store {
  const sandbox: { self: Record<string, unknown> } = { self: {} };
  vm.runInNewContext(fs.readFileSync(path.resolve(__dirname, '../../../views/assets/offline-store.js'), 'utf8'), sandbox);
  return sandbox.self.MonevStore as Store;
}

const save = (n: number, extra: Record<string, unknown> = {}) => ({ key: `u|r|save|s${n}`, user: 'u', rid: 'r', kind: 'save', section: `s${n}`, fields: [['a', 'b']], seq: n, v: `v${n}`, state: 'pending', ...extra });

describe('offline queue limits', () => {
  it('refuses the 301st change with QueueFull and keeps the 300 before it', async () => {
    const store = memoryStore();
    expect(store.persistent).toBe(false);
    for (let i = 0; i < 300; i++) await store.put(save(i));
    await expect(store.put(save(300))).rejects.toMatchObject({ name: 'QueueFull', count: 300 });
    expect(await store.pendingCount('u')).toBe(300);
    await store.put(save(7, { v: 'newer' })); // replacing a section's save is not a new entry
    expect((await store.list('u')).find((e) => e.key === 'u|r|save|s7')).toMatchObject({ v: 'newer' });
  });

  it('refuses files beyond 60 MB in total, and forgets nothing of another account', async () => {
    const store = memoryStore();
    const file = (n: number, size: number) => ({ key: `u|r|file|${n}`, user: 'u', rid: 'r', kind: 'file', file: { size }, seq: n, v: 'v', state: 'pending' });
    await store.put(file(1, 50 * 1024 * 1024));
    await expect(store.put(file(2, 11 * 1024 * 1024))).rejects.toMatchObject({ name: 'QueueFull', count: 1 });
    await store.put({ ...save(1), user: 'lain', key: 'lain|r|save|s1' });
    await store.clearUser('u');
    expect(await store.pendingCount('u')).toBe(0);
    expect(await store.pendingCount('lain')).toBe(1);
  });

  it('removes or changes an entry only in the version that was sent (a newer edit stays queued)', async () => {
    const store = memoryStore();
    await store.put(save(1, { v: 'sent' }));
    await store.put(save(1, { v: 'typed-after' }));
    expect(await store.patch('u|r|save|s1', 'sent', { state: 'synced' })).toBe(false);
    expect(await store.remove('u|r|save|s1', 'sent')).toBe(false);
    expect(await store.pendingCount('u')).toBe(1);
    expect(await store.patch('u|r|save|s1', 'typed-after', { state: 'synced' })).toBe(true);
    expect(await store.pendingCount('u')).toBe(0); // a synced section is no longer waiting
  });
});
