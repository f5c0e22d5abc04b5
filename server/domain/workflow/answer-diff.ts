/**
 * What changed between two versions of a response's answers, for the audit trail:
 * a list of `{path, from, to}` with JSON Pointer paths (RFC 6901, the form Ajv uses in
 * `instancePath`), e.g. `/profil/kapasitas` or `/penerima_manfaat/2/jumlah`.
 * A list (not an object keyed by path) so paths with `.` or `$` are safe to store in MongoDB.
 * A missing `from` means the value was added, a missing `to` that it was removed.
 */
export interface AnswerChange {
  readonly path: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

export interface DiffOptions {
  /** Stop after this many changes (the result says `truncated`). */
  readonly maxChanges?: number;
  /** Long strings are cut to this many characters in the diff. */
  readonly maxString?: number;
  /** Deeper structures are compared as a whole. */
  readonly maxDepth?: number;
}

export interface AnswerDiff {
  readonly changes: AnswerChange[];
  readonly truncated: boolean;
}

const escapeSegment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}

function clip(value: unknown, maxString: number): unknown {
  if (typeof value === 'string' && value.length > maxString) return `${value.slice(0, maxString)}…`;
  if (value instanceof Date) return value.toISOString();
  return value;
}

export function diffAnswers(before: unknown, after: unknown, options: DiffOptions = {}): AnswerDiff {
  const maxChanges = options.maxChanges ?? 500;
  const maxString = options.maxString ?? 1000;
  const maxDepth = options.maxDepth ?? 32;
  const changes: AnswerChange[] = [];
  let truncated = false;

  const record = (path: string, from: unknown, to: unknown) => {
    if (changes.length >= maxChanges) { truncated = true; return; }
    const change: { path: string; from?: unknown; to?: unknown } = { path: path === '' ? '/' : path };
    if (from !== undefined) change.from = clip(from, maxString);
    if (to !== undefined) change.to = clip(to, maxString);
    changes.push(change);
  };

  const walk = (a: unknown, b: unknown, path: string, depth: number): void => {
    if (truncated) return;
    if (depth < maxDepth && isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) walk(a[key], b[key], `${path}/${escapeSegment(key)}`, depth + 1);
      return;
    }
    if (depth < maxDepth && Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i += 1) walk(a[i], b[i], `${path}/${i}`, depth + 1);
      return;
    }
    if (!sameLeaf(a, b)) record(path, a, b);
  };

  // "no answers yet" (undefined) is an empty object; null stays a value of its own
  walk(before === undefined ? {} : before, after === undefined ? {} : after, '', 0);
  return { changes, truncated };
}
