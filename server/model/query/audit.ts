/**
 * Reading the append-only audit log: the timeline of one response (the caller has already
 * checked that the user may see that response) and the admin's filtered, paginated log.
 * Filter values arrive checked and typed (audit-filters.ts); each is compared for equality or
 * as a date bound, never spread into the query.
 */
import mongoose from 'mongoose';
import { AuditEntry } from '../audit';

export interface AuditRow {
  _id: mongoose.Types.ObjectId;
  at: Date;
  action: string;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  organisationId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: unknown;
}

/** Entries about one response, oldest first; `actions` limits them (what an operator may see). */
export async function responseTimeline(responseId: string, opts: { actions?: readonly string[]; limit?: number } = {}): Promise<AuditRow[]> {
  const filter: Record<string, unknown> = { targetType: 'response', targetId: String(responseId) };
  if (opts.actions) filter.action = { $in: [...opts.actions] };
  const rows = await AuditEntry.find(filter).sort({ at: 1, _id: 1 }).limit(Math.min(opts.limit ?? 2000, 5000)).lean();
  return rows as unknown as AuditRow[];
}

export interface AuditSearch {
  action?: string;
  actorName?: string;
  from?: Date;
  to?: Date;
}

export const AUDIT_PAGE_SIZE = 50;

export function auditFilter(s: AuditSearch): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (s.action) filter.action = String(s.action);
  if (s.actorName) filter.actorName = String(s.actorName);
  if (s.from || s.to) {
    const at: Record<string, Date> = {};
    if (s.from) at.$gte = s.from;
    if (s.to) at.$lte = s.to;
    filter.at = at;
  }
  return filter;
}

/** One page of the log, newest first, and the number of matching entries. */
export async function searchAudit(s: AuditSearch, page: number): Promise<{ rows: AuditRow[]; total: number }> {
  const filter = auditFilter(s);
  const [rows, total] = await Promise.all([
    AuditEntry.find(filter).sort({ at: -1, _id: -1 }).skip((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE).lean(),
    AuditEntry.countDocuments(filter),
  ]);
  return { rows: rows as unknown as AuditRow[], total };
}

/** The actions that occur in the log (choices of the action filter), sorted. */
export async function knownActions(): Promise<string[]> {
  const actions = (await AuditEntry.distinct('action')) as unknown[];
  return actions.filter((a): a is string => typeof a === 'string').sort();
}
