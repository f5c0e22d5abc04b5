/**
 * A numbered option as people read it: "2 – Sebagian / cukup". Instruments often write the value
 * into the title already ("2 - Sebagian / cukup"); the number is then shown once, not twice
 * ("2 – 2 - Sebagian / cukup").
 */
const NUMBERED = /^\s*(-?\d+(?:[.,]\d+)?)\s*[-–—.:)]\s*(\S[\s\S]*)$/;

/** The title without a leading copy of `value` ("2 - Sebagian" → "Sebagian"); else the title. */
export function titleWithoutValue(value: unknown, title: string): string {
  const m = NUMBERED.exec(title);
  return m && m[1].replace(',', '.') === String(value) ? m[2] : title;
}

/** "value – title" for a numeric value, the number once; the title alone otherwise. */
export function numberedOptionText(value: unknown, title: string): string {
  return typeof value === 'number' ? `${value} – ${titleWithoutValue(value, title)}` : title;
}
