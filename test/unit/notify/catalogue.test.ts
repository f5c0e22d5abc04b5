/** Every message key the notice code and templates use is in the catalogue (a missing key would show itself). */
import fs from 'node:fs';
import path from 'node:path';
import { NOTICE_KINDS } from '../../../server/domain/notify';
import { hasMessage } from '../../../server/i18n';
import { OUTBOX_STATUSES } from '../../../server/model/notice';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FILES = [
  'views/notices/inbox.hbs', 'views/notices/preferences.hbs', 'views/notices/reminders.hbs', 'views/notices/reminder-cycles.hbs',
  'views/notices/outbox.hbs', 'views/partials/notify/whatsapp.hbs', 'server/domain/notify/compose.ts', 'server/domain/notify/whatsapp.ts',
  'server/resources/notices.ts', 'server/resources/reminders.ts', 'server/http/nav.ts',
];

describe('notice messages', () => {
  it('uses only catalogued keys', () => {
    const keys = new Set<string>();
    for (const file of FILES) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\{\{t "([\w.]+)"/g)) keys.add(m[1]);
      for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) keys.add(m[1]);
      for (const m of text.matchAll(/'((?:notify|nav)\.[\w.]+)'/g)) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(60);
    keys.delete('notify.css'); // the stylesheet's name, not a message
    expect([...keys].filter((k) => !hasMessage(k))).toEqual([]);
  });

  it('has the keys built at run time', () => {
    const built = [
      ...NOTICE_KINDS.map((k) => `notify.kind.${k}`),
      ...['7d', '1d', 'manual'].flatMap((th) => [`notify.deadline_reminder.title.${th}`, `notify.outbox.threshold.${th}`]),
      ...OUTBOX_STATUSES.map((s) => `notify.outbox.status.${s}`),
      ...['notice.reminder', 'notice.retry', 'account.notify_settings'].map((a) => `review.audit.action.${a}`),
    ];
    expect(built.filter((k) => !hasMessage(k))).toEqual([]);
  });
});
