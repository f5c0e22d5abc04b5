/**
 * The `settings` sheet (one row under the header): `form_title`, `form_id`, `version`,
 * `default_language`, and Monev's `subject_type`, `description`, `recommendation_threshold`.
 */
import { numberCell } from './choices';
import { problemOf, text, type SheetNote, type SheetProblem } from './messages';
import { TableReader } from './sheets';
import { SETTINGS_COLUMNS, SHEETS, SUBJECT_TYPES } from './vocabulary';

export interface FormSettings {
  id: string;
  version: string;
  title: string;
  subjectType: string;
  description?: string;
  recommendationThreshold?: number;
  row: number | null;
  header: (column: string) => string;
}

const S = SHEETS.settings;
const ID_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$/;
/** Kobo writes its own settings columns; none of them changes the questionnaire. */
const KOBO_SETTINGS = new Set(['style', 'instance_name', 'public_key', 'submission_url', 'allow_choice_duplicates', 'namespaces', 'auto_send', 'auto_delete', 'name', 'clean_text_values', 'omit_instanceid', 'client_editable', 'prefix', 'delimiter', 'language', 'form_language']);

/** A form id made of the workbook's id: lower case, dashes between words. */
export function suggestId(raw: string): string {
  const s = raw.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 64);
  return s || 'instrumen-baru';
}

export function readSettings(reader: TableReader | null, problems: SheetProblem[], notes: SheetNote[]): FormSettings {
  const row = reader?.table.rows[0];
  const get = (c: string) => (reader && row ? reader.get(row, c) : '');
  const header = (c: string) => reader?.header(c) ?? c;
  const at = row?.row ?? null;
  if (reader) {
    for (const c of reader.unknownColumns(new Set(SETTINGS_COLUMNS))) {
      if (!KOBO_SETTINGS.has(c.base)) notes.push({ sheet: S, row: null, column: c.header, message: text({ key: 'xlsform.note.ignoredColumn', vars: { column: c.header } }) });
    }
  }
  const id = get('form_id');
  if (!id) problems.push(problemOf(S, at, 'form_id', { key: 'xlsform.settings.noId' }));
  else if (!ID_RE.test(id) || id.length > 64) problems.push(problemOf(S, at, header('form_id'), { key: 'xlsform.settings.badId', vars: { value: id, suggestion: suggestId(id) } }));
  const version = get('version');
  if (!version) problems.push(problemOf(S, at, 'version', { key: 'xlsform.settings.noVersion' }));
  else if (!VERSION_RE.test(version)) problems.push(problemOf(S, at, header('version'), { key: 'xlsform.settings.badVersion', vars: { value: version } }));
  const rawSubject = get('subject_type');
  const subjectType = rawSubject.trim().toUpperCase().replace(/[\s-]+/g, '_');
  if (!rawSubject) problems.push(problemOf(S, at, 'subject_type', { key: 'xlsform.settings.noSubject', vars: { allowed: SUBJECT_TYPES.join(', ') } }));
  else if (!(SUBJECT_TYPES as readonly string[]).includes(subjectType)) problems.push(problemOf(S, at, header('subject_type'), { key: 'xlsform.settings.badSubject', vars: { value: rawSubject, allowed: SUBJECT_TYPES.join(', ') } }));
  const thresholdCell = get('recommendation_threshold');
  let recommendationThreshold: number | undefined;
  if (thresholdCell) {
    const pct = /%\s*$/.test(thresholdCell);
    const n = numberCell(thresholdCell.replace(/%\s*$/, ''));
    recommendationThreshold = n === null ? undefined : pct ? n / 100 : n;
    if (recommendationThreshold === undefined || recommendationThreshold < 0 || recommendationThreshold > 1) {
      problems.push(problemOf(S, at, header('recommendation_threshold'), { key: 'xlsform.settings.badThreshold', vars: { value: thresholdCell } }));
      recommendationThreshold = undefined;
    }
  }
  return {
    id, version, title: get('form_title') || id, subjectType, row: at, header,
    description: get('description') || undefined, recommendationThreshold,
  };
}
