/**
 * Writing audit entries from a request: who (user, role, organisation), what, when (UTC), from
 * where. User-controlled strings are stripped of control characters (no forged log lines).
 */
import type { Request } from 'express';
import type { AuditAction } from '../domain/workflow/audit';
import { AuditEntry } from '../model/audit';

const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g;

export function clean(value: unknown, max = 200): string | null {
  if (value === undefined || value === null) return null;
  return String(value).replace(CONTROL, ' ').slice(0, max);
}

function sanitise(details: unknown, depth = 0): unknown {
  if (depth > 6 || details === null || details === undefined) return details ?? null;
  if (typeof details === 'string') return clean(details, 2000);
  if (Array.isArray(details)) return details.slice(0, 500).map((d) => sanitise(d, depth + 1));
  if (typeof details === 'object') {
    if (details instanceof Date) return details;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(details as Record<string, unknown>).slice(0, 500)) {
      // Keys from answers may hold dots or dollars; store them safely.
      out[(clean(k, 200) ?? '').replace(/^\$/, '＄').replace(/\./g, '．')] = sanitise(v, depth + 1);
    }
    return out;
  }
  return details;
}

export interface AuditInput {
  /** One of the catalogued actions (server/domain/workflow/audit.ts). */
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  organisationId?: string | null;
  details?: unknown;
  /** For events without a signed-in user (failed login): who was named. */
  actorName?: string;
}

/**
 * Every field is built here (cleaned, bounded, defaults filled), so the entry is inserted as it
 * is (`lean`): no document hydration on a path that runs inside every submission.
 */
export async function audit(req: Request, input: AuditInput, session?: import('mongoose').ClientSession): Promise<void> {
  const user = req.user;
  await AuditEntry.insertMany([{
    at: new Date(),
    action: String(input.action),
    actorId: user?.id ?? null,
    actorName: clean(user?.username ?? input.actorName, 120),
    role: user?.role ?? null,
    organisationId: input.organisationId ?? (user?.role === 'operator' ? user.organisationIds?.[0] ?? null : null),
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    ip: clean(req.ip, 64),
    requestId: clean(req.id, 64),
    details: sanitise(input.details ?? null),
  }], session ? { session, lean: true } : { lean: true });
}
