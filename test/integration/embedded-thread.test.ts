/**
 * The embedded database in a worker thread (server/embedded-thread), as the app starts it when
 * MONGODB_URI is unset: mongoose works through it, data survives a restart on the same folder,
 * a locked folder is refused with the database's own message, and logs reach the app's logger.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { startEmbeddedMongoThread } from '../../server/embedded-thread';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line)); } });
  return { logger, lines };
}

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monev-thread-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('mongoose reads and writes through the thread; the data is there after a restart', async () => {
  const { logger, lines } = capturingLogger();
  const db = await startEmbeddedMongoThread({ dataDir: dir, port: 0 }, logger);
  expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\//);
  const conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  await conn.collection('things').insertOne({ _id: 'a' as never, n: 1 });
  await conn.transaction(async (session) => {
    await conn.collection('things').updateOne({ _id: 'a' as never }, { $inc: { n: 1 } }, { session });
  });
  await conn.close();
  await db.stop();
  await db.stop(); // idempotent
  expect(lines.some((l) => l.msg === 'embedded-db: listening')).toBe(true);

  const again = await startEmbeddedMongoThread({ dataDir: dir, port: 0 }, logger);
  const conn2 = await mongoose.createConnection(again.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  expect(await conn2.collection('things').findOne({ _id: 'a' as never })).toEqual({ _id: 'a', n: 2 });
  await conn2.close();
  await again.stop();
});

test('a folder in use is refused with the lock message, and the first server keeps running', async () => {
  const { logger } = capturingLogger();
  const first = await startEmbeddedMongoThread({ dataDir: dir, port: 0 }, logger);
  try {
    await expect(startEmbeddedMongoThread({ dataDir: dir, port: 0 }, logger)).rejects.toThrow(/locked/);
    const conn = await mongoose.createConnection(first.uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
    expect(await conn.db!.admin().ping()).toMatchObject({ ok: 1 });
    await conn.close();
  } finally {
    await first.stop();
  }
});

test('a server that cannot start (not a loopback address) rejects with its reason', async () => {
  const { logger } = capturingLogger();
  await expect(startEmbeddedMongoThread({ dataDir: null, host: '0.0.0.0', port: 0 }, logger)).rejects.toThrow(/loopback|127\.0\.0\.1/i);
});
