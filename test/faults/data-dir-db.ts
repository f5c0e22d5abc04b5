/**
 * Direct access to the embedded database inside an app's DATA_DIR while the app is stopped: to
 * seed it before the first start, and to read it after the app is gone (audit entries). The
 * database folder is locked by whoever has it open, so the app must not be running meanwhile.
 */
import path from 'node:path';
import mongoose from 'mongoose';
import { prepareModels } from '../../server/model/settings';
import { startEmbeddedMongo } from '../../server/embedded-db';

export async function withDataDirDb<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const db = await startEmbeddedMongo({ dataDir: path.join(dataDir, 'db'), port: 0 });
  await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await prepareModels();
    return await fn();
  } finally {
    await mongoose.disconnect();
    await db.stop();
  }
}
