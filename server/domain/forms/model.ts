/**
 * Builds the question model of a definition once at load: the flattened question list (display
 * order), plus what validation, visibility, scoring and progress need, so no per-request call walks
 * the schema again.
 */
import { escapeToken, isPlainObject, pointerOf } from './json-pointer';
import { num, optionsOf, resolveLocal, str, typeOf, type Schema } from './resolve';
import type { EvidenceRule, FormMode, Problem, Question, QuestionKind } from './types';

/** Internal view of a question: the public fields plus load-time data. */
export interface ModelNode extends Question {
  /** Answer path segments; '*' marks a repeat row. */
  segments: string[];
  /** Position in file (declaration) order; conditions are evaluated in this order. */
  docIndex: number;
  /** Pointers (answer) of this node's conditional ancestors-or-self. */
  conditionPointers: string[];
  visibleIf?: { schema: unknown; schemaPointer: string };
  rawScore?: unknown;
  weight?: unknown;
  /** Required here and in every enclosing group/section. */
  requiredChain: boolean;
  parentPath: string;
}

export interface Model {
  nodes: ModelNode[];
  /** Document (declaration) order, used for conditions. */
  docOrder: ModelNode[];
  byPointer: Map<string, ModelNode>;
  byPath: Map<string, ModelNode>;
  problems: Problem[];
}

interface Ctx {
  root: Schema;
  mode: FormMode;
  nodes: ModelNode[];
  docOrder: ModelNode[];
  problems: Problem[];
  budget: number;
}

interface Parent {
  segments: string[];
  path: string;
  section: string;
  sectionTitle: string;
  depth: number;
  inRepeat: boolean;
  evaluatorOnly: boolean;
  conditionPointers: string[];
  requiredChain: boolean;
}

/** Nodes beyond this are ignored (a recursive foreign schema could otherwise expand forever). */
const MAX_NODES = 5000;
const MAX_DEPTH = 12;

export function buildModel(root: Schema, mode: FormMode): Model {
  const ctx: Ctx = { root, mode, nodes: [], docOrder: [], problems: [], budget: MAX_NODES };
  const top = resolveLocal(root, root, '');
  const start: Parent = {
    segments: [], path: '', section: '', sectionTitle: str(root.title) ?? '', depth: 0,
    inRepeat: false, evaluatorOnly: false, conditionPointers: [], requiredChain: true,
  };
  if (isPlainObject(top.schema.properties)) walkProperties(ctx, top.schema, top.pointer, start, ctx.nodes);
  else if (mode === 'strict') ctx.problems.push({ pointer: '', code: 'structure', message: 'definisi harus berupa objek dengan properties (bagian-bagian instrumen)' });
  const byPointer = new Map<string, ModelNode>();
  const byPath = new Map<string, ModelNode>();
  for (const n of ctx.docOrder) { byPointer.set(n.pointer, n); byPath.set(n.path, n); }
  return { nodes: ctx.nodes, docOrder: ctx.docOrder, byPointer, byPath, problems: ctx.problems };
}

function walkProperties(ctx: Ctx, schema: Schema, schemaPointer: string, parent: Parent, out: ModelNode[]): void {
  const props = schema.properties as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  const siblings: Array<{ node: ModelNode; children: ModelNode[] }> = [];
  Object.keys(props).forEach((key, index) => {
    if (ctx.budget-- <= 0) return;
    siblings.push(makeNode(ctx, key, index, props[key], `${schemaPointer}/properties/${escapeToken(key)}`, parent, required.has(key)));
  });
  // Display order: x-order when given, else the position in the file; the sort is stable.
  siblings.sort((a, b) => a.node.order - b.node.order);
  for (const s of siblings) out.push(s.node, ...s.children);
}

function makeNode(ctx: Ctx, key: string, index: number, raw: unknown, schemaPointer: string, parent: Parent, required: boolean): { node: ModelNode; children: ModelNode[] } {
  const { schema: s, pointer: structPointer } = resolveLocal(ctx.root, raw, schemaPointer);
  const strict = ctx.mode === 'strict';
  const segments = [...parent.segments, key];
  const path = segments.join('.');
  const pointer = pointerOf(segments);
  const isObject = isPlainObject(s.properties);
  const itemsResolved = isPlainObject(s.items) ? resolveLocal(ctx.root, s.items, `${structPointer}/items`) : undefined;
  const isRepeat = !!itemsResolved && isPlainObject(itemsResolved.schema.properties);
  const isSection = parent.depth === 0 && isObject;
  const kind: QuestionKind = isSection ? 'section' : isObject ? 'group' : isRepeat ? 'repeat' : 'question';
  const multipleOptions = !isRepeat && itemsResolved ? optionsOf(ctx.root, itemsResolved.schema) : undefined;
  const options = multipleOptions ?? (kind === 'question' && !itemsResolved ? optionsOf(ctx.root, s) : undefined);
  const hasCondition = strict && Object.prototype.hasOwnProperty.call(s, 'x-visibleIf');
  const evaluatorOnly = parent.evaluatorOnly || (strict && s['x-evaluatorOnly'] === true);
  const title = str(s.title);
  if (strict && !title) ctx.problems.push({ pointer: schemaPointer, code: 'structure', message: `"${path}" memerlukan title (label dalam Bahasa Indonesia)` });
  if (strict && parent.depth === 0 && !isObject) ctx.problems.push({ pointer: schemaPointer, code: 'structure', message: `"${key}" di tingkat atas harus berupa bagian (objek dengan properties)` });
  const section = parent.depth === 0 ? (isSection ? key : '') : parent.section;
  const sectionTitle = parent.depth === 0 ? (isSection ? title ?? key : parent.sectionTitle) : parent.sectionTitle;
  const node: ModelNode = {
    path, pointer, schemaPointer, key, kind,
    title: title ?? key,
    description: str(s.description),
    hint: strict ? str(s['x-hint']) : undefined,
    placeholder: strict ? str(s['x-placeholder']) : undefined,
    errorMessage: strict ? str(s['x-errorMessage']) : undefined,
    requiredMessage: strict ? str(s['x-requiredMessage']) : undefined,
    section, sectionTitle,
    depth: parent.depth + 1,
    order: strict ? num(s['x-order']) ?? index : index,
    type: typeOf(s, options),
    format: str(s.format),
    widget: strict ? str(s['x-widget']) : undefined,
    options,
    multiple: !!multipleOptions,
    required,
    evaluatorOnly,
    inRepeat: parent.inRepeat,
    conditional: hasCondition || parent.conditionPointers.length > 0,
    evidence: strict && isPlainObject(s['x-evidence']) ? (s['x-evidence'] as unknown as EvidenceRule) : undefined,
    minimum: num(s.minimum), maximum: num(s.maximum),
    minLength: num(s.minLength), maxLength: num(s.maxLength), maxItems: num(s.maxItems),
    scoreMax: null,
    recommendation: strict ? str(s['x-recommendation']) : undefined,
    schema: Object.freeze({ ...s }),
    segments,
    docIndex: ctx.docOrder.length,
    conditionPointers: hasCondition ? [...parent.conditionPointers, pointer] : parent.conditionPointers,
    visibleIf: hasCondition ? { schema: s['x-visibleIf'], schemaPointer: `${schemaPointer}/x-visibleIf` } : undefined,
    rawScore: strict ? s['x-score'] : undefined,
    weight: strict ? s['x-weight'] : undefined,
    requiredChain: parent.requiredChain && required,
    parentPath: parent.path,
  };
  ctx.docOrder.push(node);
  const children: ModelNode[] = [];
  if ((isObject || isRepeat) && node.depth < MAX_DEPTH) {
    const childParent: Parent = {
      segments: isRepeat ? [...segments, '*'] : segments,
      path: isRepeat ? `${path}.*` : path,
      section, sectionTitle, depth: node.depth,
      inRepeat: parent.inRepeat || isRepeat,
      evaluatorOnly, conditionPointers: node.conditionPointers,
      requiredChain: node.requiredChain && !isRepeat,
    };
    if (isObject) walkProperties(ctx, s, structPointer, childParent, children);
    else if (itemsResolved) walkProperties(ctx, itemsResolved.schema, itemsResolved.pointer, childParent, children);
  }
  return { node, children };
}
