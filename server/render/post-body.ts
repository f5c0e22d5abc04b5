/**
 * Reading a posted form (urlencoded or multipart fields) safely: only own keys, only string
 * values, bounded in number and size. Hostile bodies fail fast with a catalogue problem.
 */
import { Problem } from '../domain/problems';

export type PostBody = Readonly<Record<string, unknown>> | URLSearchParams;

export const POST_LIMITS = {
  maxFields: 5000,
  maxValueChars: 100_000,
  maxTotalChars: 2_000_000,
  maxJsonDepth: 32,
} as const;

export interface BodyReader {
  /** first value posted under `name` */
  one(name: string): string | undefined;
  all(name: string): string[];
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return []; // nested objects (an extended parser) are not form fields of ours
}

export function readBody(body: PostBody | null | undefined): BodyReader {
  const map = new Map<string, string[]>();
  const entries: [string, unknown][] =
    body instanceof URLSearchParams ? [...body.entries()] : body && typeof body === 'object' ? Object.entries(body) : [];
  if (entries.length > POST_LIMITS.maxFields) throw new Problem(413.1, { reason: 'too many fields' });
  let total = 0;
  for (const [k, v] of entries) {
    for (const s of strings(v)) {
      if (s.length > POST_LIMITS.maxValueChars) throw new Problem(413.1, { reason: 'field too long' });
      total += s.length + k.length;
      if (total > POST_LIMITS.maxTotalChars) throw new Problem(413.1, { reason: 'body too large' });
      const list = map.get(k);
      if (list) list.push(s);
      else map.set(k, [s]);
    }
  }
  if (map.size > POST_LIMITS.maxFields) throw new Problem(413.1, { reason: 'too many fields' });
  return {
    one: (name) => map.get(name)?.[0],
    all: (name) => map.get(name) ?? [],
  };
}

/** Nesting depth of a JSON text, ignoring brackets inside strings. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** A JSON value rebuilt from plain objects, without keys that could reach a prototype. */
export function sanitiseJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sanitiseJson);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!FORBIDDEN.has(k)) out[k] = sanitiseJson(x);
    return out;
  }
  return v;
}

/** Parses posted JSON; on bad or too deep input the raw text is kept so validation reports it. */
export function parseJsonField(text: string): unknown {
  if (jsonDepth(text) > POST_LIMITS.maxJsonDepth) return text;
  try {
    return sanitiseJson(JSON.parse(text));
  } catch {
    return text;
  }
}
