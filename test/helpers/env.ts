/**
 * One app and one real (in-memory, embedded) database for a test file: started before the
 * file's tests, stopped after them, and with `clearEach` emptied before every test (the hooks are
 * registered first, so a file's own beforeAll/beforeEach run after them and may seed or sign in).
 *
 *   const env = useTestApp({ clearEach: true });
 *   beforeEach(async () => { admin = (await signedIn(env.app, { username: 'admin1', role: 'admin' })).agent; });
 */
import type { Express } from 'express';
import { testApp } from './app';
import { clearDb, startTestDb, type TestDb } from './db';

export interface TestEnv {
  app: Express;
  db: TestDb;
}

export function useTestApp(options: { clearEach?: boolean } = {}): TestEnv {
  const env = {} as TestEnv;
  beforeAll(async () => {
    env.db = await startTestDb();
    env.app = testApp();
  });
  afterAll(async () => {
    await env.db.stop();
  });
  if (options.clearEach) beforeEach(clearDb);
  return env;
}
