/**
 * Queries of notices. The inbox is the signed-in user's own: every read and write is filtered by
 * `req.user.id` here, and another user's notice answers 404 (audited like other out-of-scope
 * rows). Recipients are loaded for an event inside the event's transaction.
 */
import type { Request } from 'express';
import mongoose, { type ClientSession } from 'mongoose';
import { OWING_STATES, rolesFor, type Candidate, type NoticeKind } from '../../domain/notify';
import { Problem } from '../../domain/problems';
import { Cycle } from '../cycle';
import { Notice, Reminder } from '../notice';
import { Organisation } from '../organisation';
import { ResponseModel } from '../response';
import { User } from '../user';
import { notFoundInScope, objectIdParam, scopedResponses } from './scoped';

export const INBOX_PAGE_SIZE = 30;

function me(req: Request): mongoose.Types.ObjectId {
  if (!req.user) throw new Problem(401.1);
  return new mongoose.Types.ObjectId(req.user.id);
}

export interface InboxRow {
  _id: mongoose.Types.ObjectId;
  kind: string;
  title: string;
  body: string;
  href: string;
  items: { title: string; comment: string; href: string }[];
  createdAt: Date;
  readAt: Date | null;
}

export async function inboxPage(req: Request, page: number): Promise<{ rows: InboxRow[]; total: number; unread: number }> {
  const userId = me(req);
  const [rows, total, unread] = await Promise.all([
    Notice.find({ userId }, { key: 0, userId: 0 }).sort({ createdAt: -1, _id: -1 }).skip((page - 1) * INBOX_PAGE_SIZE).limit(INBOX_PAGE_SIZE).lean(),
    Notice.countDocuments({ userId }),
    Notice.countDocuments({ userId, readAt: null }),
  ]);
  return { rows: rows as unknown as InboxRow[], total, unread };
}

export async function unreadCount(userId: string): Promise<number> {
  return Notice.countDocuments({ userId: new mongoose.Types.ObjectId(userId), readAt: null });
}

/** Marks one of the user's notices read; returns the page it leads to. */
export async function markRead(req: Request, idParam: unknown): Promise<string> {
  const id = objectIdParam(idParam);
  const userId = me(req);
  const doc = await Notice.findOne({ _id: id, userId }, { href: 1, readAt: 1 }).lean();
  if (!doc) return notFoundInScope(req, 'notice', id, async () => (await Notice.countDocuments({ _id: id })) > 0);
  if (!doc.readAt) await Notice.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt: new Date() } });
  return doc.href;
}

export async function markAllRead(req: Request): Promise<number> {
  const res = await Notice.updateMany({ userId: me(req), readAt: null }, { $set: { readAt: new Date() } });
  return res.modifiedCount;
}

const CANDIDATE_FIELDS = { role: 1, organisationIds: 1, kabkota: 1, disabled: 1, name: 1, email: 1, notify: 1 } as const;

type UserRow = { _id: mongoose.Types.ObjectId; role: string; organisationIds?: mongoose.Types.ObjectId[]; kabkota?: unknown; disabled?: boolean; name: string; email?: string | null; notify?: unknown };

function toCandidate(u: UserRow): Candidate {
  return {
    id: String(u._id), role: u.role as Candidate['role'], organisationIds: (u.organisationIds ?? []).map(String),
    kabkota: u.kabkota === 'all' ? 'all' : Array.isArray(u.kabkota) ? (u.kabkota as string[]) : [],
    disabled: Boolean(u.disabled), name: u.name, email: u.email ?? null, prefs: u.notify ?? null,
  };
}

/**
 * The users who might receive `kind` about these organisations (the pure rule in
 * domain/notify/recipients.ts makes the final choice): operators of the organisations, and every
 * enabled evaluator (a few dozen; their areas are matched in recipients.ts). Plain filters, so
 * the query stays cheap on the submission path.
 */
export async function candidatesFor(kind: NoticeKind, organisationIds: string[], session?: ClientSession): Promise<Candidate[]> {
  const roles = rolesFor(kind);
  if (roles.length === 0 || organisationIds.length === 0) return [];
  const queries: Promise<unknown[]>[] = [];
  if (roles.includes('operator')) {
    const orgIds = organisationIds.map((id) => new mongoose.Types.ObjectId(id));
    queries.push(User.find({ role: 'operator', organisationIds: { $in: orgIds }, disabled: { $ne: true } }, CANDIDATE_FIELDS, { session }).lean());
  }
  if (roles.includes('evaluator')) queries.push(User.find({ role: 'evaluator', disabled: { $ne: true } }, CANDIDATE_FIELDS, { session }).lean());
  return ((await Promise.all(queries)).flat() as UserRow[]).map(toCandidate);
}

/** The signed-in user's stored e-mail and notice preferences. */
export async function myNoticeSettings(req: Request): Promise<{ email: string; prefs: unknown }> {
  const doc = await User.findById(me(req), { email: 1, notify: 1 }).lean();
  if (!doc) throw new Problem(404.1);
  return { email: (doc as { email?: string }).email ?? '', prefs: (doc as { notify?: unknown }).notify ?? null };
}

export async function saveMyNoticeSettings(req: Request, settings: { email: string; prefs: { email: boolean; muted: readonly string[] } }): Promise<void> {
  const $set: Record<string, unknown> = { notify: { email: settings.prefs.email, muted: [...settings.prefs.muted] } };
  const update = settings.email === '' ? { $set, $unset: { email: 1 } } : { $set: { ...$set, email: settings.email } };
  await User.updateOne({ _id: me(req) }, update);
}

export interface OrganisationFacts {
  name: string;
  phone: string | null;
  ketua: string | null;
}

/** Names and contact numbers of organisations (for notice texts and WhatsApp links). */
export async function organisationFacts(ids: readonly unknown[], session?: ClientSession): Promise<Map<string, OrganisationFacts>> {
  const unique = [...new Set(ids.map(String))].filter((id) => mongoose.isValidObjectId(id));
  if (unique.length === 0) return new Map();
  const rows = await Organisation.find({ _id: { $in: unique.map((id) => new mongoose.Types.ObjectId(id)) } }, { 'identity.nama': 1, contact: 1 }, { session }).lean();
  return new Map(rows.map((o) => {
    const r = o as { _id: unknown; identity?: { nama?: string }; contact?: { telepon?: string; ketua?: string } };
    return [String(r._id), { name: r.identity?.nama ?? '', phone: r.contact?.telepon ?? null, ketua: r.contact?.ketua ?? null }];
  }));
}

export interface OwingResponse {
  _id: mongoose.Types.ObjectId;
  organisationId: mongoose.Types.ObjectId;
  kabkotaCode: string;
  state: string;
  extensionUntil: Date | null;
}

const OWING_FIELDS = { organisationId: 1, kabkotaCode: 1, state: 1, extensionUntil: 1 } as const;

/** Open cycles, for the reminder scheduler and the reminder screen. */
export async function openCycles(): Promise<{ _id: mongoose.Types.ObjectId; name: string; closesAt: Date; openedAt?: Date | null }[]> {
  return Cycle.find({ status: 'open' }, { name: 1, closesAt: 1, openedAt: 1 }).sort({ closesAt: 1 }).limit(100).lean();
}

/** The scheduler's view (a system job: every organisation) of responses still owing a submission. */
export async function owingResponses(cycleId: mongoose.Types.ObjectId): Promise<OwingResponse[]> {
  return ResponseModel.find({ cycleId, state: { $in: [...OWING_STATES] } }, OWING_FIELDS).lean() as unknown as Promise<OwingResponse[]>;
}

/** The same for a person: only the responses in the user's scope. */
export async function owingResponsesInScope(req: Request, cycleId: mongoose.Types.ObjectId, limit = 2000): Promise<OwingResponse[]> {
  return ResponseModel.find(scopedResponses(req, { cycleId, state: { $in: [...OWING_STATES] } }), OWING_FIELDS).sort({ kabkotaCode: 1 }).limit(limit).lean() as unknown as Promise<OwingResponse[]>;
}

export async function countOwingInScope(req: Request, cycleIds: mongoose.Types.ObjectId[]): Promise<Map<string, number>> {
  const rows = await ResponseModel.aggregate<{ _id: mongoose.Types.ObjectId; n: number }>([
    { $match: scopedResponses(req, { cycleId: { $in: cycleIds }, state: { $in: [...OWING_STATES] } }) },
    { $group: { _id: '$cycleId', n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [String(r._id), r.n]));
}

/** Keys of reminders already recorded (the scheduler skips them before opening a transaction). */
export async function existingReminders(keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await Reminder.find({ _id: { $in: keys } }, { _id: 1 }).lean();
  return new Set(rows.map((r) => String(r._id)));
}

export async function recordReminders(docs: Record<string, unknown>[], session: ClientSession): Promise<void> {
  if (docs.length > 0) await Reminder.insertMany(docs, { session, lean: true });
}
