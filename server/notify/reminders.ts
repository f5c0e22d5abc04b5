/**
 * Deadline reminders. The scheduler (every app instance, every 15 minutes) finds the responses of
 * open cycles still owing a submission whose 7-day or 1-day moment has come (domain/notify/
 * reminders.ts) and, per organisation, records the reminder under its key together with its
 * notices in one transaction. Two instances racing on the same reminder: the second insert of the
 * key fails, its transaction is rolled back, nothing is sent twice. An admin may also send the
 * reminder at once ("kirim pengingat sekarang"): keyed by the form's nonce (a double click sends
 * once), audited, in one transaction.
 */
import type { Request } from 'express';
import mongoose, { type ClientSession } from 'mongoose';
import { dueThreshold, reminderKey, type NoticeEvent, type ReminderThreshold } from '../domain/notify';
import { effectiveDeadline } from '../domain/workflow/deadline';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { Cycle } from '../model/cycle';
import {
  existingReminders, openCycles, owingResponses, owingResponsesInScope, recordReminders, type OwingResponse,
} from '../model/query/notices';
import { enqueueNotices, type Queued } from './enqueue';

interface CycleFacts {
  _id: mongoose.Types.ObjectId;
  name: string;
  closesAt: Date;
  openedAt?: Date | null;
}

interface Planned {
  key: string;
  response: OwingResponse;
  threshold: ReminderThreshold;
  deadline: Date;
}

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[]; errorResponse?: { code?: number } };
  return e?.code === 11000 || e?.errorResponse?.code === 11000 || Boolean(e?.writeErrors?.some((w) => w.code === 11000));
}

async function queueReminders(session: ClientSession, cycle: CycleFacts, planned: readonly Planned[], by: string | null, now: Date): Promise<Queued> {
  const events: NoticeEvent[] = planned.map((p) => ({
    kind: 'deadline_reminder', key: p.key, deadline: p.deadline, threshold: p.threshold, returned: p.response.state === 'returned',
    about: {
      responseId: String(p.response._id), organisationId: String(p.response.organisationId), kabkotaCode: p.response.kabkotaCode,
      organisationName: '', cycleId: String(cycle._id), cycleName: cycle.name,
    },
  }));
  const queued = await enqueueNotices(session, events);
  await recordReminders(planned.map((p, i) => ({
    _id: p.key, cycleId: cycle._id, organisationId: p.response.organisationId, responseId: p.response._id, threshold: p.threshold,
    deadline: p.deadline, at: now, by, notices: queued.byEvent[i].notices, emails: queued.byEvent[i].emails,
  })), session);
  return queued;
}

/** The scheduler's run: every due 7-day and 1-day reminder not sent yet. Safe on many instances at once. */
export async function runDeadlineReminders(now = new Date()): Promise<{ reminded: number; alreadySent: number }> {
  let reminded = 0;
  let alreadySent = 0;
  for (const cycle of await openCycles()) {
    const planned: Planned[] = [];
    for (const response of await owingResponses(cycle._id)) {
      const threshold = dueThreshold({ now, closesAt: cycle.closesAt, extensionUntil: response.extensionUntil, openedAt: cycle.openedAt, state: response.state });
      if (!threshold) continue;
      const deadline = effectiveDeadline(cycle.closesAt, response.extensionUntil);
      planned.push({ key: reminderKey(String(cycle._id), String(response.organisationId), threshold, deadline), response, threshold, deadline });
    }
    const done = await existingReminders(planned.map((p) => p.key));
    for (const p of planned) {
      if (done.has(p.key)) continue;
      try {
        // one organisation per transaction: a race lost to another instance costs only that one
        await mongoose.connection.transaction((session) => queueReminders(session, cycle, [p], null, now));
        reminded += 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        alreadySent += 1;
      }
    }
  }
  return { reminded, alreadySent };
}

export interface SentNow extends Queued {
  organisations: number;
  duplicate: boolean;
}

/**
 * The admin's button: a reminder now to every organisation of the cycle still owing a
 * submission whose deadline has not passed. `nonce` comes from the form: posting the same form
 * twice sends once (the second answers `duplicate`).
 */
export async function sendRemindersNow(req: Request, cycleId: mongoose.Types.ObjectId, nonce: string, now = new Date()): Promise<SentNow> {
  const cycle = await Cycle.findById(cycleId, { name: 1, closesAt: 1, status: 1 }).lean();
  if (!cycle) throw new Problem(404.1);
  if (cycle.status !== 'open') throw new Problem(409.1, { status: cycle.status });
  const planned: Planned[] = (await owingResponsesInScope(req, cycleId)).flatMap((response) => {
    const deadline = effectiveDeadline(cycle.closesAt, response.extensionUntil);
    if (deadline.getTime() < now.getTime()) return [];
    return [{ key: reminderKey(String(cycleId), String(response.organisationId), 'manual', deadline, nonce), response, threshold: 'manual' as const, deadline }];
  });
  try {
    const queued = await mongoose.connection.transaction(async (session) => {
      const q = await queueReminders(session, cycle as CycleFacts, planned, req.user!.id, now);
      await audit(req, {
        action: 'notice.reminder', targetType: 'cycle', targetId: String(cycleId),
        details: { organisations: planned.length, notices: q.notices, emails: q.emails, nonce },
      }, session);
      return q;
    });
    return { ...queued, organisations: planned.length, duplicate: false };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return { notices: 0, emails: 0, byEvent: [], organisations: planned.length, duplicate: true };
  }
}
