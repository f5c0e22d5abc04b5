/**
 * Preparing an operator's answers for storage (pure). A draft save keeps every valid answer even
 * when others are wrong: the wrong values are dropped (and reported), the rest is stored, so a
 * dropped connection or a typo never loses work. Hidden conditional answers are pruned by the
 * engine; evaluator-only answers always come from the stored document, never from the operator.
 */
import { validateAnswers, type FieldError, type LoadedForm } from '../forms';
import { isPlainObject, segmentsOf } from '../forms/json-pointer';

const TOMBSTONE = Symbol('dropped');
const MAX_ROUNDS = 3;

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/** Marks the value at `segments` as dropped (arrays are compacted afterwards, so indexes stay valid meanwhile). */
function drop(doc: unknown, segments: readonly string[]): boolean {
  if (segments.length === 0) return false;
  let cur: unknown = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const s = segments[i];
    if (Array.isArray(cur)) cur = /^\d+$/.test(s) ? cur[Number(s)] : undefined;
    else cur = isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, s) ? cur[s] : undefined;
    if (cur === undefined || cur === null || typeof cur !== 'object') return false;
  }
  const last = segments[segments.length - 1];
  if (Array.isArray(cur) && /^\d+$/.test(last) && Number(last) < cur.length) {
    (cur as unknown[])[Number(last)] = TOMBSTONE;
    return true;
  }
  if (isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, last)) {
    delete cur[last];
    return true;
  }
  return false;
}

function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== TOMBSTONE).map(compact);
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = compact(v[k]);
    return v;
  }
  return v;
}

/** Top-most evaluator-only questions/groups (their subtrees go with them). */
function evaluatorOnlyPaths(form: LoadedForm): string[][] {
  const only = form.questions.filter((q) => q.evaluatorOnly && !q.inRepeat);
  const paths = new Set(only.map((q) => q.path));
  return only
    .filter((q) => !paths.has(q.path.split('.').slice(0, -1).join('.')))
    .map((q) => q.path.split('.'));
}

function getPath(doc: unknown, path: readonly string[]): unknown {
  let cur = doc;
  for (const s of path) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
    cur = cur[s];
  }
  return cur;
}

function setPath(doc: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur: Record<string, unknown> = doc;
  for (const s of path.slice(0, -1)) {
    if (!isPlainObject(cur[s])) cur[s] = {};
    cur = cur[s] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

/** `next` with every evaluator-only part replaced by what `previous` holds (or removed). */
export function keepEvaluatorOnly(form: LoadedForm, previous: unknown, next: Record<string, unknown>): Record<string, unknown> {
  const out = clone(next);
  for (const path of evaluatorOnlyPaths(form)) {
    const before = getPath(previous, path);
    if (before !== undefined) setPath(out, path, clone(before));
    else drop(out, path);
  }
  return out;
}

export interface DraftResult {
  /** what to store: valid answers only, hidden parts pruned, evaluator-only parts as before */
  value: Record<string, unknown>;
  /** every problem found in what was posted (shown to the operator) */
  errors: FieldError[];
}

/**
 * Draft-mode check of posted answers (types, formats, ranges, lengths; nothing is required).
 * Invalid values are dropped until the rest validates; the errors of the posted answers are returned.
 */
export function prepareDraft(form: LoadedForm, posted: unknown, previous: unknown): DraftResult {
  let work: unknown = isPlainObject(posted) ? clone(posted) : {};
  const first = validateAnswers(form, work, { mode: 'draft', role: 'operator' });
  let result = first;
  for (let round = 0; !result.ok && round < MAX_ROUNDS; round++) {
    let dropped = false;
    for (const e of result.errors) dropped = drop(work, segmentsOf(e.pointer)) || dropped;
    if (!dropped) break;
    work = compact(work);
    result = validateAnswers(form, work, { mode: 'draft', role: 'operator' });
  }
  // Could not isolate the bad values: keep the stored answers as they were.
  const base = result.ok && isPlainObject(result.value) ? result.value : isPlainObject(previous) ? previous : {};
  return { value: keepEvaluatorOnly(form, previous, base as Record<string, unknown>), errors: first.errors };
}

/**
 * Answers of one section copied from last year's response into a new one (cycle opening): only
 * values the new version accepts are kept, so a changed question never blocks the operator.
 */
export function carryOverSection(form: LoadedForm, section: string, previousAnswers: unknown): Record<string, unknown> {
  const part = isPlainObject(previousAnswers) ? previousAnswers[section] : undefined;
  if (!isPlainObject(part)) return {};
  const { value } = prepareDraft(form, { [section]: part }, {});
  return isPlainObject(value[section]) ? { [section]: value[section] } : {};
}

export type SectionMerge =
  | { ok: true; merged: Record<string, unknown>; sections: string[] }
  | { ok: false; code: 422.5; unknown: string[] }
  | { ok: false; code: 400.1; field: string };

/**
 * A partial save (JSON API): every section sent replaces that section, every section not sent
 * stays as saved. Other keys go along to the draft check, which drops and reports them (as
 * before). A body without any section of the form is refused (422.5): it would save nothing,
 * and must never erase what is saved; so is a section that is not an object (400.1), which
 * would otherwise be dropped as invalid together with what was saved in it.
 */
export function mergeSections(sectionKeys: readonly string[], previous: unknown, posted: Record<string, unknown>): SectionMerge {
  const known = new Set(sectionKeys);
  const keys = Object.keys(posted);
  const sections = keys.filter((k) => known.has(k));
  if (sections.length === 0) return { ok: false, code: 422.5, unknown: keys.slice(0, 20) };
  const notObject = sections.find((k) => !isPlainObject(posted[k]));
  if (notObject !== undefined) return { ok: false, code: 400.1, field: `answers.${notObject}` };
  const merged: Record<string, unknown> = isPlainObject(previous) ? clone(previous) : {};
  for (const k of keys) {
    if (k === '__proto__') continue; // an own "__proto__" from JSON.parse must not become a prototype
    merged[k] = clone(posted[k]);
  }
  return { ok: true, merged, sections };
}

/** The section of a question path ("manajemen.tandaDaftar" → "manajemen"). */
export function sectionOf(path: string): string {
  const dot = path.indexOf('.');
  return dot === -1 ? path : path.slice(0, dot);
}
