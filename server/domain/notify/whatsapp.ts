/**
 * "Kirim lewat WhatsApp" links: wa.me with the organisation's contact number in international
 * form (62…, no plus, no spaces) and a prefilled Indonesian text with the link back to Monev.
 * The admin or evaluator sends it from their own phone; no paid API. Pure.
 */
import { t } from '../../i18n';
import { parsePhone } from '../register/cells';
import { formatDateTime } from '../reports/format';
import type { FlaggedItem } from './events';

/** Texts longer than this are cut (wa.me links stay usable on every phone). */
export const MAX_TEXT = 1500;

/**
 * A register phone number (stored as +62…, or typed as 0812-…, (0254) 123456, 62812…, 812…)
 * → "62812…", or null when it is not a valid Indonesian number.
 */
export function waNumber(phone: unknown): string | null {
  if (typeof phone !== 'string' || phone.trim() === '') return null;
  const parsed = parsePhone(phone.trim());
  return parsed.ok && typeof parsed.value === 'string' ? parsed.value.replace(/^\+/, '') : null;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

/** https://wa.me/62…?text=… or null without a usable number. */
export function whatsappLink(phone: unknown, text: string): string | null {
  const number = waNumber(phone);
  return number ? `https://wa.me/${number}?text=${encodeURIComponent(clip(text))}` : null;
}

export interface WhatsappFacts {
  readonly organisationName: string;
  readonly cycleName: string;
  readonly deadline: Date;
  /** absolute link to the operator's page */
  readonly url: string;
}

/** After "return for revision": the flagged items with the evaluator's comments. */
export function returnText(facts: WhatsappFacts, items: readonly Pick<FlaggedItem, 'title' | 'comment'>[]): string {
  const v = { organisation: facts.organisationName, cycle: facts.cycleName, deadline: formatDateTime(facts.deadline), url: facts.url };
  const lines = items.slice(0, 15).map((i, n) => `${n + 1}. ${i.title}${i.comment ? `: ${i.comment}` : ''}`);
  if (items.length > 15) lines.push(t('notify.response_returned.more', { count: items.length - 15 }));
  // the link goes last: a text cut for length keeps the greeting and loses items, never the link
  const head = [t('notify.wa.return', v), ...lines].join('\n');
  const tail = t('notify.wa.returnAfter', v);
  const room = MAX_TEXT - tail.length - 2;
  return `${head.length > room ? `${head.slice(0, room - 1)}…` : head}\n\n${tail}`;
}

/** A deadline reminder for an organisation that has not submitted (or not resubmitted). */
export function reminderText(facts: WhatsappFacts, returned: boolean): string {
  return t(returned ? 'notify.wa.reminderReturned' : 'notify.wa.reminder', {
    organisation: facts.organisationName, cycle: facts.cycleName, deadline: formatDateTime(facts.deadline), url: facts.url,
  });
}
