/**
 * A real database for a test file: the embedded MongoDB-compatible server (in memory), with
 * mongoose connected to it exactly as the app connects in production.
 */
import mongoose from 'mongoose';
import { prepareModels } from '../../server/model/settings';
import { startEmbeddedMongo } from '../../server/embedded-db';

export interface TestDb { uri: string; stop(): Promise<void> }

export async function startTestDb(): Promise<TestDb> {
  const server = await startEmbeddedMongo({ dataDir: null, port: 0 });
  await mongoose.connect(server.uri, { serverSelectionTimeoutMS: 5000 });
  await prepareModels();
  return {
    uri: server.uri,
    async stop() {
      await mongoose.disconnect();
      await server.stop();
    },
  };
}

/** Empties every collection between tests (keeps indexes). */
export async function clearDb(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  const collections = await db.listCollections().toArray();
  await Promise.all(collections.map((c) => db.collection(c.name).deleteMany({})));
}
