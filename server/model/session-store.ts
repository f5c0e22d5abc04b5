/**
 * express-session store in MongoDB (collection `sessions`), so any app instance behind a load
 * balancer serves any user. Expired sessions are removed by a TTL index; each session remembers
 * its user so disabling an account can end all of that user's sessions at once.
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

function expiryOf(sess: SessionData, fallbackMs: number): Date {
  const cookieExpires = sess.cookie?.expires;
  return cookieExpires ? new Date(cookieExpires) : new Date(Date.now() + fallbackMs);
}

export class MongoSessionStore extends session.Store {
  constructor(private readonly fallbackTtlMs = 60 * 60 * 1000) {
    super();
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
    ).then(() => cb?.(), (err) => cb?.(err));
  }

  override touch(sid: string, sess: SessionData, cb?: Callback): void {
    SessionModel.updateOne({ _id: sid }, { $set: { expires: expiryOf(sess, this.fallbackTtlMs) } })
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: Callback): void {
    SessionModel.deleteOne({ _id: sid }).then(() => cb?.(), (err) => cb?.(err));
  }

  /** Ends every session of a user (account disabled, password reset). */
  static async destroyForUser(userId: string): Promise<number> {
    const res = await SessionModel.deleteMany({ userId });
    return res.deletedCount ?? 0;
  }
}
