/**
 * The message catalogue: every UI string in Bahasa Indonesia comes from here (templates use the
 * `t` helper). Placeholders are `{name}`; values are inserted as text (templates escape them).
 */
import { messages } from './id';

export type MessageKey = keyof typeof messages;

export function t(key: string, vars?: Record<string, unknown>): string {
  const template = (messages as Record<string, string>)[key];
  if (template === undefined) return key; // a missing key shows itself, and a test catches it
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

export function hasMessage(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

export { messages };
