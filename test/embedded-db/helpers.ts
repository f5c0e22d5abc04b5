/** Test helpers: a fresh embedded server per test file and a driver client connected to it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo, EmbeddedMongoOptions, startEmbeddedMongo } from '../../server/embedded-db';

/** Loosely typed documents: these tests store arbitrary shapes and `_id` types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDoc = any;

export interface TestDb {
  server: EmbeddedMongo;
  client: MongoClient;
  stop(): Promise<void>;
}

export const quietLogger = { info() {}, warn() {}, error() {} };

export async function startTestDb(opts: Partial<EmbeddedMongoOptions> = {}): Promise<TestDb> {
  const server = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger, ...opts });
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  return {
    server,
    client,
    async stop() {
      await client.close();
      await server.stop();
    },
  };
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
