/**
 * Option lists for the export's `choices` sheet. A list in the workbook carries the points, so
 * questions share a list only when their options AND their scoring agree; a `$defs` list keeps its
 * name, inline options are named after their first question.
 */
import type { Option, Question } from '../types';
import type { Schema } from './build-context';
import { choiceValue } from './vocabulary';

export type ChoiceRow = [string, string, string, number | null, string];

export class ListRegistry {
  private readonly bySignature = new Map<string, string>();
  private readonly names = new Set<string>();
  readonly rows: ChoiceRow[] = [];

  /** The list name for a question, or the problem with one of its option values. */
  listFor(q: Question, raw: Schema, resolved: Schema): { name: string } | { badValue: Option; as: string } {
    const options = q.options ?? [];
    for (const o of options) {
      const as = reimported(o.value, options);
      if (as) return { badValue: o, as };
    }
    const score = resolved['x-score'] as Schema | undefined;
    const points = (score?.points ?? {}) as Record<string, number>;
    const na = new Set(((score?.notApplicable ?? []) as unknown[]).map(String));
    const entries = options.map((o) => [String(o.value), o.title, typeof points[String(o.value)] === 'number' ? points[String(o.value)] : null, na.has(String(o.value))] as const);
    const signature = JSON.stringify(entries);
    const known = this.bySignature.get(signature);
    if (known) return { name: known };
    const name = this.freshName(refName(raw) ?? q.key);
    this.bySignature.set(signature, name);
    for (const [value, title, p, isNa] of entries) this.rows.push([name, value, title, p, isNa ? 'yes' : '']);
    return { name };
  }

  private freshName(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'pilihan';
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }
}

/** `$defs` name of a question's (or its items') `$ref`. */
function refName(raw: Schema): string | undefined {
  const ref = typeof raw.$ref === 'string' ? raw.$ref : typeof (raw.items as Schema | undefined)?.$ref === 'string' ? (raw.items as Schema).$ref as string : undefined;
  const m = ref ? /^#\/\$defs\/([^/]+)$/.exec(ref) : null;
  return m ? m[1].replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

/** How an option value would come back from its name in the workbook, when that differs. */
function reimported(value: Option['value'], all: readonly Option[]): string | null {
  if (typeof value === 'boolean') return all.every((o) => typeof o.value === 'boolean') && all.length === 2 ? null : 'teks';
  const name = String(value);
  if (name === '' || /\s/.test(name)) return 'kosong/terpotong';
  if (typeof value === 'number') return choiceValue(name) === value ? null : 'teks';
  if (choiceValue(name) !== value) return 'angka';
  const names = all.map((o) => String(o.value)).sort();
  if (names.length === 2 && names[0] === 'false' && names[1] === 'true') return 'ya/tidak';
  return null;
}
