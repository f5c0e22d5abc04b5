/** The words of notices and e-mails (domain/notify/compose.ts): catalogue texts, links, escaping. */
import { absoluteUrl, composeEmail, composeNotice, escapeHtml, MAX_ITEMS, noticeHref, noticeText, oneLine, type NoticeEvent } from '../../../server/domain/notify';

const about = { responseId: '64b000000000000000000001', organisationId: 'o', organisationName: 'LKSA <Harapan> & Co', kabkotaCode: '36.02', cycleId: 'c', cycleName: 'Monev LKS 2026' };
const deadline = new Date('2026-08-31T16:59:00Z'); // 23.59 WIB

const events: Record<NoticeEvent['kind'], NoticeEvent> = {
  cycle_opened: { kind: 'cycle_opened', key: 'k', about, deadline },
  deadline_reminder: { kind: 'deadline_reminder', key: 'k', about, deadline, threshold: '7d', returned: false },
  response_submitted: { kind: 'response_submitted', key: 'k', about, resubmitted: true },
  response_returned: {
    kind: 'response_returned', key: 'k', about,
    items: [{ title: 'Tanda Daftar LKS masih berlaku', comment: 'Lampirkan yang berlaku', href: '/tanggapan/64b000000000000000000001/bagian/manajemen#f-manajemen-tandaDaftar' }],
  },
  response_verified: { kind: 'response_verified', key: 'k', about, total: 87.5, grade: 'A', gradeLabel: 'Sangat Baik' },
  extension_granted: { kind: 'extension_granted', key: 'k', about, until: deadline, reason: 'Banjir' },
};

describe('composeNotice', () => {
  it('says each event in Bahasa Indonesia with the organisation, the cycle and the facts', () => {
    const text = (kind: NoticeEvent['kind']) => { const n = composeNotice(events[kind]); return `${n.title}\n${noticeText(n)}`; };
    expect(text('cycle_opened')).toContain('Siklus Monev LKS 2026 dibuka untuk LKSA <Harapan> & Co');
    expect(text('cycle_opened')).toContain('31 Agustus 2026 23.59 WIB');
    expect(text('deadline_reminder')).toContain('tinggal 7 hari');
    expect(text('deadline_reminder')).toContain('belum dikirim');
    expect(composeNotice({ ...events.deadline_reminder, threshold: '1d', returned: true } as NoticeEvent).lines[0]).toContain('belum dikirim ulang');
    expect(text('response_submitted')).toContain('mengirim ulang perbaikan');
    expect(text('response_returned')).toContain('- Tanda Daftar LKS masih berlaku: Lampirkan yang berlaku');
    expect(text('response_returned')).toContain('kirim ulang');
    expect(text('response_verified')).toContain('87,50 · A Sangat Baik');
    expect(text('extension_granted')).toContain('Alasan: Banjir');
  });

  it('leads each notice to its page: the flagged items, the review, the report card, the form', () => {
    expect(noticeHref(events.response_returned)).toBe(`/tanggapan/${about.responseId}#flagged-h`);
    expect(noticeHref(events.response_submitted)).toBe(`/tinjauan/${about.responseId}`);
    expect(noticeHref(events.response_verified)).toBe(`/rapor/${about.responseId}`);
    expect(noticeHref(events.cycle_opened)).toBe(`/tanggapan/${about.responseId}`);
  });

  it('lists at most MAX_ITEMS flagged items and counts the rest', () => {
    const many = { ...events.response_returned, items: Array.from({ length: MAX_ITEMS + 3 }, (_, i) => ({ title: `Butir ${i}`, comment: '', href: '/x' })) } as NoticeEvent;
    const n = composeNotice(many);
    expect(n.items).toHaveLength(MAX_ITEMS);
    expect(noticeText(n)).toContain('… dan 3 butir lainnya');
  });
});

describe('composeEmail', () => {
  const notice = composeNotice(events.response_returned);
  const mail = composeEmail(notice, 'Bu Sari', 'https://monev.example.go.id');

  it('has a one-line subject, a greeting, absolute links and the settings link in text and HTML', () => {
    expect(mail.subject).toBe('[Monev] Perlu perbaikan: tanggapan LKSA <Harapan> & Co (Monev LKS 2026)');
    expect(mail.text).toMatch(/^Yth\. Bu Sari,/);
    expect(mail.text).toContain(`https://monev.example.go.id/tanggapan/${about.responseId}#flagged-h`);
    expect(mail.text).toContain('https://monev.example.go.id/tanggapan/64b000000000000000000001/bagian/manajemen#f-manajemen-tandaDaftar');
    expect(mail.text).toContain('https://monev.example.go.id/akun/pemberitahuan');
    expect(mail.html).toContain(`href="https://monev.example.go.id/tanggapan/${about.responseId}#flagged-h"`);
    expect(mail.html).toContain('<html lang="id">');
  });

  it('escapes every value in the HTML part', () => {
    expect(mail.html).toContain('LKSA &lt;Harapan&gt; &amp; Co');
    expect(mail.html).not.toContain('<Harapan>');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('keeps headers on one line and links relative without a public address', () => {
    expect(oneLine('a\r\nBcc: x\u2028y')).toBe('a Bcc: x y');
    expect(absoluteUrl(null, '/x')).toBe('/x');
    expect(absoluteUrl('https://m.example', '/x')).toBe('https://m.example/x');
  });
});
