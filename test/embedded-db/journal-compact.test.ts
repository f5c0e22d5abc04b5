// Journal compaction: snapshot + fresh log, appends during compaction kept and ordered after the
// snapshot, and crashes at each step of a compaction recover a consistent state.
import fs from 'fs';
import path from 'path';
import { Journal } from '../../server/embedded-db/journal';
import { logFiles, rec, recordingLogger, texts, tmpDir } from './journal-helpers';

const quiet = () => recordingLogger();

describe('Journal compaction', () => {
  test('after compaction the snapshot replaces the log and new records follow it', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    for (let i = 0; i < 20; i++) await journal.append(rec(`r${i}`));
    const before = journal.sizeBytes();
    expect(before).toBeGreaterThan(0);
    await journal.compact(rec('STATE@20'));
    expect(journal.sizeBytes()).toBe(0);
    await journal.append(rec('r20'));
    await journal.close();
    expect(logFiles(dir)).toHaveLength(1);
    const again = await Journal.open(dir, { logger: quiet() });
    expect(again.snapshot?.toString()).toBe('STATE@20');
    expect(texts(again.records)).toEqual(['r20']);
    await again.journal.close();
  });

  test('appends made while a compaction runs are all kept, ordered after the snapshot', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    const pre = Array.from({ length: 100 }, (_, i) => journal.append(rec(`pre${i}`)));
    const compaction = journal.compact(Buffer.alloc(2_000_000, 7)); // big enough to take a while
    const during = Array.from({ length: 300 }, (_, i) => journal.append(rec(`during${i}`)));
    await Promise.all([...pre, compaction, ...during]);
    await journal.close();
    const again = await Journal.open(dir, { logger: quiet() });
    expect(again.snapshot?.length).toBe(2_000_000);
    expect(texts(again.records)).toEqual(Array.from({ length: 300 }, (_, i) => `during${i}`));
    await again.journal.close();
  });

  test('back-to-back compactions keep only the newest snapshot and its log', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    await journal.append(rec('a'));
    const c1 = journal.compact(rec('S1'));
    const b = journal.append(rec('b'));
    const c2 = journal.compact(rec('S2'));
    const c = journal.append(rec('c'));
    await Promise.all([c1, b, c2, c]);
    await journal.close();
    expect(logFiles(dir)).toHaveLength(1);
    const again = await Journal.open(dir, { logger: quiet() });
    expect(again.snapshot?.toString()).toBe('S2');
    expect(texts(again.records)).toEqual(['c']);
    await again.journal.close();
  });

  test('crash after the new log started but before the snapshot rename: old snapshot + both logs replay', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    await journal.append(rec('a'));
    await journal.compact(rec('S1'));
    await journal.append(rec('b'));
    await journal.close();
    // Simulate the next compaction dying before its rename: new log exists, snapshot.tmp left over.
    const logs = logFiles(dir);
    const next = logs[0].replace(/\d+/, (d) => String(Number(d) + 1).padStart(d.length, '0'));
    const frame = fs.readFileSync(path.join(dir, logs[0])); // reuse a valid frame ("b")
    fs.writeFileSync(path.join(dir, next), frame);
    fs.writeFileSync(path.join(dir, 'snapshot.tmp'), 'half-written');
    const again = await Journal.open(dir, { logger: quiet() });
    expect(again.snapshot?.toString()).toBe('S1');
    expect(texts(again.records)).toEqual(['b', 'b']);
    expect(fs.existsSync(path.join(dir, 'snapshot.tmp'))).toBe(false);
    await again.journal.close();
  });

  test('crash after the snapshot rename but before old logs were deleted: old logs are ignored', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    await journal.append(rec('old'));
    await journal.close();
    const oldLog = fs.readFileSync(path.join(dir, logFiles(dir)[0]));
    const second = await Journal.open(dir, { logger: quiet() });
    await second.journal.compact(rec('S1'));
    await second.journal.close();
    // Put the pre-compaction log back, as if its deletion never reached the disk.
    fs.writeFileSync(path.join(dir, 'journal-0000000000.log'), oldLog);
    const again = await Journal.open(dir, { logger: quiet() });
    expect(again.snapshot?.toString()).toBe('S1');
    expect(again.records).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'journal-0000000000.log'))).toBe(false);
    await again.journal.close();
  });

  test('a corrupt snapshot refuses to open instead of silently losing data', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    await journal.compact(rec('precious state'));
    await journal.close();
    const file = path.join(dir, 'snapshot');
    const data = fs.readFileSync(file);
    data[data.length - 1] ^= 0xff;
    fs.writeFileSync(file, data);
    await expect(Journal.open(dir, { logger: quiet() })).rejects.toThrow(/Snapshot .* is corrupt/);
    // The failed open released the lock again.
    expect(fs.existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });
});
