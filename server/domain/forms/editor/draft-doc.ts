/**
 * Reading and locating things in a draft definition for the editor: a question's own schema, the
 * object that lists it (for `required` and order), the schema that holds its options (often a
 * shared `$defs` list), and the condition context expressions are translated in.
 */
import { resolvePointer, segmentsOf } from '../json-pointer';
import type { LoadedForm } from '../loaded-form';
import type { Question } from '../types';

export type Schema = Record<string, unknown>;

export const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

export function at(doc: Schema, pointer: string): Schema | undefined {
  const v = resolvePointer(doc, segmentsOf(pointer));
  return isObj(v) ? v : undefined;
}

/** The object schema whose `properties` hold the question (for `required` and the order). */
export function parentPointer(q: Question): string {
  return q.schemaPointer.replace(/\/properties\/[^/]+$/, '');
}

/** Where a choice question's options are written: the question itself, its items, or a `$defs` list. */
export function optionHolder(doc: Schema, q: Question): string {
  let p = q.multiple ? `${q.schemaPointer}/items` : q.schemaPointer;
  for (let hops = 0; hops < 8; hops++) {
    const s = at(doc, p);
    if (!s || Array.isArray(s.oneOf) || Array.isArray(s.anyOf) || Array.isArray(s.enum)) return p;
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#/')) p = s.$ref.slice(1);
    else return p;
  }
  return p;
}

/** Other questions whose options are the same `$defs` list (editing its labels changes theirs). */
export function sharedWith(doc: Schema, form: LoadedForm, q: Question): string[] {
  const holder = optionHolder(doc, q);
  if (!holder.startsWith('/$defs/')) return [];
  return form.questions.filter((o) => o.path !== q.path && o.options && optionHolder(doc, o) === holder).map((o) => o.title);
}

export { formConditionContext as conditionContext } from '../xlsform/form-context';

/** Siblings of a question in display order (x-order, then position), as the model orders them. */
export function siblingKeys(doc: Schema, parent: string): string[] {
  const props = at(doc, parent)?.properties;
  if (!isObj(props)) return [];
  return Object.keys(props)
    .map((k, i) => ({ k, o: typeof (props[k] as Schema)?.['x-order'] === 'number' ? (props[k] as Schema)['x-order'] as number : i }))
    .sort((a, b) => a.o - b.o)
    .map((x) => x.k);
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
