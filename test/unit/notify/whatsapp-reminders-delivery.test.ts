/** WhatsApp links, reminder thresholds and keys, and the outbox's delivery rules (domain/notify). */
import {
  afterFailure, backoffMs, classifyFailure, dueThreshold, failureText, isReminderNonce, isServerDown, leaseMs, MAX_TEXT, messageIdFor,
  reminderKey, reminderText, returnText, sendDeadlineMs, waNumber, whatsappLink,
} from '../../../server/domain/notify';

const DAY = 86_400_000;

describe('waNumber / whatsappLink', () => {
  it.each([
    ['+6281234567890', '6281234567890'],
    ['0812-3456-7890', '6281234567890'],
    ['(0254) 123456', '62254123456'],
    ['62 812 3456 7890', '6281234567890'],
    ['81234567890', '6281234567890'],
  ])('%s → %s', (input, expected) => {
    expect(waNumber(input)).toBe(expected);
  });

  it.each([[''], ['   '], ['12'], ['+1 555 0100'], ['nomor'], [null], [42]])('refuses %j', (input) => {
    expect(waNumber(input)).toBeNull();
  });

  it('makes a wa.me link with the prefilled text, cut to MAX_TEXT', () => {
    const link = whatsappLink('0812-3456-7890', 'Yth. pengurus, tautan: https://monev.example/tanggapan/1')!;
    expect(link.startsWith('https://wa.me/6281234567890?text=')).toBe(true);
    expect(decodeURIComponent(link.split('text=')[1])).toBe('Yth. pengurus, tautan: https://monev.example/tanggapan/1');
    const long = whatsappLink('0812-3456-7890', 'x'.repeat(5000))!;
    expect(decodeURIComponent(long.split('text=')[1])).toHaveLength(MAX_TEXT);
    expect(whatsappLink(undefined, 'teks')).toBeNull();
  });

  it('writes the return text with the items and always keeps the link', () => {
    const facts = { organisationName: 'LKSA Harapan', cycleName: 'Monev 2026', deadline: new Date('2026-08-31T16:59:00Z'), url: 'https://monev.example/tanggapan/1#flagged-h' };
    const text = returnText(facts, [{ title: 'Tanda Daftar', comment: 'Lampirkan yang berlaku' }, { title: 'Rapat', comment: '' }]);
    expect(text).toContain('dikembalikan untuk perbaikan');
    expect(text).toContain('1. Tanda Daftar: Lampirkan yang berlaku\n2. Rapat');
    expect(text.endsWith('https://monev.example/tanggapan/1#flagged-h')).toBe(true);
    const huge = returnText(facts, Array.from({ length: 40 }, (_, i) => ({ title: `Butir ${i}`, comment: 'k'.repeat(200) })));
    expect(huge.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(huge.endsWith(facts.url)).toBe(true);
    expect(reminderText(facts, false)).toContain('belum dikirim. Batas pengisian 31 Agustus 2026 23.59 WIB');
    expect(reminderText(facts, true)).toContain('belum dikirim ulang');
  });
});

describe('dueThreshold', () => {
  const closesAt = new Date('2026-08-31T16:59:00Z');
  const at = (msBefore: number) => new Date(closesAt.getTime() - msBefore);
  const openedAt = new Date(closesAt.getTime() - 30 * DAY);

  it('is 7d from 7 days before the deadline, 1d from 1 day before, nothing before or after', () => {
    expect(dueThreshold({ now: at(8 * DAY), closesAt, openedAt, state: 'draft' })).toBeNull();
    expect(dueThreshold({ now: at(7 * DAY), closesAt, openedAt, state: 'draft' })).toBe('7d');
    expect(dueThreshold({ now: at(2 * DAY), closesAt, openedAt, state: 'returned' })).toBe('7d');
    expect(dueThreshold({ now: at(DAY - 1), closesAt, openedAt, state: 'draft' })).toBe('1d');
    expect(dueThreshold({ now: at(-1), closesAt, openedAt, state: 'draft' })).toBeNull();
  });

  it('only owes reminders for draft and returned responses', () => {
    for (const state of ['submitted', 'in_review', 'resubmitted', 'verified']) expect(dueThreshold({ now: at(DAY / 2), closesAt, openedAt, state })).toBeNull();
  });

  it('follows an extension, and skips a moment that had passed when the cycle opened', () => {
    const extensionUntil = new Date(closesAt.getTime() + 5 * DAY);
    expect(dueThreshold({ now: at(-DAY), closesAt, extensionUntil, openedAt, state: 'draft' })).toBe('7d');
    expect(dueThreshold({ now: new Date(extensionUntil.getTime() - DAY / 2), closesAt, extensionUntil, openedAt, state: 'draft' })).toBe('1d');
    const lateOpen = new Date(closesAt.getTime() - 3 * DAY);
    expect(dueThreshold({ now: at(2 * DAY), closesAt, openedAt: lateOpen, state: 'draft' })).toBeNull();
    expect(dueThreshold({ now: at(DAY / 2), closesAt, openedAt: lateOpen, state: 'draft' })).toBe('1d');
  });

  it('keys a reminder by cycle, organisation, threshold and the deadline day in WIB', () => {
    expect(reminderKey('c', 'o', '7d', closesAt)).toBe('reminder:c:o:7d:2026-08-31');
    expect(reminderKey('c', 'o', '7d', new Date('2026-08-31T01:00:00Z'))).toBe('reminder:c:o:7d:2026-08-31');
    expect(reminderKey('c', 'o', '7d', new Date('2026-08-31T17:00:00Z'))).toBe('reminder:c:o:7d:2026-09-01');
    expect(reminderKey('c', 'o', 'manual', closesAt, 'abc12345')).toBe('reminder:c:o:manual:2026-08-31:abc12345');
    expect(isReminderNonce('0b1c2d3e-aaaa-bbbb')).toBe(true);
    expect(isReminderNonce('x')).toBe(false);
    expect(isReminderNonce('a$b'.repeat(5))).toBe(false);
  });
});

describe('delivery rules', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0.5)).toBe(30_000);
    expect(backoffMs(2, () => 0.5)).toBe(60_000);
    expect(backoffMs(3, () => 0)).toBe(108_000);
    expect(backoffMs(30, () => 1)).toBe(3_960_000);
  });

  it('fails a message for good on 5xx replies and after MAX_ATTEMPTS; retries the rest', () => {
    const now = new Date(0);
    expect(classifyFailure({ responseCode: 550, code: 'EENVELOPE' })).toBe('permanent');
    expect(classifyFailure({ responseCode: 451 })).toBe('transient');
    expect(classifyFailure({ code: 'ECONNECTION' })).toBe('transient');
    expect(afterFailure({ responseCode: 550 }, 1, now)).toEqual({ status: 'failed', nextAttemptAt: null });
    expect(afterFailure({ responseCode: 451 }, 10, now)).toEqual({ status: 'failed', nextAttemptAt: null });
    expect(afterFailure({ responseCode: 451 }, 2, now, () => 1000)).toEqual({ status: 'pending', nextAttemptAt: new Date(1000) });
  });

  it('tells a server outage (pause everything) from a refused message', () => {
    expect(isServerDown({ code: 'ECONNECTION' })).toBe(true);
    expect(isServerDown({ code: 'ETIMEDOUT' })).toBe(true);
    expect(isServerDown({ code: 'EAUTH', responseCode: 535 })).toBe(true);
    expect(isServerDown({ responseCode: 421 })).toBe(true);
    expect(isServerDown({ code: 'EENVELOPE', responseCode: 550 })).toBe(false);
    expect(isServerDown({ code: 'EMESSAGE', responseCode: 452 })).toBe(false);
  });

  it('leases longer than any send, fixes one Message-ID per message, and reports failures on one line', () => {
    expect(sendDeadlineMs(30_000)).toBe(120_000);
    expect(leaseMs(30_000)).toBe(160_000);
    expect(leaseMs(1000)).toBe(15_000);
    expect(messageIdFor('abc', 'https://monev.example.go.id')).toBe('<abc.notice@monev.example.go.id>');
    expect(messageIdFor('abc', null)).toBe('<abc.notice@monev.localhost>');
    expect(failureText({ code: 'ECONNECTION', message: 'connect\nECONNREFUSED 127.0.0.1:2525' })).toBe('ECONNECTION connect ECONNREFUSED 127.0.0.1:2525');
  });
});
