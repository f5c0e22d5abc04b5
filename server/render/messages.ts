/**
 * The renderer's view of the message catalogue: its strings live in server/i18n/areas/form.ts
 * (keys prefixed `form.`). `{n}`-style placeholders are filled here; the result is escaped like
 * any other value.
 */
import { formMessages } from '../i18n/areas/form';
import { t } from '../i18n';

export { formMessages };

export type FormMessageKey = keyof typeof formMessages;

export function msg(key: FormMessageKey, vars?: Record<string, string | number>): string {
  return t(key, vars);
}

/** The catalogue with short keys (`addRow`), as the partials read it: `{{m.addRow}}`. */
export const templateMessages: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.entries(formMessages).map(([k, v]) => [k.slice('form.'.length), v])),
);
