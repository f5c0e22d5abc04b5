// Property: whatever sequence of appends, groups and compactions ran, and wherever the final log
// file is cut (a crash mid-write), recovery yields the snapshot state followed by a prefix of the
// later writes that ends on a group boundary: nothing reordered, nothing invented, no half group.
import fs from 'fs';
import fc from 'fast-check';
import { Journal } from '../../server/embedded-db/journal';
import path from 'path';
import { logFiles, recordingLogger, tmpDir } from './journal-helpers';

type Op = { kind: 'append'; recs: string[] } | { kind: 'group'; recs: string[] } | { kind: 'compact' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ kind: 'append' as const, recs: [s] })) },
  { weight: 2, arbitrary: fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 5 }).map((recs) => ({ kind: 'group' as const, recs })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);

describe('Journal recovery property', () => {
  test('recovered state = snapshot + group-aligned prefix of later writes, for any crash point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 15 }), fc.double({ min: 0, max: 1, noNaN: true }), async (ops, cutAt) => {
        const dir = tmpDir('journal-prop-');
        const { journal } = await Journal.open(dir, { logger: recordingLogger() });
        const all: string[] = [];
        let snapshotLen = 0;
        const boundaries = [0]; // lengths of `all` at which the log may legally end (after a snapshot)
        for (const op of ops) {
          if (op.kind === 'compact') {
            await journal.compact(Buffer.from(JSON.stringify(all)));
            snapshotLen = all.length;
            boundaries.length = 0;
            boundaries.push(all.length);
          } else {
            // Fire without awaiting each, so group commit batches some of them together.
            const p = op.kind === 'append' ? journal.append(Buffer.from(op.recs[0])) : journal.appendMany(op.recs.map((r) => Buffer.from(r)));
            all.push(...op.recs);
            boundaries.push(all.length);
            if (all.length % 3 === 0) await p;
          }
        }
        await journal.close();
        const last = logFiles(dir).at(-1); // absent when nothing was appended after a compaction
        if (last) {
          const log = path.join(dir, last);
          fs.truncateSync(log, Math.floor(fs.statSync(log).size * cutAt));
        }

        const again = await Journal.open(dir, { logger: recordingLogger() });
        const base: string[] = again.snapshot ? JSON.parse(again.snapshot.toString()) : [];
        const recovered = [...base, ...again.records.map((b) => b.toString())];
        await again.journal.close();
        fs.rmSync(dir, { recursive: true, force: true });
        expect(base.length).toBe(snapshotLen);
        expect(recovered).toEqual(all.slice(0, recovered.length));
        expect(boundaries).toContain(recovered.length);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
