/**
 * importWorkbook: an XLSForm-style workbook (survey, choices, settings, and Monev's scoring sheet)
 * → a definition in the forms/ format, checked by exactly the checks an upload gets
 * (checkDefinition). Every problem comes back with sheet, row, column, what is wrong and what to
 * write instead; the engine's own problems are located through the source map.
 */
import { checkDefinition } from '../loader';
import type { LoadedForm } from '../loaded-form';
import { buildModel } from '../model';
import { BuildContext, type Schema } from './build-context';
import { ordered } from './build-question';
import { buildDefinition } from './build-definition';
import { readChoices } from './choices';
import { conditionSchema } from './expr-condition';
import { parseExpression } from './expr-parse';
import { problemOf, text, type SheetNote, type SheetProblem } from './messages';
import { refLookup, targetsOf } from './refs';
import { readScoring, type ScoringSheet } from './scoring-sheet';
import { readSettings } from './settings';
import { chooseLanguage, readTable, TableReader, type RawSheet, type Table } from './sheets';
import { SourceMap } from './source-map';
import { readSurvey } from './survey-tree';
import { SHEETS } from './vocabulary';

export interface WorkbookImport {
  ok: boolean;
  problems: SheetProblem[];
  notes: SheetNote[];
  /** The definition (also when the engine found problems in it, for diagnosis). */
  definition?: Schema;
  /** The checked, compiled form when ok. */
  form?: LoadedForm;
  /** Where the workbook states its version (settings sheet), for problems found after the import (a published version). */
  versionAt?: { sheet: string; row: number | null; column: string };
}

/** Sheets other tools add that hold nothing Monev could use. */
const IGNORED_SHEETS = new Set(['external_choices', 'entities', 'kobo--choice-filters']);

export function importWorkbook(sheets: readonly RawSheet[]): WorkbookImport {
  const problems: SheetProblem[] = [];
  const notes: SheetNote[] = [];
  const byName = new Map<string, RawSheet>();
  for (const s of sheets) {
    const key = s.name.trim().toLowerCase();
    if ((Object.values(SHEETS) as string[]).includes(key)) byName.set(key, s);
    else if (!IGNORED_SHEETS.has(key) && s.rows.length > 0) notes.push({ sheet: s.name, row: null, column: null, message: text({ key: 'xlsform.note.ignoredSheet', vars: { sheet: s.name } }) });
  }
  const survey = byName.get(SHEETS.survey);
  if (!survey) return { ok: false, problems: [problemOf(SHEETS.survey, null, null, { key: 'xlsform.noSurvey' })], notes };
  const table = (name: string): Table | null => { const s = byName.get(name); return s ? readTable(s, problems) : null; };
  const tables = { survey: table(SHEETS.survey) as Table, choices: table(SHEETS.choices), settings: table(SHEETS.settings), scoring: table(SHEETS.scoring) };
  const settingsPlain = tables.settings ? new TableReader(tables.settings, null) : null;
  const defaultLanguage = settingsPlain && tables.settings?.rows[0] ? settingsPlain.get(tables.settings.rows[0], 'default_language') : '';
  const language = chooseLanguage([tables.survey, tables.choices, tables.scoring].filter((t): t is Table => t !== null), defaultLanguage, notes, SHEETS.survey);
  const reader = (t: Table | null) => (t ? new TableReader(t, language) : null);

  const settings = readSettings(reader(tables.settings), problems, notes);
  const lists = readChoices(reader(tables.choices), problems, notes);
  const scoring = readScoring(reader(tables.scoring), problems, notes);
  const surveyReader = reader(tables.survey) as TableReader;
  const tree = readSurvey(surveyReader, problems, notes);
  const source = new SourceMap();
  const ctx = new BuildContext(surveyReader, lists, scoring, problems, notes, source, settings.title);
  const definition = buildDefinition(tree, settings, ctx);
  addGradesAndCaps(definition, scoring, ctx);
  for (const [name, bands] of scoring.bands) {
    if (!ctx.usedBands.has(name)) for (const b of bands) problems.push(problemOf(SHEETS.scoring, b.row, scoring.header('name'), { key: 'xlsform.scoring.bandUnknown', vars: { name } }));
  }
  recordSettings(source, settings, scoring);
  translateConditions(definition, ctx);
  if (problems.length > 0) return { ok: false, problems: dedupe(problems), notes, definition };

  const check = checkDefinition(definition);
  if (!check.ok || !check.definition) {
    const fallback = { sheet: SHEETS.survey, row: null, column: null };
    return { ok: false, problems: dedupe(check.problems.map((p) => source.toSheetProblem(p, fallback))), notes, definition };
  }
  return { ok: true, problems: [], notes, definition, form: check.definition, versionAt: { sheet: SHEETS.settings, row: settings.row, column: settings.header('version') } };
}

function addGradesAndCaps(definition: Schema, scoring: ScoringSheet, ctx: BuildContext): void {
  const monev = definition['x-monev'] as Schema;
  // grades and caps before the threshold, as FORMAT.md writes the top of a file
  const threshold = monev.recommendationThreshold;
  delete monev.recommendationThreshold;
  try {
    gradesAndCaps(monev, scoring, ctx);
  } finally {
    if (threshold !== undefined) monev.recommendationThreshold = threshold;
  }
}

function gradesAndCaps(monev: Schema, scoring: ScoringSheet, ctx: BuildContext): void {
  if (scoring.grades.length > 0) {
    monev.grades = scoring.grades.map((g) => ({ grade: g.grade, label: g.label, min: g.min }));
    scoring.grades.forEach((g, i) => ctx.source.set(`/x-monev/grades/${i}`, { sheet: SHEETS.scoring, row: g.row, column: null }));
  } else if (ctx.scored) {
    ctx.problems.push(problemOf(SHEETS.scoring, null, 'type', { key: 'xlsform.scoring.noGrades' }));
  } else {
    monev.grades = [{ grade: '-', label: text({ key: 'xlsform.unscoredGrade' }), min: 0 }];
  }
  if (scoring.caps.length === 0) return;
  const caps = scoring.caps.map((c) => ({ id: c.id, maxGrade: c.maxGrade, reason: c.reason, when: {} as Schema }));
  monev.caps = caps;
  scoring.caps.forEach((c, i) => {
    ctx.source.set(`/x-monev/caps/${i}`, { sheet: SHEETS.scoring, row: c.row, column: null });
    ctx.source.set(`/x-monev/caps/${i}/maxGrade`, { sheet: SHEETS.scoring, row: c.row, column: scoring.header('max_grade') });
    ctx.source.set(`/x-monev/caps/${i}/id`, { sheet: SHEETS.scoring, row: c.row, column: scoring.header('name') });
    ctx.source.set(`/x-monev/caps/${i}/when`, { sheet: SHEETS.scoring, row: c.row, column: scoring.header('condition') });
    ctx.conditions.push({ target: caps[i], key: 'when', pointer: `/x-monev/caps/${i}`, expr: c.condition, sheet: SHEETS.scoring, row: c.row, column: scoring.header('condition') });
  });
}

function recordSettings(source: SourceMap, settings: ReturnType<typeof readSettings>, scoring: ScoringSheet): void {
  const at = (column: string) => ({ sheet: SHEETS.settings, row: settings.row, column: settings.header(column) });
  source.set('/$id', at('form_id'));
  source.set('/x-monev', at('form_id'));
  source.set('/x-monev/id', at('form_id'));
  source.set('/x-monev/version', at('version'));
  source.set('/x-monev/title', at('form_title'));
  source.set('/x-monev/description', at('description'));
  source.set('/x-monev/subjectType', at('subject_type'));
  source.set('/x-monev/recommendationThreshold', at('recommendation_threshold'));
  source.set('/x-monev/grades', { sheet: SHEETS.scoring, row: null, column: scoring.header('min') });
  source.set('/x-monev/caps', { sheet: SHEETS.scoring, row: null, column: null });
}

/** relevant and cap conditions, once every question (and so every `${name}`) is known. */
function translateConditions(definition: Schema, ctx: BuildContext): void {
  if (ctx.conditions.length === 0) return;
  const model = buildModel(definition, 'strict');
  const lookup = refLookup(targetsOf(model.nodes));
  for (const c of ctx.conditions) {
    const sheet = c.sheet ?? SHEETS.survey;
    if (c.pointer.includes('/items/')) {
      ctx.problems.push(problemOf(sheet, c.row, c.column, { key: 'xlsform.survey.relevantInRepeat' }));
      continue;
    }
    const parsed = parseExpression(c.expr);
    const result = parsed.ok ? conditionSchema(parsed.node, lookup) : parsed;
    if (!result.ok) {
      ctx.problems.push(problemOf(sheet, c.row, c.column, { key: 'xlsform.survey.relevant', vars: { reason: text(result.error), column: c.column } }));
      continue;
    }
    c.target[c.key ?? 'x-visibleIf'] = result.schema;
    if (!c.key) ordered(c.target);
  }
}

/** One problem per cell and message (a row's problem may be found by two checks). */
function dedupe(problems: readonly SheetProblem[]): SheetProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.sheet}|${p.row}|${p.column}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).sort((a, b) => sheetRank(a.sheet) - sheetRank(b.sheet) || (a.row ?? 0) - (b.row ?? 0));
}

const sheetRank = (s: string) => { const i = ['settings', 'survey', 'choices', 'scoring'].indexOf(s.toLowerCase()); return i < 0 ? 9 : i; };
