// Journal: round trip, reopen, torn/corrupt tails, atomic groups, group commit.
import fs from 'fs';
import { Journal } from '../../server/embedded-db/journal';
import { onlyLog, rec, recordingLogger, texts, tmpDir } from './journal-helpers';

const quiet = () => recordingLogger();

describe('Journal round trip', () => {
  test('records come back in order after close and reopen', async () => {
    const dir = tmpDir();
    const first = await Journal.open(dir, { logger: quiet() });
    expect(first.snapshot).toBeNull();
    expect(first.records).toEqual([]);
    await first.journal.append(rec('a'));
    await first.journal.append(rec('b'));
    await first.journal.appendMany([rec('c'), rec('d')]);
    await first.journal.append(Buffer.alloc(0));
    expect(first.journal.sizeBytes()).toBe(fs.statSync(onlyLog(dir)).size);
    await first.journal.close();

    const second = await Journal.open(dir, { logger: quiet() });
    expect(texts(second.records)).toEqual(['a', 'b', 'c', 'd', '']);
    await second.journal.append(rec('e'));
    await second.journal.close();

    const third = await Journal.open(dir, { logger: quiet() });
    expect(texts(third.records)).toEqual(['a', 'b', 'c', 'd', '', 'e']);
    await third.journal.close();
  });

  test('binary records of many sizes survive byte for byte', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    const sent = [0, 1, 7, 255, 4096, 300_000].map((n) => Buffer.alloc(n, `pattern-${n}`));
    await Promise.all(sent.map((b) => journal.append(b)));
    await journal.close();
    const again = await Journal.open(dir, { logger: quiet() });
    expect(again.records).toEqual(sent);
    await again.journal.close();
  });

  test('a closed journal refuses appends', async () => {
    const { journal } = await Journal.open(tmpDir(), { logger: quiet() });
    await journal.close();
    await expect(journal.append(rec('x'))).rejects.toThrow(/closed/);
  });
});

describe('Journal recovery of a damaged tail', () => {
  async function writeThree(dir: string): Promise<void> {
    const { journal } = await Journal.open(dir, { logger: quiet() });
    await journal.append(rec('one'));
    await journal.append(rec('two'));
    await journal.append(rec('three'));
    await journal.close();
  }

  test('a final record cut off mid-write is discarded and the file truncated', async () => {
    const dir = tmpDir();
    await writeThree(dir);
    const file = onlyLog(dir);
    const full = fs.statSync(file).size;
    fs.truncateSync(file, full - 3);
    const logger = recordingLogger();
    const { journal, records } = await Journal.open(dir, { logger });
    expect(texts(records)).toEqual(['one', 'two']);
    expect(logger.warnings.join('\n')).toMatch(/discarding the last/);
    const goodLength = fs.statSync(file).size;
    expect(goodLength).toBeLessThan(full - 3);
    // New appends land after the last good record, not after the garbage.
    await journal.append(rec('four'));
    await journal.close();
    const again = await Journal.open(dir, { logger: quiet() });
    expect(texts(again.records)).toEqual(['one', 'two', 'four']);
    await again.journal.close();
  });

  test('a flipped byte in the last checksum discards only that record', async () => {
    const dir = tmpDir();
    await writeThree(dir);
    const file = onlyLog(dir);
    const data = fs.readFileSync(file);
    const lastFrameStart = data.length - (8 + 4 + 4 + 'three'.length);
    data[lastFrameStart + 5] ^= 0x40; // inside the CRC field
    fs.writeFileSync(file, data);
    const logger = recordingLogger();
    const { journal, records } = await Journal.open(dir, { logger });
    expect(texts(records)).toEqual(['one', 'two']);
    expect(logger.warnings.join('\n')).toMatch(/checksum mismatch/);
    expect(fs.statSync(file).size).toBe(lastFrameStart);
    await journal.close();
  });

  test('a flipped payload byte is caught by the checksum', async () => {
    const dir = tmpDir();
    await writeThree(dir);
    const file = onlyLog(dir);
    const data = fs.readFileSync(file);
    data[data.length - 1] ^= 0x01;
    fs.writeFileSync(file, data);
    const { journal, records } = await Journal.open(dir, { logger: quiet() });
    expect(texts(records)).toEqual(['one', 'two']);
    await journal.close();
  });

  test('zero bytes after the last record (preallocated tail) are discarded', async () => {
    const dir = tmpDir();
    await writeThree(dir);
    fs.appendFileSync(onlyLog(dir), Buffer.alloc(64));
    const { journal, records } = await Journal.open(dir, { logger: quiet() });
    expect(texts(records)).toEqual(['one', 'two', 'three']);
    await journal.close();
  });

  test('a group torn in the middle is discarded as a whole, earlier records kept', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    await journal.append(rec('before'));
    const sizeBefore = journal.sizeBytes();
    await journal.appendMany([rec('txn-1'), rec('txn-2'), rec('txn-3')]);
    await journal.close();
    const file = onlyLog(dir);
    // Cut inside the second record of the group: the first one is complete on disk, yet must go.
    const cut = sizeBefore + 8 + 4 + (4 + 5) + 2;
    fs.truncateSync(file, cut);
    const again = await Journal.open(dir, { logger: quiet() });
    expect(texts(again.records)).toEqual(['before']);
    expect(fs.statSync(file).size).toBe(sizeBefore);
    await again.journal.close();
  });
});

describe('Group commit', () => {
  test('1000 concurrent appends share far fewer fsyncs, and all are durable', async () => {
    const dir = tmpDir();
    const { journal } = await Journal.open(dir, { logger: quiet() });
    const n = 1000;
    await Promise.all(Array.from({ length: n }, (_, i) => journal.append(rec(`r${i}`))));
    expect(journal.stats.appends).toBe(n);
    expect(journal.stats.syncs).toBeGreaterThanOrEqual(1);
    expect(journal.stats.syncs).toBeLessThan(n / 10);
    await journal.close();
    const again = await Journal.open(dir, { logger: quiet() });
    expect(texts(again.records)).toEqual(Array.from({ length: n }, (_, i) => `r${i}`));
    await again.journal.close();
  });

  test('appends arriving while an fsync is in flight join the next single fsync', async () => {
    const { journal } = await Journal.open(tmpDir(), { logger: quiet() });
    const first = journal.append(rec('first'));
    await new Promise((r) => setImmediate(r)); // the writer has started on "first"
    const waves = Array.from({ length: 50 }, (_, i) => journal.append(rec(`w${i}`)));
    await Promise.all([first, ...waves]);
    expect(journal.stats.syncs).toBe(2);
    await journal.close();
  });

  test('an append resolves only after its fsync', async () => {
    const { journal } = await Journal.open(tmpDir(), { logger: quiet() });
    const p = journal.append(rec('x'));
    expect(journal.stats.syncs).toBe(0);
    await p;
    expect(journal.stats.syncs).toBe(1);
    await journal.close();
  });
});
