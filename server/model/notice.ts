/**
 * Notices: the in-app inbox (one document per user and event), the e-mail outbox (one document
 * per e-mail, written in the same transaction as the event that caused it), and the ledger of
 * deadline reminders (one document per cycle, organisation, threshold and deadline day). Keys are
 * unique, so an event, a retried transaction or a second app instance can never add a notice,
 * e-mail or reminder twice.
 */
import './settings';
import mongoose, { Schema } from 'mongoose';
import { NOTICE_KINDS } from '../domain/notify/events';

const itemSchema = new Schema({ title: String, comment: String, href: String }, { _id: false });

const noticeSchema = new Schema({
  /** `<event key>:<user id>` */
  key: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, required: true, enum: NOTICE_KINDS },
  title: { type: String, required: true },
  body: { type: String, default: '' },
  href: { type: String, required: true },
  items: { type: [itemSchema], default: [] },
  cycleId: { type: Schema.Types.ObjectId, default: null },
  organisationId: { type: Schema.Types.ObjectId, default: null },
  responseId: { type: Schema.Types.ObjectId, default: null },
  createdAt: { type: Date, required: true },
  readAt: { type: Date, default: null },
}, { versionKey: false });
noticeSchema.index({ key: 1 }, { unique: true });
noticeSchema.index({ userId: 1, createdAt: -1 });
noticeSchema.index({ userId: 1, readAt: 1 });
// Inbox entries older than about a year go (the audit log keeps what happened).
noticeSchema.index({ createdAt: 1 }, { expireAfterSeconds: 400 * 86_400 });

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const outboxSchema = new Schema({
  /** `<event key>:<user id>:email` */
  key: { type: String, required: true },
  noticeId: { type: Schema.Types.ObjectId, default: null },
  userId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, required: true, enum: NOTICE_KINDS },
  cycleId: { type: Schema.Types.ObjectId, default: null },
  organisationId: { type: Schema.Types.ObjectId, default: null },
  to: { type: String, required: true },
  subject: { type: String, required: true },
  text: { type: String, required: true },
  html: { type: String, required: true },
  /** fixed at queue time: every attempt (and a duplicate after a crash) carries the same one */
  messageId: { type: String, required: true },
  status: { type: String, required: true, enum: OUTBOX_STATUSES, default: 'pending' },
  attempts: { type: Number, default: 0 },
  nextAttemptAt: { type: Date, required: true },
  /** the claim: who holds the message and until when (another instance may take it after) */
  leaseToken: { type: String, default: null },
  leaseUntil: { type: Date, default: null },
  claimedBy: { type: String, default: null },
  lastError: { type: String, default: null },
  smtpResponse: { type: String, default: null },
  sentAt: { type: Date, default: null },
  createdAt: { type: Date, required: true },
}, { versionKey: false, collection: 'outbox' });
outboxSchema.index({ key: 1 }, { unique: true });
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ status: 1, leaseUntil: 1 });
outboxSchema.index({ cycleId: 1, createdAt: -1 });

const reminderSchema = new Schema({
  /** reminderKey(): cycle, organisation, threshold, deadline day (and a manual send's nonce) */
  _id: { type: String, required: true },
  cycleId: { type: Schema.Types.ObjectId, required: true },
  organisationId: { type: Schema.Types.ObjectId, required: true },
  responseId: { type: Schema.Types.ObjectId, required: true },
  threshold: { type: String, required: true, enum: ['7d', '1d', 'manual'] },
  deadline: { type: Date, required: true },
  at: { type: Date, required: true },
  /** user id of the admin who pressed the button; null for the scheduler */
  by: { type: String, default: null },
  notices: { type: Number, default: 0 },
  emails: { type: Number, default: 0 },
}, { versionKey: false });
reminderSchema.index({ cycleId: 1, at: -1 });

export const Notice = mongoose.model('Notice', noticeSchema);
export const Outbox = mongoose.model('Outbox', outboxSchema);
export const Reminder = mongoose.model('Reminder', reminderSchema);
