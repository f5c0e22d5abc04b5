/**
 * The `choices` sheet: option lists (`list_name`, `name`, `label`) with Monev's scoring columns
 * (`points` per option, `not_applicable` for "Tidak berlaku" options that leave the denominator).
 * Names that are whole numbers become numbers (a 0-4 scale answers 0…4); a list whose names are
 * exactly `true` and `false` is a yes/no question.
 */
import { problemOf, text, type SheetNote, type SheetProblem } from './messages';
import type { Scalar } from './refs';
import { TableReader } from './sheets';
import { CHOICES_COLUMNS, choiceValue, SHEETS, yesNo } from './vocabulary';

export interface ChoiceItem { row: number; name: string; value: Scalar; label: string; points: number | null; na: boolean }

export interface ChoiceList {
  name: string;
  firstRow: number;
  items: ChoiceItem[];
  /** Some option has points: questions using the list are scored. */
  scored: boolean;
  boolean: boolean;
}

const S = SHEETS.choices;

/** A number cell: `2`, `2.5` or `2,5` (Indonesian decimal comma). */
export function numberCell(cell: string): number | null {
  const v = cell.trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^-?(\d+(\.\d+)?|\.\d+)$/.test(v)) return null;
  return Number(v);
}

export function readChoices(reader: TableReader | null, problems: SheetProblem[], notes: SheetNote[]): Map<string, ChoiceList> {
  const lists = new Map<string, ChoiceList>();
  if (!reader) return lists;
  const col = (c: string) => reader.header(c);
  for (const base of ['list_name', 'name', 'label'] as const) {
    if (!reader.has(base)) problems.push(problemOf(S, null, base, { key: 'xlsform.choices.missingColumn', vars: { column: base } }));
  }
  for (const c of reader.unknownColumns(new Set([...CHOICES_COLUMNS, 'media::image', 'media::audio', 'media::video', 'media::big-image']))) {
    notes.push({ sheet: S, row: null, column: c.header, message: text({ key: 'xlsform.note.ignoredColumn', vars: { column: c.header } }) });
  }
  for (const r of reader.table.rows) {
    const listName = reader.get(r, 'list_name');
    const name = reader.get(r, 'name');
    const label = reader.get(r, 'label');
    if (['media::image', 'media::audio', 'media::video', 'media::big-image'].some((m) => reader.get(r, m) !== '')) {
      problems.push(problemOf(S, r.row, col('media::image'), { key: 'xlsform.media' }));
    }
    if (!listName) { problems.push(problemOf(S, r.row, col('list_name'), { key: 'xlsform.choices.noList' })); continue; }
    if (!name) { problems.push(problemOf(S, r.row, col('name'), { key: 'xlsform.choices.noName', vars: { list: listName } })); continue; }
    if (!label) problems.push(problemOf(S, r.row, col('label'), { key: 'xlsform.choices.noLabel', vars: { list: listName, name } }));
    let list = lists.get(listName);
    if (!list) {
      list = { name: listName, firstRow: r.row, items: [], scored: false, boolean: false };
      lists.set(listName, list);
    }
    if (list.items.some((i) => i.name === name)) {
      problems.push(problemOf(S, r.row, col('name'), { key: 'xlsform.choices.duplicate', vars: { list: listName, name } }));
      continue;
    }
    const pointsCell = reader.get(r, 'points');
    let points: number | null = null;
    if (pointsCell !== '') {
      points = numberCell(pointsCell);
      if (points === null || points < 0 || points > 1000) {
        problems.push(problemOf(S, r.row, col('points'), { key: 'xlsform.choices.points', vars: { value: pointsCell } }));
        points = null;
      }
    }
    const na = yesNo(reader.get(r, 'not_applicable'));
    if (na === 'invalid') problems.push(problemOf(S, r.row, col('not_applicable'), { key: 'xlsform.yesNo', vars: { column: 'not_applicable', value: reader.get(r, 'not_applicable') } }));
    list.items.push({ row: r.row, name, value: choiceValue(name), label: label || name, points, na: na === true });
  }
  for (const list of lists.values()) {
    const names = list.items.map((i) => i.name).sort();
    if (names.length === 2 && names[0] === 'false' && names[1] === 'true') {
      list.boolean = true;
      for (const i of list.items) i.value = i.name === 'true';
    }
    list.scored = list.items.some((i) => i.points !== null);
    if (!list.scored) continue;
    for (const i of list.items) {
      if (i.points === null && !i.na) problems.push(problemOf(S, i.row, col('points'), { key: 'xlsform.choices.missingPoints', vars: { list: list.name, name: i.name } }));
    }
  }
  return lists;
}

/** The JSON type of a list's values (undefined for a list mixing numbers and text). */
export function listType(values: readonly Scalar[]): string | undefined {
  const kinds = new Set(values.map((v) => (typeof v === 'number' ? 'integer' : typeof v)));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** The JSON Schema of a list: `{type, oneOf: [{const, title}]}`. */
export function listSchema(items: ReadonlyArray<{ value: Scalar; label: string }>): Record<string, unknown> {
  const type = listType(items.map((i) => i.value));
  return { ...(type ? { type } : {}), oneOf: items.map((i) => ({ const: i.value, title: i.label })) };
}
