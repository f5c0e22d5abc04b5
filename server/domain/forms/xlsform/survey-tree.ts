/**
 * The `survey` sheet's rows → a tree of groups, repeats and questions, checking what a
 * spreadsheet author can get wrong: types, names, begin/end pairs, columns with no meaning here.
 * Device metadata rows (start, end, deviceid …) are skipped with a note; `calculate`, geo and
 * media types are problems. A `note` right after `begin_group` (or at the very top) becomes the
 * group's (or the form's) description; elsewhere it is a problem, since Monev shows text only as
 * help of a question or a group.
 */
import { problemOf, text, type SheetNote, type SheetProblem } from './messages';
import type { TableReader, TableRow } from './sheets';
import { IGNORED_SURVEY_COLUMNS, parseType, SHEETS, SURVEY_COLUMNS, UNSUPPORTED_SURVEY_COLUMNS, type QuestionType } from './vocabulary';

export interface SurveyQuestion { kind: 'question'; r: TableRow; type: QuestionType; list?: string; orOther: boolean; name: string }
export interface SurveyGroup { kind: 'group' | 'repeat'; r: TableRow; name: string; children: SurveyNode[]; notes: TableRow[] }
export type SurveyNode = SurveyQuestion | SurveyGroup;

export interface SurveyTree { nodes: SurveyNode[]; formNotes: TableRow[] }

const S = SHEETS.survey;
export const KEY_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const KNOWN = new Set<string>([...SURVEY_COLUMNS, ...UNSUPPORTED_SURVEY_COLUMNS, ...IGNORED_SURVEY_COLUMNS]);

/** A valid key close to what was written: `nama-lembaga` → `namaLembaga`. */
export function suggestKey(raw: string): string {
  const words = raw.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  const key = /^[A-Za-z]/.test(joined) ? joined : `q${joined}`;
  return key.slice(0, 64) || 'pertanyaan';
}

export function readSurvey(reader: TableReader, problems: SheetProblem[], notes: SheetNote[]): SurveyTree {
  const col = (c: string) => reader.header(c);
  const add = (r: TableRow, column: string | null, key: string, vars?: Record<string, unknown>) =>
    problems.push(problemOf(S, r.row, column, { key: `xlsform.survey.${key}`, vars }));
  for (const base of ['type', 'name', 'label'] as const) {
    if (!reader.has(base)) problems.push(problemOf(S, null, base, { key: 'xlsform.survey.missingColumn', vars: { column: base } }));
  }
  for (const c of reader.unknownColumns(KNOWN)) {
    if (!c.base.startsWith('bind::') && !c.base.startsWith('instance::') && !c.base.startsWith('body::')) {
      notes.push({ sheet: S, row: null, column: c.header, message: text({ key: 'xlsform.note.ignoredColumn', vars: { column: c.header } }) });
    } else if (reader.table.rows.some((r) => r.cells.has(c.index))) {
      notes.push({ sheet: S, row: null, column: c.header, message: text({ key: 'xlsform.note.ignoredColumn', vars: { column: c.header } }) });
    }
  }

  const root: SurveyNode[] = [];
  const formNotes: TableRow[] = [];
  const stack: SurveyGroup[] = [];
  const children = () => (stack.length > 0 ? stack[stack.length - 1].children : root);
  const names = () => new Set(children().map((n) => n.name));

  for (const r of reader.table.rows) {
    const typeCell = reader.get(r, 'type');
    if (!typeCell) {
      if (reader.get(r, 'name') || reader.get(r, 'label')) add(r, col('type'), 'noType');
      continue;
    }
    for (const c of UNSUPPORTED_SURVEY_COLUMNS) {
      if (reader.get(r, c) !== '' && !(c === 'calculation' && /^calculate\b/i.test(typeCell))) {
        add(r, col(c), c.startsWith('media::') ? 'media' : 'unsupportedColumn', { column: col(c) });
      }
    }
    const parsed = parseType(typeCell);
    if (parsed.kind === 'bad') { add(r, col('type'), 'badType', { type: typeCell }); continue; }
    if (parsed.kind === 'unsupported') { add(r, col('type'), `unsupported.${parsed.reason}`, { type: typeCell }); continue; }
    if (parsed.kind === 'metadata') {
      notes.push({ sheet: S, row: r.row, column: col('type'), message: text({ key: 'xlsform.note.metadata', vars: { type: typeCell } }) });
      continue;
    }
    const type = parsed.type;
    if (type === 'end_group' || type === 'end_repeat') {
      const open = stack[stack.length - 1];
      const want = type === 'end_group' ? 'group' : 'repeat';
      if (!open) { add(r, col('type'), 'endWithoutBegin', { type: typeCell }); continue; }
      if (open.kind !== want) { add(r, col('type'), 'endMismatch', { type: typeCell, open: open.name, openRow: open.r.row }); continue; }
      stack.pop();
      continue;
    }
    const name = reader.get(r, 'name');
    if (type === 'note') {
      const siblings = children();
      if (siblings.length === 0) (stack.length > 0 ? stack[stack.length - 1].notes : formNotes).push(r);
      else add(r, col('type'), 'noteMiddle');
      continue;
    }
    if (!name) { add(r, col('name'), 'noName'); continue; }
    if (!KEY_RE.test(name)) { add(r, col('name'), 'badName', { name, suggestion: suggestKey(name) }); continue; }
    if (names().has(name)) { add(r, col('name'), 'duplicateName', { name }); continue; }
    if (type === 'begin_group' || type === 'begin_repeat') {
      const group: SurveyGroup = { kind: type === 'begin_group' ? 'group' : 'repeat', r, name, children: [], notes: [] };
      children().push(group);
      stack.push(group);
      continue;
    }
    children().push({ kind: 'question', r, type, list: parsed.list, orOther: parsed.orOther === true, name });
  }
  for (const open of stack) add(open.r, col('type'), 'notClosed', { name: open.name, type: open.kind === 'group' ? 'end_group' : 'end_repeat' });
  return { nodes: root, formNotes };
}
