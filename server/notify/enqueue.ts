/**
 * Writes the notices of events INSIDE the transaction that made the events happen (the state
 * change and its audit entry): one inbox entry per recipient and, when e-mail is on, one outbox
 * message per recipient with an address. Either the event, its notices and its e-mails are all
 * stored, or none is: a crash can lose no notice and the outbox never holds a notice whose event
 * did not happen. Sending happens later (worker.ts).
 */
import mongoose, { type ClientSession } from 'mongoose';
import { composeEmail, composeNotice, messageIdFor, noticeText, recipientsFor, type NoticeEvent } from '../domain/notify';
import { Notice, Outbox } from '../model/notice';
import { candidatesFor, organisationFacts } from '../model/query/notices';
import { notifySettings, signalQueued } from './settings';

export interface Queued {
  notices: number;
  emails: number;
  /** per event, in the order given */
  byEvent: { notices: number; emails: number }[];
}

const oid = (id: string) => new mongoose.Types.ObjectId(id);

/** Events whose caller did not know the organisation's name get it here (one query, only when someone is told). */
async function withNames(events: readonly NoticeEvent[], session: ClientSession): Promise<NoticeEvent[]> {
  const missing = events.filter((e) => !e.about.organisationName).map((e) => e.about.organisationId);
  if (missing.length === 0) return [...events];
  const facts = await organisationFacts(missing, session);
  return events.map((e) => (e.about.organisationName ? e : { ...e, about: { ...e.about, organisationName: facts.get(e.about.organisationId)?.name ?? '' } }));
}

/** The events must share one kind (one recipients query for all of them). */
export async function enqueueNotices(session: ClientSession, events: readonly NoticeEvent[]): Promise<Queued> {
  if (events.length === 0) return { notices: 0, emails: 0, byEvent: [] };
  const kind = events[0].kind;
  if (events.some((e) => e.kind !== kind)) throw new Error('enqueueNotices: one kind per call');
  const settings = notifySettings();
  const candidates = await candidatesFor(kind, [...new Set(events.map((e) => e.about.organisationId))], session);
  if (candidates.length === 0) return { notices: 0, emails: 0, byEvent: events.map(() => ({ notices: 0, emails: 0 })) };
  const named = await withNames(events, session);
  const now = new Date();
  const notices: Record<string, unknown>[] = [];
  const emails: Record<string, unknown>[] = [];
  const byEvent: Queued['byEvent'] = [];
  for (const event of named) {
    const before = { notices: notices.length, emails: emails.length };
    const notice = composeNotice(event);
    const ids = { cycleId: oid(event.about.cycleId), organisationId: oid(event.about.organisationId) };
    for (const r of recipientsFor(event, candidates, { mail: settings.mail })) {
      const noticeId = new mongoose.Types.ObjectId();
      notices.push({
        _id: noticeId, key: `${event.key}:${r.userId}`, userId: oid(r.userId), kind, title: notice.title, body: noticeText(notice),
        href: notice.href, items: notice.items.map((i) => ({ title: i.title, comment: i.comment, href: i.href })),
        ...ids, responseId: oid(event.about.responseId), createdAt: now, readAt: null,
      });
      if (!r.email) continue;
      const outboxId = new mongoose.Types.ObjectId();
      const email = composeEmail(notice, r.name, settings.baseUrl);
      emails.push({
        _id: outboxId, key: `${event.key}:${r.userId}:email`, noticeId, userId: oid(r.userId), kind, ...ids,
        to: r.email, subject: email.subject, text: email.text, html: email.html, messageId: messageIdFor(String(outboxId), settings.baseUrl),
        status: 'pending', attempts: 0, nextAttemptAt: now, leaseToken: null, leaseUntil: null, claimedBy: null,
        lastError: null, smtpResponse: null, sentAt: null, createdAt: now,
      });
    }
    byEvent.push({ notices: notices.length - before.notices, emails: emails.length - before.emails });
  }
  // Built complete here, so inserted as they are (no document hydration inside the transaction).
  if (notices.length > 0) await Notice.insertMany(notices, { session, lean: true });
  if (emails.length > 0) {
    await Outbox.insertMany(emails, { session, lean: true });
    // mongoose ends the session after the commit (or the abort): then this instance's worker looks
    session.once('ended', signalQueued);
  }
  return { notices: notices.length, emails: emails.length, byEvent };
}
