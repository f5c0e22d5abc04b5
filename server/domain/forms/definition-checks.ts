/**
 * Cross-reference checks of a strict definition, beyond what the meta-schema can express:
 * grades and caps, section weights, conditions that name real questions (and real options),
 * placement of annotations. All problems carry the JSON pointer into the definition.
 */
import { escapeToken, isPlainObject } from './json-pointer';
import type { Model, ModelNode } from './model';
import type { ScoringItem } from './scoring-spec';
import type { CapRule, GradeBand, Problem, SectionInfo } from './types';

export interface FormMeta {
  id: string;
  version: string;
  title: string;
  description?: string;
  subjectType: string;
  grades: GradeBand[];
  caps: Array<CapRule & { when: unknown; pointer: string }>;
  recommendationThreshold: number;
}

export function readMeta(doc: Record<string, unknown>, problems: Problem[]): FormMeta {
  const m = doc['x-monev'] as Record<string, unknown>;
  const grades = (m.grades as GradeBand[]).map((g) => ({ grade: g.grade, label: g.label, min: g.min }));
  const caps = ((m.caps ?? []) as Array<CapRule & { when: unknown }>).map((c, i) => ({
    id: c.id, maxGrade: c.maxGrade, reason: c.reason, when: c.when, pointer: `/x-monev/caps/${i}/when`,
  }));
  const meta: FormMeta = {
    id: String(m.id), version: String(m.version), title: String(m.title),
    description: typeof m.description === 'string' ? m.description : undefined,
    subjectType: String(m.subjectType), grades, caps,
    recommendationThreshold: typeof m.recommendationThreshold === 'number' ? m.recommendationThreshold : 0.5,
  };
  const expectedId = `urn:monev:form:${meta.id}:${meta.version}`;
  if (doc.$id !== expectedId) problems.push({ pointer: '/$id', code: 'id', message: `$id harus "${expectedId}" (sesuai x-monev.id dan x-monev.version)` });
  grades.forEach((g, i) => {
    if (i > 0 && !(g.min < grades[i - 1].min)) problems.push({ pointer: `/x-monev/grades/${i}/min`, code: 'grade', message: `batas nilai "${g.grade}" harus lebih kecil dari "${grades[i - 1].grade}" (urutan dari tertinggi)` });
    if (grades.findIndex((o) => o.grade === g.grade) !== i) problems.push({ pointer: `/x-monev/grades/${i}/grade`, code: 'grade', message: `predikat "${g.grade}" tercantum lebih dari sekali` });
  });
  if (grades.length > 0 && grades[grades.length - 1].min !== 0) problems.push({ pointer: `/x-monev/grades/${grades.length - 1}/min`, code: 'grade', message: 'predikat terakhir harus memiliki min 0 agar setiap nilai mendapat predikat' });
  caps.forEach((c, i) => {
    if (!grades.some((g) => g.grade === c.maxGrade)) problems.push({ pointer: `/x-monev/caps/${i}/maxGrade`, code: 'cap', message: `maxGrade "${c.maxGrade}" bukan salah satu predikat` });
    if (caps.findIndex((o) => o.id === c.id) !== i) problems.push({ pointer: `/x-monev/caps/${i}/id`, code: 'duplicate', message: `id batasan "${c.id}" tercantum lebih dari sekali` });
  });
  return meta;
}

export function buildSections(model: Model, items: ScoringItem[], problems: Problem[]): SectionInfo[] {
  const sections: SectionInfo[] = [];
  for (const n of model.nodes) {
    if (n.weight !== undefined && n.kind !== 'section') {
      problems.push({ pointer: `${n.schemaPointer}/x-weight`, code: 'weight', message: `x-weight hanya boleh pada bagian tingkat atas, bukan pada "${n.path}"` });
    }
    if (n.kind !== 'section') continue;
    const scored = items.some((it) => it.section === n.key);
    const weight = typeof n.weight === 'number' ? n.weight : null;
    if (weight !== null && !scored) problems.push({ pointer: `${n.schemaPointer}/x-weight`, code: 'weight', message: `bagian "${n.title}" memiliki bobot tetapi tidak ada pertanyaan yang dinilai` });
    sections.push({ key: n.key, title: n.title, weight, scored, order: n.order });
  }
  const weighted = sections.some((s) => s.weight !== null);
  for (const s of sections) {
    if (weighted && s.scored && s.weight === null) {
      const node = model.byPath.get(s.key) as ModelNode;
      problems.push({ pointer: node.schemaPointer, code: 'weight', message: `bagian "${s.title}" dinilai tetapi tidak memiliki x-weight (bagian lain memiliki bobot)` });
    }
    // Without any x-weight, every scored section counts equally.
    if (!weighted && s.scored) s.weight = 1;
  }
  return sections;
}

export function checkPlacement(model: Model, problems: Problem[]): void {
  for (const n of model.docOrder) {
    if (n.visibleIf && n.inRepeat) problems.push({ pointer: n.visibleIf.schemaPointer, code: 'structure', message: `x-visibleIf tidak didukung di dalam daftar berulang ("${n.path}")` });
    const ev = n.evidence;
    if (ev) {
      const at = `${n.schemaPointer}/x-evidence`;
      if (n.kind !== 'question' || n.inRepeat) problems.push({ pointer: at, code: 'structure', message: `x-evidence hanya boleh pada pertanyaan di luar daftar berulang ("${n.path}")` });
      if (ev.min > ev.max) problems.push({ pointer: at, code: 'structure', message: `"${n.path}": x-evidence.min lebih besar dari max` });
      const opts = new Set((n.options ?? []).map((o) => String(o.value)));
      for (const v of ev.notRequiredFor ?? []) {
        if (n.options && !opts.has(String(v))) problems.push({ pointer: `${at}/notRequiredFor`, code: 'reference', message: `"${n.path}": notRequiredFor berisi "${String(v)}" yang bukan salah satu pilihan` });
      }
    }
    if (n.evaluatorOnly && n.inRepeat) problems.push({ pointer: n.schemaPointer, code: 'structure', message: `x-evaluatorOnly tidak didukung di dalam daftar berulang ("${n.path}")` });
  }
}

/**
 * Checks that a condition (a JSON Schema about the whole answer document) names existing
 * questions through `properties`/`required`, compares choice questions only with their options,
 * and (for x-visibleIf) looks only at questions placed before the conditional one.
 */
export function checkConditionReferences(model: Model, cond: unknown, pointer: string, owner: ModelNode | null, problems: Problem[]): void {
  const visit = (schema: unknown, at: string, path: string[], depth: number): void => {
    if (!isPlainObject(schema) || depth > 24) return;
    const node = path.length > 0 ? model.byPath.get(path.join('.')) : undefined;
    if (node && node.options) checkValues(schema, at, node, problems);
    if (Array.isArray(schema.required)) {
      schema.required.forEach((name, i) => {
        if (typeof name === 'string') checkTarget([...path, name], `${at}/required/${i}`);
      });
    }
    if (isPlainObject(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        const p = [...path, name];
        if (checkTarget(p, `${at}/properties/${escapeToken(name)}`)) visit(sub, `${at}/properties/${escapeToken(name)}`, p, depth + 1);
      }
    }
    for (const k of ['allOf', 'anyOf', 'oneOf']) {
      if (Array.isArray(schema[k])) (schema[k] as unknown[]).forEach((s, i) => visit(s, `${at}/${k}/${i}`, path, depth + 1));
    }
    for (const k of ['not', 'if', 'then', 'else', 'contains', 'items']) {
      if (isPlainObject(schema[k])) {
        const elements = (k === 'contains' || k === 'items') && node?.multiple;
        if (elements && node) checkValues(schema[k] as Record<string, unknown>, `${at}/${k}`, node, problems);
        else visit(schema[k], `${at}/${k}`, path, depth + 1);
      }
    }
  };
  const checkTarget = (path: string[], at: string): boolean => {
    const target = model.byPath.get(path.join('.'));
    if (!target) {
      problems.push({ pointer: at, code: 'reference', message: `kondisi merujuk ke "${path.join('.')}" yang tidak ada dalam definisi` });
      return false;
    }
    if (owner && (target.path === owner.path || target.path.startsWith(owner.path + '.'))) {
      problems.push({ pointer: at, code: 'reference', message: `kondisi "${owner.path}" tidak boleh merujuk ke dirinya sendiri` });
      return false;
    }
    if (owner && target.kind !== 'section' && !owner.path.startsWith(target.path + '.') && target.docIndex > owner.docIndex) {
      problems.push({ pointer: at, code: 'reference', message: `kondisi "${owner.path}" merujuk ke "${target.path}" yang letaknya sesudahnya` });
    }
    return true;
  };
  visit(cond, pointer, [], 0);
}

function checkValues(schema: Record<string, unknown>, at: string, node: ModelNode, problems: Problem[]): void {
  const allowed = new Set((node.options ?? []).map((o) => JSON.stringify(o.value)));
  const values: unknown[] = [];
  if (Object.prototype.hasOwnProperty.call(schema, 'const')) values.push(schema.const);
  if (Array.isArray(schema.enum)) values.push(...schema.enum);
  for (const v of values) {
    if (!allowed.has(JSON.stringify(v))) problems.push({ pointer: at, code: 'reference', message: `kondisi membandingkan "${node.path}" dengan ${JSON.stringify(v)} yang bukan salah satu pilihannya` });
  }
  if (isPlainObject(schema.not)) checkValues(schema.not, `${at}/not`, node, problems);
}
