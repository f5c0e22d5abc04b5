/**
 * The survey tree → a definition in the forms/ format. Top-level groups are sections; questions
 * outside any group are gathered into generated sections (Kobo forms often have no groups).
 * A group is required in its parent when its `required` cell says yes, or, when empty, when
 * something inside it is required (as in ODK: a required question inside a group must be
 * answered); `no` keeps it optional.
 */
import { escapeToken } from '../json-pointer';
import { text } from './messages';
import type { BuildContext, Schema } from './build-context';
import { buildQuestion, flags, ordered, queueCondition } from './build-question';
import { numberCell } from './choices';
import { parseExpression } from './expr-parse';
import { constraintKeywords } from './expr-constraint';
import type { FormSettings } from './settings';
import type { SurveyGroup, SurveyNode, SurveyTree } from './survey-tree';
import type { TableRow } from './sheets';
import { DEFAULTS, LAYOUT_APPEARANCES, SHEETS, yesNo } from './vocabulary';

interface Children { properties: Schema; required: string[]; anyRequired: boolean }

export function buildDefinition(tree: SurveyTree, settings: FormSettings, ctx: BuildContext): Schema {
  const sections = sectionsOf(tree.nodes, ctx);
  const properties: Schema = {};
  const required: string[] = [];
  for (const sec of sections) {
    const pointer = `/properties/${escapeToken(sec.name)}`;
    const built = buildGroup(sec, pointer, [sec.name], false, ctx);
    properties[sec.name] = built.schema;
    if (built.required) required.push(sec.name);
  }
  const description = [settings.description, ...tree.formNotes.map((r) => noteText(ctx, r))].filter(Boolean).join(' ');
  const monev: Schema = { id: settings.id, version: settings.version, title: settings.title };
  if (description) monev.description = description;
  monev.subjectType = settings.subjectType;
  if (settings.recommendationThreshold !== undefined) monev.recommendationThreshold = settings.recommendationThreshold;
  const def: Schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:monev:form:${settings.id}:${settings.version}`,
    'x-monev': monev,
    type: 'object',
    additionalProperties: false,
  };
  if (Object.keys(ctx.defs).length > 0) def.$defs = ctx.defs;
  def.properties = properties;
  if (required.length > 0) def.required = required;
  return def;
}

/** Top-level groups as they are; runs of loose questions and repeats wrapped in generated sections. */
function sectionsOf(nodes: readonly SurveyNode[], ctx: BuildContext): SurveyGroup[] {
  const out: SurveyGroup[] = [];
  const taken = new Set(nodes.map((n) => n.name));
  let loose: SurveyNode[] = [];
  let generated = 0;
  const looseRuns = nodes.reduce((count, n, i) => count + (n.kind !== 'group' && (i === 0 || nodes[i - 1].kind === 'group') ? 1 : 0), 0);
  const flush = () => {
    if (loose.length === 0) return;
    generated++;
    let name = `bagian${generated}`;
    while (taken.has(name)) name = `${name}x`;
    taken.add(name);
    const title = looseRuns === 1 && nodes.every((n) => n.kind !== 'group') ? ctx.formTitle : text({ key: 'xlsform.autoSection', vars: { n: generated } });
    out.push({ kind: 'group', r: { row: loose[0].r.row, cells: new Map() }, name, children: loose, notes: [], generatedTitle: title } as SurveyGroup & { generatedTitle: string });
    loose = [];
  };
  for (const n of nodes) {
    if (n.kind === 'group') { flush(); out.push(n); } else loose.push(n);
  }
  flush();
  return out;
}

function noteText(ctx: BuildContext, r: TableRow): string {
  return [ctx.get(r, 'label'), ctx.get(r, 'hint')].filter(Boolean).join(' ');
}

function buildChildren(nodes: readonly SurveyNode[], pointer: string, segments: string[], inRepeat: boolean, ctx: BuildContext): Children {
  const out: Children = { properties: {}, required: [], anyRequired: false };
  for (const n of nodes) {
    const ptr = `${pointer}/properties/${escapeToken(n.name)}`;
    const loc = { sheet: SHEETS.survey, row: n.r.row, column: null };
    if (n.kind === 'question') {
      const built = buildQuestion(n, ctx, ptr, inRepeat);
      if (!built) continue;
      ctx.source.setQuestion(ptr, loc, ctx.header);
      out.properties[n.name] = built.schema;
      if (built.required) { out.required.push(n.name); out.anyRequired = true; }
      if (built.other) {
        if (inRepeat) { ctx.problem(n.r, 'type', 'otherInRepeat'); continue; }
        if (nodes.some((m) => m.name === built.other!.key)) { ctx.problem(n.r, 'type', 'otherName', { name: built.other.key }); continue; }
        const otherPtr = `${pointer}/properties/${escapeToken(built.other.key)}`;
        out.properties[built.other.key] = built.other.schema;
        ctx.source.setQuestion(otherPtr, loc, ctx.header);
        const ref = `\${${[...segments, n.name].join('.')}}`;
        ctx.conditions.push({ target: built.other.schema, pointer: otherPtr, expr: n.type === 'select_multiple' ? `selected(${ref}, 'other')` : `${ref} = 'other'`, row: n.r.row, column: ctx.header('type') });
      }
      continue;
    }
    const built = n.kind === 'group' ? buildGroup(n, ptr, [...segments, n.name], inRepeat, ctx) : buildRepeat(n, ptr, [...segments, n.name], inRepeat, ctx);
    out.properties[n.name] = built.schema;
    if (built.required) { out.required.push(n.name); out.anyRequired = true; }
  }
  return out;
}

/** Whether a group is required in its parent (see the module comment). */
function groupRequired(ctx: BuildContext, r: TableRow, inferred: boolean): boolean {
  const cell = ctx.get(r, 'required');
  const v = yesNo(cell);
  if (v === 'invalid') { ctx.problem(r, 'required', 'requiredExpr', { value: cell }); return inferred; }
  return v === null ? inferred : v;
}

function containerTexts(g: SurveyGroup & { generatedTitle?: string }, ctx: BuildContext, s: Schema): void {
  const label = g.generatedTitle ?? ctx.get(g.r, 'label');
  if (!label) ctx.problem(g.r, 'label', 'noLabel', { name: g.name });
  s.title = label || g.name;
  const description = [ctx.get(g.r, 'guidance_hint'), ...g.notes.map((r) => noteText(ctx, r))].filter(Boolean).join(' ');
  if (description) s.description = description;
  const hint = ctx.get(g.r, 'hint');
  if (hint) s['x-hint'] = hint;
  for (const c of ['constraint_message', 'required_message', 'default', 'read_only', 'placeholder', 'score_max', 'recommendation', 'evidence_min', 'evidence_max', 'evidence_types', 'evidence_max_mb', 'evidence_not_required_for']) {
    if (ctx.get(g.r, c)) ctx.problem(g.r, c, 'groupColumn', { column: ctx.header(c) });
  }
  for (const w of ctx.get(g.r, 'appearance').split(/\s+/).filter(Boolean)) {
    if (!LAYOUT_APPEARANCES.has(w.toLowerCase()) && !/^w\d+$/i.test(w)) ctx.problem(g.r, 'appearance', 'groupAppearance', { value: w });
  }
}

function buildGroup(g: SurveyGroup, pointer: string, segments: string[], inRepeat: boolean, ctx: BuildContext): { schema: Schema; required: boolean } {
  const s: Schema = { type: 'object' };
  containerTexts(g, ctx, s);
  ctx.source.setQuestion(pointer, { sheet: SHEETS.survey, row: g.r.row, column: null }, ctx.header);
  if (ctx.get(g.r, 'constraint')) ctx.problem(g.r, 'constraint', 'groupColumn', { column: ctx.header('constraint') });
  const weightCell = ctx.get(g.r, 'weight');
  if (weightCell) {
    const w = numberCell(weightCell);
    if (w === null || w <= 0 || w > 1000) ctx.problem(g.r, 'weight', 'weight', { value: weightCell });
    else s['x-weight'] = w;
  }
  flags(ctx, g.r, s);
  queueCondition(ctx, g.r, s, pointer);
  const kids = buildChildren(g.children, pointer, segments, inRepeat, ctx);
  if (g.children.length === 0) ctx.problem(g.r, 'type', 'emptyGroup', { name: g.name });
  s.additionalProperties = false;
  s.properties = kids.properties;
  if (kids.required.length > 0) s.required = kids.required;
  return { schema: ordered(s), required: groupRequired(ctx, g.r, kids.anyRequired) };
}

function buildRepeat(g: SurveyGroup, pointer: string, segments: string[], inRepeat: boolean, ctx: BuildContext): { schema: Schema; required: boolean } {
  const s: Schema = { type: 'array' };
  containerTexts(g, ctx, s);
  ctx.source.setQuestion(pointer, { sheet: SHEETS.survey, row: g.r.row, column: null }, ctx.header);
  for (const c of ['weight']) if (ctx.get(g.r, c)) ctx.problem(g.r, c, 'groupColumn', { column: ctx.header(c) });
  const expr = ctx.get(g.r, 'constraint');
  if (expr) {
    const parsed = parseExpression(expr);
    const result = parsed.ok ? constraintKeywords(parsed.node, 'repeat') : parsed;
    if (!result.ok) ctx.problem(g.r, 'constraint', 'constraint', { reason: text(result.error) });
    else Object.assign(s, result.keywords);
  }
  const count = ctx.get(g.r, 'repeat_count');
  if (count) {
    const n = numberCell(count);
    if (n === null || !Number.isInteger(n) || n < 1 || n > 1000) ctx.problem(g.r, 'repeat_count', 'repeatCount', { value: count });
    else if (typeof s.maxItems === 'number' && s.maxItems !== n) ctx.problem(g.r, 'repeat_count', 'repeatCountTwice');
    else s.maxItems = n;
  }
  if (typeof s.maxItems !== 'number') s.maxItems = DEFAULTS.repeatMaxRows;
  flags(ctx, g.r, s);
  queueCondition(ctx, g.r, s, pointer);
  const itemsPointer = `${pointer}/items`;
  const kids = buildChildren(g.children, itemsPointer, [...segments, '*'], true, ctx);
  if (g.children.length === 0) ctx.problem(g.r, 'type', 'emptyGroup', { name: g.name });
  s.items = { type: 'object', additionalProperties: false, properties: kids.properties, ...(kids.required.length > 0 ? { required: kids.required } : {}) };
  return { schema: ordered(s), required: groupRequired(ctx, g.r, false) };
}
