/**
 * The words of a notice, in Bahasa Indonesia from the message catalogue: the in-app notice
 * (title, body lines, the page it leads to) and the e-mail made from it (subject, plain text and
 * HTML with absolute links back to the page). Pure; every value inserted into HTML is escaped.
 */
import { t } from '../../i18n';
import { formatDateTime, formatScore } from '../reports/format';
import type { FlaggedItem, NoticeEvent } from './events';

/** Flagged items listed in one notice; the rest are counted ("… dan 3 butir lainnya"). */
export const MAX_ITEMS = 20;

export interface Notice {
  readonly title: string;
  readonly lines: readonly string[];
  /** the page on the site, e.g. /tanggapan/ID#flagged-h */
  readonly href: string;
  readonly items: readonly FlaggedItem[];
  /** how many flagged items were left out of `items` */
  readonly moreItems: number;
}

export interface Email {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The page a notice leads to. */
export function noticeHref(event: NoticeEvent): string {
  const id = encodeURIComponent(event.about.responseId);
  switch (event.kind) {
    case 'response_submitted': return `/tinjauan/${id}`;
    case 'response_returned': return `/tanggapan/${id}#flagged-h`;
    case 'response_verified': return `/rapor/${id}`;
    default: return `/tanggapan/${id}`;
  }
}

export function composeNotice(event: NoticeEvent): Notice {
  const v = { cycle: event.about.cycleName, organisation: event.about.organisationName };
  const base = { href: noticeHref(event), items: [] as FlaggedItem[], moreItems: 0 };
  switch (event.kind) {
    case 'cycle_opened':
      return { ...base, title: t('notify.cycle_opened.title', v), lines: [t('notify.cycle_opened.body', { ...v, deadline: formatDateTime(event.deadline) })] };
    case 'deadline_reminder':
      return {
        ...base, title: t(`notify.deadline_reminder.title.${event.threshold}`, v),
        lines: [t(event.returned ? 'notify.deadline_reminder.bodyReturned' : 'notify.deadline_reminder.body', { ...v, deadline: formatDateTime(event.deadline) })],
      };
    case 'response_submitted':
      return { ...base, title: t(event.resubmitted ? 'notify.response_submitted.titleAgain' : 'notify.response_submitted.title', v), lines: [t('notify.response_submitted.body', v)] };
    case 'response_returned': {
      const items = event.items.slice(0, MAX_ITEMS);
      return {
        ...base, title: t('notify.response_returned.title', v), items, moreItems: event.items.length - items.length,
        lines: [t('notify.response_returned.body', v)],
      };
    }
    case 'response_verified':
      return {
        ...base, title: t('notify.response_verified.title', v),
        lines: [t('notify.response_verified.body', { total: formatScore(event.total), grade: event.grade ?? '–', gradeLabel: event.gradeLabel ?? '' }).replace(/\s+\./, '.')],
      };
    case 'extension_granted':
      return {
        ...base, title: t('notify.extension_granted.title', v),
        lines: [t('notify.extension_granted.body', { ...v, until: formatDateTime(event.until) }), ...(event.reason ? [t('notify.extension_granted.reason', { reason: event.reason })] : [])],
      };
  }
}

/** The notice as plain text: the inbox body, and the e-mail's text part with each item's link. */
export function noticeText(notice: Notice, absolute?: (href: string) => string): string {
  const items = notice.items.map((i) => {
    const line = `- ${i.title}${i.comment ? `: ${i.comment}` : ''}`;
    return absolute ? `${line}\n  ${absolute(i.href)}` : line;
  });
  return [
    ...notice.lines,
    ...items,
    ...(notice.moreItems > 0 ? [t('notify.response_returned.more', { count: notice.moreItems })] : []),
    ...(notice.items.length > 0 ? [t('notify.response_returned.after')] : []),
  ].join('\n');
}

/** Header-safe: control characters and line breaks become spaces. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** An absolute URL on the site; a relative path when the installation has no public address. */
export function absoluteUrl(baseUrl: string | null, href: string): string {
  return baseUrl ? `${baseUrl}${href.startsWith('/') ? '' : '/'}${href}` : href;
}

/** The e-mail for one recipient: the notice, a greeting, the link, and how to change the settings. */
export function composeEmail(notice: Notice, recipientName: string, baseUrl: string | null): Email {
  const abs = (href: string) => absoluteUrl(baseUrl, href);
  const url = abs(notice.href);
  const settings = abs('/akun/pemberitahuan');
  const footer = t('notify.mail.footer', { url: settings });
  const text = [t('notify.mail.greeting', { name: recipientName }), '', noticeText(notice, abs), '', t('notify.mail.link', { url }), '', '-- ', footer].join('\n');
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const items = notice.items.length === 0 ? '' : `<ul style="margin:0 0 12px;padding-left:20px">${notice.items.map((i) =>
    `<li><a href="${escapeHtml(abs(i.href))}">${escapeHtml(i.title)}</a>${i.comment ? `: ${escapeHtml(i.comment)}` : ''}</li>`).join('')}</ul>`
    + (notice.moreItems > 0 ? p(t('notify.response_returned.more', { count: notice.moreItems })) : '') + p(t('notify.response_returned.after'));
  const html = [
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(notice.title)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:600px;margin:0 auto;padding:16px">',
    p(t('notify.mail.greeting', { name: recipientName })),
    ...notice.lines.map(p), items,
    `<p style="margin:20px 0"><a href="${escapeHtml(url)}" style="background:#005a9c;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none;display:inline-block">${escapeHtml(t('notify.mail.open'))}</a></p>`,
    `<p style="margin:0 0 12px;font-size:14px">${escapeHtml(url)}</p>`,
    `<hr style="border:0;border-top:1px solid #ccc"><p style="font-size:13px;color:#555">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `[Monev] ${oneLine(notice.title)}`.slice(0, 250), text, html };
}
