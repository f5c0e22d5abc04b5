/** Test helpers: a fresh embedded server per test file and a driver client connected to it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, MongoClientOptions, MongoServerError } from 'mongodb';
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

export async function startTestDb(opts: Partial<EmbeddedMongoOptions> = {}, clientOptions: MongoClientOptions = {}): Promise<TestDb> {
  const server = await startEmbeddedMongo({ dataDir: null, port: 0, logger: quietLogger, ...opts });
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000, ...clientOptions });
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

/**
 * Client options for documents with fields named `__proto__` or `constructor`. The driver decodes
 * replies with bson's `fieldsAsRaw` option, `{}` by default; bson looks names up in it with plain
 * property access, so an array under such a field would come back as raw BSON buffers on the
 * client. A prototype-less map avoids that.
 */
export const NAME_SAFE_CLIENT = { fieldsAsRaw: Object.create(null) } as MongoClientOptions;

/** The server error `p` fails with (anything else, or no failure, fails the test). */
export async function serverError(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(() => null, (e) => e);
  if (!(err instanceof MongoServerError)) throw new Error(`expected a server error, got ${err === null ? 'success' : String(err)}`);
  return err;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
