/**
 * fast-check arbitraries that generate answer documents from a definition's question list:
 * every choice and bounded number question gets a random allowed value; other questions keep the
 * value of a valid sample (texts with patterns, dates, repeat rows). Evaluator-only answers are
 * present or absent at random.
 */
import fc from 'fast-check';
import { questions, type LoadedForm, type Question } from '../../../server/domain/forms';

function valueArb(q: Question): fc.Arbitrary<unknown> | null {
  if (q.options && q.options.length > 0) {
    const values = q.options.map((o) => o.value);
    if (q.multiple) return fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: Math.min(values.length, q.maxItems ?? values.length) });
    return fc.constantFrom(...values);
  }
  if (q.type === 'integer' && q.minimum !== undefined && q.maximum !== undefined) {
    // Small values are where the score bands are; keep the whole range reachable too.
    return fc.oneof(fc.integer({ min: q.minimum, max: Math.min(q.maximum, q.minimum + 30) }), fc.integer({ min: q.minimum, max: q.maximum }));
  }
  return null;
}

function setIn(doc: any, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = doc;
  for (const k of keys.slice(0, -1)) cur = cur[k] ??= {};
  if (value === undefined) delete cur[keys[keys.length - 1]];
  else cur[keys[keys.length - 1]] = value;
}

/** Complete, valid answer documents (given a complete valid `base`). */
export function answersArb(form: LoadedForm, base: unknown): fc.Arbitrary<any> {
  const fields = questions(form).filter((q) => q.kind === 'question' && !q.inRepeat)
    .map((q) => ({ q, arb: valueArb(q) }))
    .filter((f): f is { q: Question; arb: fc.Arbitrary<unknown> } => f.arb !== null);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const { q, arb } of fields) record[q.path] = q.evaluatorOnly ? fc.option(arb, { nil: undefined }) : arb;
  return fc.record(record).map((values) => {
    const doc = structuredClone(base) as any;
    for (const [path, value] of Object.entries(values)) setIn(doc, path, value);
    return doc;
  });
}

/** Drafts: the same documents with some answered questions removed. */
export function draftArb(form: LoadedForm, base: unknown): fc.Arbitrary<any> {
  const paths = questions(form).filter((q) => q.kind === 'question' && !q.inRepeat).map((q) => q.path);
  return fc.tuple(answersArb(form, base), fc.subarray(paths)).map(([doc, drop]) => {
    for (const p of drop) setIn(doc, p, undefined);
    return doc;
  });
}

export function scoredPaths(form: LoadedForm): string[] {
  return questions(form).filter((q) => q.scoreMax !== null).map((q) => q.path);
}
