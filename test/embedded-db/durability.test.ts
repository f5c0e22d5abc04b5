/** Durability: data, indexes and DDL survive a restart; compaction; the data directory is locked. */
import { Decimal128, Double, Long, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../server/embedded-db';
import { quietLogger, removeDir, tmpDir } from './helpers';

let dir: string;
beforeEach(() => { dir = tmpDir('edb-durable'); });
afterEach(() => removeDir(dir));

async function withServer<T>(fn: (client: MongoClient) => Promise<T>, extra: Record<string, unknown> = {}): Promise<T> {
  const server = await startEmbeddedMongo({ dataDir: dir, port: 0, logger: quietLogger, ...extra });
  const client = new MongoClient(server.uri);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.close();
    await server.stop();
  }
}

const raw = { promoteValues: false, promoteLongs: false } as const;

test('writes, deletes, indexes and renames are all there after a restart', async () => {
  await withServer(async (client) => {
    const db = client.db('app');
    await db.collection('users').createIndex({ email: 1 }, { unique: true });
    await db.collection('users').insertMany([
      { _id: 1, email: 'a@x.id', d: new Double(1), l: Long.fromNumber(2), dec: Decimal128.fromString('3.30') },
      { _id: 2, email: 'b@x.id' },
      { _id: 3, email: 'c@x.id' },
    ] as never[]);
    await db.collection('users').updateOne({ _id: 2 } as never, { $set: { name: 'B' } });
    await db.collection('users').deleteOne({ _id: 3 } as never);
    await db.collection('tmp').insertOne({ x: 1 });
    await db.collection('tmp').rename('kept');
    await db.collection('gone').insertOne({ x: 1 });
    await db.collection('gone').drop();
  });
  await withServer(async (client) => {
    const db = client.db('app');
    const users = await db.collection('users').find({}, raw).sort({ _id: 1 }).toArray();
    expect(users).toHaveLength(2);
    expect(users[0]).toMatchObject({ d: new Double(1), l: Long.fromNumber(2) });
    expect(users[0].dec.toString()).toBe('3.30');
    expect(users[1]).toMatchObject({ name: 'B' });
    const dup = await db.collection('users').insertOne({ email: 'a@x.id' }).catch((e) => e);
    expect(dup.code).toBe(11000);
    const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['kept', 'users']);
  });
});

test('committed transactions survive, aborted ones leave no trace', async () => {
  await withServer(async (client) => {
    const c = client.db('app').collection('t');
    const s = client.startSession();
    await s.withTransaction(async () => {
      await c.insertOne({ _id: 'a' } as never, { session: s });
      await c.insertOne({ _id: 'b' } as never, { session: s });
    });
    s.startTransaction();
    await c.insertOne({ _id: 'never' } as never, { session: s });
    await s.abortTransaction();
    await s.endSession();
  });
  await withServer(async (client) => {
    const ids = (await client.db('app').collection('t').find().toArray()).map((d) => d._id);
    expect(ids.sort()).toEqual(['a', 'b']);
  });
});

test('compaction writes a snapshot; later writes are replayed on top of it', async () => {
  await withServer(async (client) => {
    const c = client.db('app').collection('bulk');
    await c.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: i, pad: 'x'.repeat(100) })) as never[]);
    // Compaction runs on its timer: wait until it has written a snapshot.
    const snapshotFile = require('node:path').join(dir, 'snapshot');
    for (let i = 0; i < 100 && !require('node:fs').existsSync(snapshotFile); i++) await new Promise((r) => setTimeout(r, 50));
    await c.updateOne({ _id: 7 } as never, { $set: { after: true } });
    await c.deleteOne({ _id: 8 } as never);
  }, { compactEveryMs: 100, compactMinBytes: 1024 });
  await withServer(async (client) => {
    const c = client.db('app').collection('bulk');
    expect(await c.countDocuments()).toBe(499);
    expect(await c.findOne({ _id: 7 } as never)).toMatchObject({ after: true });
  });
  expect(require('node:fs').existsSync(require('node:path').join(dir, 'snapshot'))).toBe(true);
});

test('writes made while a snapshot is being built are neither lost nor reverted', async () => {
  const expected = new Map<number, number>();
  const messages: string[] = [];
  const logger = { info: (o: unknown, m?: string) => messages.push(`${typeof o === 'string' ? o : ''} ${m ?? ''}`), warn() {}, error() {} };
  await withServer(async (client) => {
    const c = client.db('app').collection('busy');
    await c.insertMany(Array.from({ length: 6000 }, (_, i) => ({ _id: i, v: 0 })) as never[]);
    for (let i = 0; i < 6000; i++) expected.set(i, 0);
    const until = Date.now() + 1500;
    let round = 0;
    while (Date.now() < until) {
      round++;
      const ops: Promise<unknown>[] = [];
      for (let k = 0; k < 20; k++) {
        const id = (round * 37 + k * 613) % 6000;
        if (k % 7 === 0) {
          ops.push(c.deleteOne({ _id: id } as never));
          expected.delete(id);
        } else {
          ops.push(c.updateOne({ _id: id } as never, { $set: { v: round } }, { upsert: true }));
          expected.set(id, round);
        }
      }
      ops.push(c.insertOne({ _id: 10_000 + round, v: round } as never));
      expected.set(10_000 + round, round);
      if (round % 25 === 0) ops.push(client.db('app').collection(`side${round}`).insertOne({ x: 1 }));
      await Promise.all(ops);
    }
  }, { compactEveryMs: 20, compactMinBytes: 1, logger });
  expect(messages.filter((m) => m.includes('compacted')).length).toBeGreaterThan(0);
  await withServer(async (client) => {
    const docs = await client.db('app').collection('busy').find().toArray();
    const actual = new Map(docs.map((d) => [d._id as unknown as number, d.v as number]));
    expect(actual).toEqual(expected);
  });
  expect(require('node:fs').existsSync(require('node:path').join(dir, 'snapshot'))).toBe(true);
});

test('concurrent inserts are all durable (group commit)', async () => {
  await withServer(async (client) => {
    const c = client.db('app').collection('many');
    await Promise.all(Array.from({ length: 200 }, (_, i) => c.insertOne({ _id: i } as never)));
  });
  await withServer(async (client) => {
    expect(await client.db('app').collection('many').countDocuments()).toBe(200);
  });
});

test('a second server on the same data directory is refused', async () => {
  const first = await startEmbeddedMongo({ dataDir: dir, port: 0, logger: quietLogger });
  try {
    await expect(startEmbeddedMongo({ dataDir: dir, port: 0, logger: quietLogger })).rejects.toThrow(/locked/);
  } finally {
    await first.stop();
  }
  const again = await startEmbeddedMongo({ dataDir: dir, port: 0, logger: quietLogger });
  await again.stop();
});
