/**
 * What an expression may know about the questions it names: where the answer lives and what kind
 * of value it holds. Built from the survey rows on import and from the loaded form in the editor
 * and on export, so all three translate `${name}` the same way.
 */
import type { Question } from '../types';
import type { Msg } from './messages';

export type AnswerKind = 'text' | 'number' | 'integer' | 'date' | 'choice' | 'multi' | 'boolean' | 'other';

export type Scalar = string | number | boolean;

export interface RefTarget {
  /** Answer path from the top of the answer document (section, groups…, key). */
  segments: string[];
  /** The name as written after `${`, for messages. */
  name: string;
  kind: AnswerKind;
  /** Option values of choice, multiple-choice and yes/no questions. */
  values?: Scalar[];
}

export type RefLookup = (name: string) => RefTarget | { error: Msg };

/**
 * A lookup over a list of questions: `${key}` when the key is unique, `${section.key}` (the dotted
 * path) always. Questions inside repeat groups cannot be named: conditions about a row are not
 * supported by the engine.
 */
export function refLookup(targets: readonly (RefTarget & { inRepeat?: boolean })[]): RefLookup {
  const byPath = new Map<string, RefTarget & { inRepeat?: boolean }>();
  const byKey = new Map<string, Array<RefTarget & { inRepeat?: boolean }>>();
  for (const q of targets) {
    byPath.set(q.segments.join('.'), q);
    const key = q.segments[q.segments.length - 1];
    byKey.set(key, [...(byKey.get(key) ?? []), q]);
  }
  return (name) => {
    const hits = name.includes('.') ? [byPath.get(name)].filter((x) => x !== undefined) : byKey.get(name) ?? [];
    if (hits.length === 0) return { error: { key: 'xlsform.expr.unknownRef', vars: { name } } };
    if (hits.length > 1) return { error: { key: 'xlsform.expr.ambiguousRef', vars: { name, paths: hits.map((h) => h.segments.join('.')).join(', ') } } };
    const hit = hits[0];
    if (hit.inRepeat) return { error: { key: 'xlsform.expr.repeatRef', vars: { name } } };
    return { ...hit, name };
  };
}

/** The name to write for a question: its key when no other question has it, else its dotted path. */
export function refNames(paths: readonly string[][]): (segments: readonly string[]) => string {
  const counts = new Map<string, number>();
  for (const p of paths) counts.set(p[p.length - 1], (counts.get(p[p.length - 1]) ?? 0) + 1);
  return (segments) => {
    const key = segments[segments.length - 1];
    return counts.get(key) === 1 ? key : segments.join('.');
  };
}

/** The kind of answer a question holds, as expressions see it. */
export function answerKind(q: Pick<Question, 'kind' | 'multiple' | 'options' | 'type' | 'format'>): AnswerKind {
  if (q.kind !== 'question') return 'other';
  if (q.multiple) return 'multi';
  if (q.options) return q.options.every((o) => typeof o.value === 'boolean') ? 'boolean' : 'choice';
  if (q.type === 'integer') return 'integer';
  if (q.type === 'number') return 'number';
  if (q.type === 'string') return q.format === 'date' ? 'date' : 'text';
  return 'other';
}

/** Every question and repeat group of a form as a reference target. */
export function targetsOf(questions: readonly Question[]): Array<RefTarget & { inRepeat: boolean }> {
  return questions.filter((q) => q.kind === 'question' || q.kind === 'repeat').map((q) => ({
    segments: q.path.split('.'), name: q.path, kind: answerKind(q), inRepeat: q.inRepeat,
    ...(q.options ? { values: q.options.map((o) => o.value) } : {}),
  }));
}
