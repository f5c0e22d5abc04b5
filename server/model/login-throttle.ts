/**
 * Failed-login counters per account and per client address, in the database so the limit holds
 * across app instances. The account key is the user name as the login normalised it for the
 * lookup (domain/accounts/username.ts), so no spelling of one name gets a counter of its own. A window of 15 minutes; past the limit, logins for that key answer 429
 * until the window ends. Successful login clears the account's counter.
 */
import './settings';
import mongoose, { Schema } from 'mongoose';

const throttleSchema = new Schema({
  _id: { type: String, required: true },
  failures: { type: Number, required: true, default: 0 },
  expires: { type: Date, required: true },
}, { versionKey: false });
throttleSchema.index({ expires: 1 }, { expireAfterSeconds: 0 });

const LoginThrottle = mongoose.model('LoginThrottle', throttleSchema);

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const LIMITS = { account: 10, address: 50 } as const;

export function throttleKeys(username: string, ip: string): { account: string; address: string } {
  return { account: `u:${username.toLowerCase().slice(0, 64)}`, address: `ip:${ip}` };
}

export async function isThrottled(username: string, ip: string): Promise<boolean> {
  const keys = throttleKeys(username, ip);
  const docs = await LoginThrottle.find({ _id: { $in: [keys.account, keys.address] }, expires: { $gt: new Date() } }).lean();
  return docs.some((d) => d.failures >= (d._id === keys.account ? LIMITS.account : LIMITS.address));
}

export async function recordFailure(username: string, ip: string): Promise<void> {
  const keys = throttleKeys(username, ip);
  const now = new Date();
  await Promise.all([keys.account, keys.address].map(async (key) => {
    // Restart an expired window, otherwise count within it.
    await LoginThrottle.deleteOne({ _id: key, expires: { $lte: now } });
    await LoginThrottle.updateOne(
      { _id: key },
      { $inc: { failures: 1 }, $setOnInsert: { expires: new Date(now.getTime() + THROTTLE_WINDOW_MS) } },
      { upsert: true },
    );
  }));
}

export async function clearFailures(username: string, ip: string): Promise<void> {
  await LoginThrottle.deleteOne({ _id: throttleKeys(username, ip).account });
}
