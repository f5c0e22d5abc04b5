/**
 * The e-mail outbox as the worker and the admin see it. Claims are atomic (findOneAndUpdate):
 * a message is `sending` under one lease token at a time, and every later write about it is
 * fenced by that token, so an instance whose lease ran out cannot overwrite the new holder.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { type ClientSession } from 'mongoose';
import { Outbox, Reminder, type OutboxStatus } from '../notice';

export interface ClaimedMessage {
  _id: mongoose.Types.ObjectId;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  attempts: number;
  leaseToken: string;
}

const CLAIM_FIELDS = { to: 1, subject: 1, text: 1, html: 1, messageId: 1, attempts: 1, leaseToken: 1 } as const;

/** The oldest due message (pending and due, or sending under an expired lease), now leased to `owner`. */
export async function claimNext(owner: string, leaseMs: number, now = new Date()): Promise<ClaimedMessage | null> {
  const doc = await Outbox.findOneAndUpdate(
    { $or: [{ status: 'pending', nextAttemptAt: { $lte: now } }, { status: 'sending', leaseUntil: { $lte: now } }] },
    { $set: { status: 'sending', leaseToken: randomUUID(), leaseUntil: new Date(now.getTime() + leaseMs), claimedBy: owner }, $inc: { attempts: 1 } },
    { sort: { nextAttemptAt: 1 }, returnDocument: 'after', projection: CLAIM_FIELDS },
  ).lean();
  return doc as ClaimedMessage | null;
}

/** false: the lease was lost meanwhile (another instance holds the message now). */
export async function markSent(message: ClaimedMessage, smtpResponse: string, now = new Date()): Promise<boolean> {
  const res = await Outbox.updateOne({ _id: message._id, status: 'sending', leaseToken: message.leaseToken }, {
    $set: { status: 'sent', sentAt: now, smtpResponse: smtpResponse.slice(0, 300), lastError: null, leaseToken: null, leaseUntil: null },
  });
  return res.matchedCount === 1;
}

export async function markAttemptFailed(message: ClaimedMessage, outcome: { status: 'pending' | 'failed'; nextAttemptAt: Date | null; error: string; countAttempt: boolean }): Promise<boolean> {
  const res = await Outbox.updateOne({ _id: message._id, status: 'sending', leaseToken: message.leaseToken }, {
    $set: { status: outcome.status, nextAttemptAt: outcome.nextAttemptAt ?? new Date(), lastError: outcome.error, leaseToken: null, leaseUntil: null },
    ...(outcome.countAttempt ? {} : { $inc: { attempts: -1 } }),
  });
  return res.matchedCount === 1;
}

/** The moment the next message becomes due (to sleep until then), or null when none waits. */
export async function nextDueAt(): Promise<Date | null> {
  const [pending, leased] = await Promise.all([
    Outbox.findOne({ status: 'pending' }, { nextAttemptAt: 1 }).sort({ nextAttemptAt: 1 }).lean(),
    Outbox.findOne({ status: 'sending' }, { leaseUntil: 1 }).sort({ leaseUntil: 1 }).lean(),
  ]);
  const times = [pending?.nextAttemptAt, leased?.leaseUntil].filter((d): d is Date => d instanceof Date).map((d) => d.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

export interface OutboxRow {
  _id: mongoose.Types.ObjectId;
  to: string;
  subject: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  createdAt: Date;
}

/** An admin's view of one cycle's e-mails (admins see every organisation). */
export async function cycleOutbox(cycleId: mongoose.Types.ObjectId, status: OutboxStatus | null, limit = 200): Promise<{ rows: OutboxRow[]; counts: Record<OutboxStatus, number>; total: number }> {
  const filter: Record<string, unknown> = { cycleId };
  if (status) filter.status = status;
  const [rows, grouped] = await Promise.all([
    Outbox.find(filter, { to: 1, subject: 1, kind: 1, status: 1, attempts: 1, lastError: 1, nextAttemptAt: 1, sentAt: 1, createdAt: 1 }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean(),
    Outbox.aggregate<{ _id: OutboxStatus; n: number }>([{ $match: { cycleId } }, { $group: { _id: '$status', n: { $sum: 1 } } }]),
  ]);
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0 } as Record<OutboxStatus, number>;
  for (const g of grouped) counts[g._id] = g.n;
  const total = status ? counts[status] : Object.values(counts).reduce((a, b) => a + b, 0);
  return { rows: rows as unknown as OutboxRow[], counts, total };
}

/** A failed message back in the queue (attempts start again); false if it is not failed or not of this cycle. */
export async function requeueFailed(cycleId: mongoose.Types.ObjectId, id: mongoose.Types.ObjectId, session?: ClientSession): Promise<{ to: string; subject: string } | null> {
  const doc = await Outbox.findOneAndUpdate({ _id: id, cycleId, status: 'failed' }, {
    $set: { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null },
  }, { projection: { to: 1, subject: 1 }, session }).lean();
  return doc ? { to: doc.to, subject: doc.subject } : null;
}

export async function cycleReminders(cycleId: mongoose.Types.ObjectId, limit = 200) {
  return Reminder.find({ cycleId }, { organisationId: 1, threshold: 1, deadline: 1, at: 1, notices: 1, emails: 1 }).sort({ at: -1 }).limit(limit).lean();
}
