/**
 * express-session store in MongoDB (collection `sessions`), so any app instance behind a load
 * balancer serves any user. Expired sessions are removed by a TTL index; each session remembers
 * its user so disabling an account can end all of that user's sessions at once.
 *
 * Rolling expiry without a write per request: `touch` (the request changed nothing in the
 * session) writes the new expiry only when this instance has not written it for TOUCH_AFTER_MS.
 * The stored expiry may therefore lag the cookie's by up to that much: the idle timeout is the
 * configured one, minus at most a minute. Any other instance touches on its own schedule.
 */
import './settings';
import mongoose, { Schema } from 'mongoose';
import session, { type SessionData } from 'express-session';

const sessionSchema = new Schema({
  _id: { type: String, required: true },
  data: { type: String, required: true },
  userId: { type: String, index: true },
  expires: { type: Date, required: true },
}, { versionKey: false });
sessionSchema.index({ expires: 1 }, { expireAfterSeconds: 0 });

export const SessionModel = mongoose.model('Session', sessionSchema);

type Callback<T = void> = (err?: unknown, value?: T) => void;

export const TOUCH_AFTER_MS = 60 * 1000;
/** Bound of the "last written" memo: old entries fall out first (a miss only costs one write). */
const MAX_REMEMBERED = 20_000;

function expiryOf(sess: SessionData, fallbackMs: number): Date {
  const cookieExpires = sess.cookie?.expires;
  return cookieExpires ? new Date(cookieExpires) : new Date(Date.now() + fallbackMs);
}

export class MongoSessionStore extends session.Store {
  /** sid → when this instance last wrote its expiry (insertion order = age). */
  private readonly written = new Map<string, number>();

  constructor(private readonly fallbackTtlMs = 60 * 60 * 1000, private readonly touchAfterMs = TOUCH_AFTER_MS) {
    super();
  }

  private remember(sid: string, at: number): void {
    this.written.delete(sid);
    this.written.set(sid, at);
    if (this.written.size > MAX_REMEMBERED) this.written.delete(this.written.keys().next().value as string);
  }

  override get(sid: string, cb: Callback<SessionData | null>): void {
    SessionModel.findOne({ _id: sid, expires: { $gt: new Date() } }).lean()
      .then((doc) => cb(null, doc ? (JSON.parse(doc.data) as SessionData) : null), cb);
  }

  override set(sid: string, sess: SessionData, cb?: Callback): void {
    const userId = (sess as SessionData & { userId?: string }).userId;
    SessionModel.updateOne(
      { _id: sid },
      { $set: { data: JSON.stringify(sess), expires: expiryOf(sess, this.fallbackTtlMs), userId: userId ?? null } },
      { upsert: true },
    ).then(() => { this.remember(sid, Date.now()); cb?.(); }, (err) => cb?.(err));
  }

  override touch(sid: string, sess: SessionData, cb?: Callback): void {
    const now = Date.now();
    const last = this.written.get(sid);
    if (last !== undefined && now - last < this.touchAfterMs) {
      cb?.();
      return;
    }
    SessionModel.updateOne({ _id: sid }, { $set: { expires: expiryOf(sess, this.fallbackTtlMs) } })
      .then(() => { this.remember(sid, now); cb?.(); }, (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: Callback): void {
    this.written.delete(sid);
    SessionModel.deleteOne({ _id: sid }).then(() => cb?.(), (err) => cb?.(err));
  }

  /** Ends every session of a user (account disabled, password reset). */
  static async destroyForUser(userId: string): Promise<number> {
    const res = await SessionModel.deleteMany({ userId });
    return res.deletedCount ?? 0;
  }
}
