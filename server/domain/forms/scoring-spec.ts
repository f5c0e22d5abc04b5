/**
 * Turns `x-score` annotations into lookup tables at load (points per option, sorted bands, the
 * maximum) and reports every inconsistency: points for options that do not exist, options without
 * points, overlapping bands, a maximum that cannot be computed.
 */
import { isPlainObject } from './json-pointer';
import type { ModelNode } from './model';
import { num, typeIncludes } from './resolve';
import type { Problem, ScoreBand } from './types';

export interface ScoringItem {
  path: string;
  pointer: string;
  segments: string[];
  section: string;
  title: string;
  evaluatorOnly: boolean;
  conditionPointers: string[];
  multiple: boolean;
  points?: Map<string, number>;
  bands?: ScoreBand[];
  max: number;
  notApplicable: Set<string>;
  recommendation?: string;
}

export function buildScoringItems(nodes: ModelNode[], problems: Problem[]): ScoringItem[] {
  const items: ScoringItem[] = [];
  for (const n of nodes) {
    if (n.recommendation !== undefined && n.rawScore === undefined) {
      problems.push({ pointer: `${n.schemaPointer}/x-recommendation`, code: 'score', message: `x-recommendation pada "${n.path}" tidak pernah tampil karena pertanyaan ini tidak dinilai (tidak ada x-score)` });
    }
    if (n.rawScore === undefined) continue;
    const at = `${n.schemaPointer}/x-score`;
    const add = (message: string, pointer = at) => problems.push({ pointer, code: 'score', message: `"${n.path}": ${message}` });
    if (n.kind !== 'question') { add('x-score hanya boleh pada pertanyaan, bukan pada bagian/grup/daftar berulang'); continue; }
    if (n.inRepeat) { add('pertanyaan di dalam daftar berulang tidak dapat dinilai'); continue; }
    if (n.section === '') { add('pertanyaan yang dinilai harus berada di dalam sebuah bagian'); continue; }
    const spec = n.rawScore as Record<string, unknown>;
    const na = Array.isArray(spec.notApplicable) ? spec.notApplicable.map(String) : [];
    const optionKeys = new Set((n.options ?? []).map((o) => String(o.value)));
    for (const v of na) if (n.options && !optionKeys.has(v)) add(`nilai "Tidak berlaku" ${v} bukan salah satu pilihan`, `${at}/notApplicable`);
    const item: ScoringItem = {
      path: n.path, pointer: n.pointer, segments: n.segments, section: n.section, title: n.title,
      evaluatorOnly: n.evaluatorOnly, conditionPointers: n.conditionPointers, multiple: n.multiple,
      max: 0, notApplicable: new Set(na), recommendation: n.recommendation,
    };
    if (isPlainObject(spec.points)) {
      if (!n.options) { add('points memerlukan pertanyaan pilihan (oneOf const/title, enum atau ya/tidak)'); continue; }
      const points = new Map<string, number>();
      for (const [k, v] of Object.entries(spec.points)) {
        if (!optionKeys.has(k)) add(`points untuk "${k}" yang bukan salah satu pilihan`, `${at}/points`);
        else if (typeof v === 'number') points.set(k, v);
      }
      for (const o of n.options) {
        const k = String(o.value);
        if (!points.has(k) && !item.notApplicable.has(k)) add(`pilihan "${k}" (${o.title}) belum diberi poin`, `${at}/points`);
      }
      const values = [...points.values()];
      item.points = points;
      item.max = num(spec.max) ?? (n.multiple ? values.reduce((a, b) => a + b, 0) : Math.max(0, ...values));
    } else if (Array.isArray(spec.bands)) {
      if (!(typeIncludes(n.type, 'number') || typeIncludes(n.type, 'integer')) || n.options) {
        add('bands hanya untuk pertanyaan angka (type number/integer)');
        continue;
      }
      const bands = (spec.bands as ScoreBand[]).map((b) => ({ ...b }));
      bands.forEach((b, i) => {
        if (b.min !== undefined && b.max !== undefined && !(b.min < b.max)) add(`band ${i + 1}: min harus lebih kecil dari max`, `${at}/bands/${i}`);
      });
      const sorted = [...bands].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
      for (let i = 1; i < sorted.length; i++) {
        if ((sorted[i - 1].max ?? Infinity) > (sorted[i].min ?? -Infinity)) add('band saling tumpang tindih (min inklusif, max eksklusif)', `${at}/bands`);
      }
      item.bands = sorted;
      item.max = num(spec.max) ?? Math.max(0, ...bands.map((b) => b.points));
    } else {
      add('x-score memerlukan points atau bands');
      continue;
    }
    if (!(item.max > 0)) { add('nilai maksimum tidak dapat dihitung (harus > 0)'); continue; }
    n.scoreMax = item.max;
    if (na.length > 0) n.notApplicable = [...(n.options ?? []).map((o) => o.value).filter((v) => item.notApplicable.has(String(v)))];
    items.push(item);
  }
  return items;
}
