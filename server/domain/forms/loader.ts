/**
 * checkDefinition: the single entry for untrusted definitions (forms:check, admin upload, bundled
 * forms). Order matters: size/depth first (cheap, protects everything after), then meta-schema and
 * safety rules, then the question model and cross-references, and only then Ajv compilation.
 */
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import type AjvCore from 'ajv/dist/core';
import { createForeignAjv, createStrictAjv, draftOf } from './ajv-factory';
import { choiceListsToEnum } from './ajv-optimise';
import { buildSections, checkConditionReferences, checkPlacement, readMeta, type FormMeta } from './definition-checks';
import { checkJsonLimits, describeViolation } from './json-limits';
import { isPlainObject, segmentsOf } from './json-pointer';
import { ANSWER_LIMITS, DEFINITION_LIMITS } from './limits';
import type { FormRuntime, LoadedForm } from './loaded-form';
import { checkAgainstMetaSchema } from './meta-check';
import { buildModel, type Model, type ModelNode } from './model';
import { checkSchemaSafety } from './safety';
import { buildScoringItems, type ScoringItem } from './scoring-spec';
import type { FormMode, LoadOptions, Problem, Question, SectionInfo, SubjectType } from './types';

export interface CheckResult { ok: boolean; problems: Problem[]; definition?: LoadedForm }

export function checkDefinition(input: unknown, opts: LoadOptions = {}): CheckResult {
  const mode: FormMode = opts.mode ?? 'strict';
  const parsed = parseInput(input);
  if ('problem' in parsed) return fail([parsed.problem]);
  const doc = parsed.value;
  const violation = checkJsonLimits(doc, {
    maxDepth: DEFINITION_LIMITS.maxDepth, maxNodes: DEFINITION_LIMITS.maxNodes, maxBytes: DEFINITION_LIMITS.maxBytes,
    maxArrayItems: DEFINITION_LIMITS.maxJsonArrayItems, maxStringLength: DEFINITION_LIMITS.maxStringLength,
  });
  if (violation) return fail([{ pointer: violation.pointer, code: violation.kind === 'depth' ? 'depth' : 'size', message: describeViolation(violation, 'Definisi') }]);
  if (!isPlainObject(doc)) return fail([{ pointer: '', code: 'structure', message: 'definisi harus berupa objek JSON Schema' }]);

  const problems = [...checkSchemaSafety(doc, mode), ...(mode === 'strict' ? checkAgainstMetaSchema(doc) : [])];
  if (problems.length > 0) return fail(problems);

  const model = buildModel(doc, mode);
  problems.push(...model.problems);
  let meta: FormMeta | undefined;
  let items: ScoringItem[] = [];
  let sections: SectionInfo[];
  if (mode === 'strict') {
    meta = readMeta(doc, problems);
    items = buildScoringItems(model.nodes, problems);
    sections = buildSections(model, items, problems);
    checkPlacement(model, problems);
    for (const n of model.docOrder) if (n.visibleIf) checkConditionReferences(model, n.visibleIf.schema, n.visibleIf.schemaPointer, n, problems);
    for (const c of meta.caps) checkConditionReferences(model, c.when, c.pointer, null, problems);
  } else {
    sections = model.nodes.filter((n) => n.kind === 'section').map((n) => ({ key: n.key, title: n.title, weight: null, scored: false, order: n.order }));
  }
  if (problems.length > 0) return fail(problems);

  const compiled = compile(doc, mode, model, meta);
  if ('problems' in compiled) return fail(compiled.problems);
  const text = JSON.stringify(doc);
  const hash = createHash('sha256').update(text).digest('hex');
  const runtime: FormRuntime = {
    validate: compiled.validate,
    conditions: compiled.conditions,
    caps: compiled.caps,
    items,
    byPointer: model.byPointer,
    displayIndex: new Map(model.nodes.map((n, i) => [n.pointer, i])),
    evaluatorOnly: model.docOrder.filter((n) => n.evaluatorOnly && !model.byPath.get(n.parentPath)?.evaluatorOnly),
    evidence: model.docOrder.filter((n) => n.evidence && n.kind === 'question'),
    leaves: model.nodes.filter((n) => (n.kind === 'question' || n.kind === 'repeat') && !n.inRepeat),
    maxArrayItems: mode === 'strict' ? ANSWER_LIMITS.maxArrayItems : ANSWER_LIMITS.maxArrayItemsForeign,
  };
  const definition: LoadedForm = Object.freeze({
    mode,
    id: meta?.id ?? 'foreign',
    version: meta?.version ?? hash.slice(0, 12),
    key: `${meta?.id ?? 'foreign'}@${meta?.version ?? hash.slice(0, 12)}`,
    title: meta?.title ?? (typeof doc.title === 'string' ? doc.title : 'Formulir'),
    description: meta?.description ?? (typeof doc.description === 'string' ? doc.description : undefined),
    subjectType: (meta?.subjectType as SubjectType | undefined) ?? null,
    grades: Object.freeze(meta?.grades ?? []),
    caps: Object.freeze((meta?.caps ?? []).map((c) => ({ id: c.id, maxGrade: c.maxGrade, reason: c.reason }))),
    recommendationThreshold: meta?.recommendationThreshold ?? 0.5,
    sections: Object.freeze(sections.sort((a, b) => a.order - b.order)),
    questions: Object.freeze(model.nodes.map(publicQuestion)),
    definition: deepFreeze(cloneJson(doc)),
    hash,
    runtime,
  });
  return { ok: true, problems: [], definition };
}

function fail(problems: Problem[]): CheckResult {
  const max = DEFINITION_LIMITS.maxProblems;
  if (problems.length <= max) return { ok: false, problems };
  return { ok: false, problems: [...problems.slice(0, max), { pointer: '', code: 'limits', message: `… dan ${problems.length - max} masalah lain` }] };
}

function parseInput(input: unknown): { value: unknown } | { problem: Problem } {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) return { value: input };
  const bytes = Buffer.isBuffer(input) ? input.length : Buffer.byteLength(input, 'utf8');
  if (bytes > DEFINITION_LIMITS.maxBytes) {
    return { problem: { pointer: '', code: 'size', message: `Definisi terlalu besar (${Math.ceil(bytes / 1024)} KB, maksimum ${DEFINITION_LIMITS.maxBytes / 1024} KB)` } };
  }
  try {
    return { value: JSON.parse(input.toString()) };
  } catch (e) {
    return { problem: { pointer: '', code: 'json', message: `bukan JSON yang valid: ${(e as Error).message}` } };
  }
}

interface Compiled {
  validate: ValidateFunction;
  conditions: FormRuntime['conditions'];
  caps: FormRuntime['caps'];
}

function compile(doc: Record<string, unknown>, mode: FormMode, model: Model, meta?: FormMeta): Compiled | { problems: Problem[] } {
  const problems: Problem[] = [];
  const copy = cloneJson(doc);
  let ajv: AjvCore;
  let validate: ValidateFunction;
  try {
    if (mode === 'strict') {
      ajv = createStrictAjv();
      choiceListsToEnum(copy);
      validate = ajv.compile(copy);
    } else {
      const draft = draftOf(copy.$schema);
      delete copy.$schema; // the draft is chosen here; an unknown $schema URI must not make Ajv fetch or fail
      ajv = createForeignAjv(draft);
      try {
        validate = ajv.compile(copy);
      } catch (e) {
        if (!/already exists/.test((e as Error).message)) throw e;
        ajv = createForeignAjv(draft, false); // the schema claims a meta-schema's $id
        validate = ajv.compile(copy);
      }
    }
  } catch (e) {
    return { problems: [compileProblem(e, '')] };
  }
  const compileSub = (schema: unknown, pointer: string): ValidateFunction | null => {
    try {
      return ajv.compile(cloneJson(schema) as object);
    } catch (e) {
      problems.push(compileProblem(e, pointer));
      return null;
    }
  };
  const conditions: FormRuntime['conditions'] = [];
  for (const n of model.docOrder) {
    if (!n.visibleIf) continue;
    const v = compileSub(n.visibleIf.schema, n.visibleIf.schemaPointer);
    if (v) conditions.push({ pointer: n.pointer, segments: n.segments, path: n.path, validate: v, hiddenPaths: subtreePaths(model, n) });
  }
  const caps: FormRuntime['caps'] = [];
  for (const c of meta?.caps ?? []) {
    const v = compileSub(c.when, c.pointer);
    if (v) caps.push({ rule: { id: c.id, maxGrade: c.maxGrade, reason: c.reason }, validate: v });
  }
  return problems.length > 0 ? { problems } : { validate, conditions, caps };
}

function subtreePaths(model: Model, n: ModelNode): string[] {
  return model.docOrder.filter((m) => m.path === n.path || m.path.startsWith(n.path + '.')).map((m) => m.path);
}

/**
 * Ajv reports strict-mode errors as text naming the schema location (relative to the schema being
 * compiled): keep that location, below `basePointer` for conditions and caps.
 */
function compileProblem(e: unknown, basePointer: string): Problem {
  const message = e instanceof Error ? e.message : String(e);
  const at = /at "[^"#]*#([^"]*)"/.exec(message);
  const pointer = basePointer + (at ? segmentsToPointer(at[1]) : '');
  return { pointer, code: 'compile', message: `Ajv (mode ketat) menolak skema: ${message}` };
}

function segmentsToPointer(fragment: string): string {
  return segmentsOf('#' + fragment).map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function publicQuestion(n: ModelNode): Question {
  const { segments: _s, docIndex: _d, conditionPointers: _c, visibleIf: _v, rawScore: _r, weight: _w, requiredChain: _q, parentPath: _p, ...q } = n;
  return Object.freeze(q);
}

/**
 * Definitions are plain JSON (checked by the limits walk). JSON round-trip rather than
 * structuredClone: the copies must share the caller's realm, because Ajv's deep-equal (enum,
 * const, uniqueItems) compares constructors, and under a VM context (jest) structuredClone
 * returns objects of another realm.
 */
function cloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}
