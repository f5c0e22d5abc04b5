/**
 * The MongoDB session store: rolling expiry is written at most once a minute per session and
 * instance (a write per request would cost a durable write on every page view).
 */
import type { SessionData } from 'express-session';
import { MongoSessionStore, SessionModel } from '../../server/model/session-store';
import { clearDb, startTestDb, type TestDb } from '../helpers/db';

let db: TestDb;
beforeAll(async () => { db = await startTestDb(); });
afterAll(async () => { await db.stop(); });
beforeEach(clearDb);

const call = <T>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

function sessionExpiring(at: Date): SessionData {
  return { cookie: { originalMaxAge: 3_600_000, expires: at }, userId: 'u1' } as unknown as SessionData;
}

async function storedExpiry(sid: string): Promise<number> {
  const doc = await SessionModel.findById(sid).lean();
  return doc!.expires.getTime();
}

test('a touch soon after a write leaves the stored expiry; a later one moves it', async () => {
  const store = new MongoSessionStore(3_600_000, 60_000);
  const first = new Date(Date.now() + 3_600_000);
  await call((cb) => store.set('s1', sessionExpiring(first), cb));
  await call((cb) => store.touch('s1', sessionExpiring(new Date(first.getTime() + 5_000)), cb));
  expect(await storedExpiry('s1')).toBe(first.getTime());

  const eager = new MongoSessionStore(3_600_000, 0);
  const later = new Date(first.getTime() + 90_000);
  await call((cb) => eager.touch('s1', sessionExpiring(later), cb));
  expect(await storedExpiry('s1')).toBe(later.getTime());
});

test('a session this instance never wrote is touched at once', async () => {
  const writer = new MongoSessionStore(3_600_000, 60_000);
  const first = new Date(Date.now() + 3_600_000);
  await call((cb) => writer.set('s2', sessionExpiring(first), cb));
  const other = new MongoSessionStore(3_600_000, 60_000); // another app instance
  const later = new Date(first.getTime() + 10_000);
  await call((cb) => other.touch('s2', sessionExpiring(later), cb));
  expect(await storedExpiry('s2')).toBe(later.getTime());
});

test('destroy removes the session and forgets it, get misses expired sessions', async () => {
  const store = new MongoSessionStore(3_600_000, 60_000);
  await call((cb) => store.set('s3', sessionExpiring(new Date(Date.now() + 3_600_000)), cb));
  expect(await call<SessionData | null>((cb) => store.get('s3', cb))).toMatchObject({ userId: 'u1' });
  await call((cb) => store.destroy('s3', cb));
  expect(await SessionModel.countDocuments({ _id: 's3' })).toBe(0);
  await call((cb) => store.set('s4', sessionExpiring(new Date(Date.now() - 1000)), cb));
  expect(await call<SessionData | null>((cb) => store.get('s4', cb))).toBeNull();
});
