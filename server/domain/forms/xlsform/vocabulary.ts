/**
 * The words of the workbook format (forms/FORMAT.md §9): sheet and column names, question types,
 * appearances and their Monev widgets, evidence file types, yes/no cells.
 */

export const SHEETS = { survey: 'survey', choices: 'choices', settings: 'settings', scoring: 'scoring' } as const;

/** survey columns, in the order the export writes them. */
export const SURVEY_COLUMNS = [
  'type', 'name', 'label', 'hint', 'guidance_hint', 'required', 'required_message', 'relevant', 'constraint',
  'constraint_message', 'appearance', 'default', 'read_only', 'placeholder', 'repeat_count',
  'weight', 'score_max', 'recommendation', 'evaluator_only',
  'evidence_min', 'evidence_max', 'evidence_types', 'evidence_max_mb', 'evidence_not_required_for',
] as const;

export const CHOICES_COLUMNS = ['list_name', 'name', 'label', 'points', 'not_applicable'] as const;
export const SETTINGS_COLUMNS = ['form_title', 'form_id', 'version', 'subject_type', 'description', 'recommendation_threshold', 'default_language'] as const;
export const SCORING_COLUMNS = ['type', 'name', 'label', 'min', 'max', 'points', 'condition', 'max_grade'] as const;

/** Columns other tools add that carry nothing as long as they are empty (a value is a problem). */
export const UNSUPPORTED_SURVEY_COLUMNS = ['choice_filter', 'calculation', 'trigger', 'parameters', 'media::image', 'media::audio', 'media::video', 'media::big-image', 'body::accept'] as const;

/** Kobo/ODK columns that never change what Monev does (ignored silently). */
export const IGNORED_SURVEY_COLUMNS = ['tags', 'xml', 'bind::oc:itemgroup', 'instance::oc:contactdata', 'kobo--locking-profile', 'kobo--score-choices', 'kobo--rank-items'] as const;

export type QuestionType =
  | 'text' | 'integer' | 'decimal' | 'date' | 'time' | 'datetime' | 'select_one' | 'select_multiple'
  | 'note' | 'file' | 'image' | 'begin_group' | 'end_group' | 'begin_repeat' | 'end_repeat';

export type ParsedType =
  | { kind: 'question' | 'structure'; type: QuestionType; list?: string; orOther?: boolean }
  | { kind: 'metadata'; type: string }
  | { kind: 'unsupported'; type: string; reason: 'calculate' | 'geo' | 'media' | 'fromFile' | 'other' }
  | { kind: 'bad'; type: string };

/** Device metadata Kobo/ODK add to every form; Monev records who and when itself. */
const METADATA = new Set(['start', 'end', 'today', 'deviceid', 'imei', 'username', 'email', 'phonenumber', 'simserial', 'subscriberid', 'audit', 'start-geopoint', 'background-audio', 'uri:deviceid', 'uri:email', 'uri:username', 'uri:phonenumber']);
const GEO = new Set(['geopoint', 'geotrace', 'geoshape']);
const MEDIA = new Set(['audio', 'video', 'background-audio', 'barcode', 'signature', 'drawing']);

const ALIASES: Record<string, QuestionType> = {
  text: 'text', string: 'text', integer: 'integer', int: 'integer', decimal: 'decimal', date: 'date', time: 'time',
  datetime: 'datetime', note: 'note', file: 'file', image: 'image', photo: 'image',
  begin_group: 'begin_group', end_group: 'end_group', begin_repeat: 'begin_repeat', end_repeat: 'end_repeat',
};

export function parseType(raw: string): ParsedType {
  const words = raw.trim().replace(/\s+/g, ' ').split(' ');
  const head = words[0].toLowerCase();
  // "begin group" / "select one" are written with a space in older forms
  const joined = words.length >= 2 && ['begin', 'end', 'select'].includes(head) ? `${head}_${words[1].toLowerCase()}` : head;
  const rest = words.length >= 2 && ['begin', 'end', 'select'].includes(head) ? words.slice(2) : words.slice(1);
  if (joined === 'select_one' || joined === 'select_multiple') {
    if (rest.length === 0) return { kind: 'bad', type: raw };
    const orOther = rest.length === 2 && rest[1].toLowerCase() === 'or_other';
    if (rest.length > (orOther ? 2 : 1)) return { kind: 'bad', type: raw };
    return { kind: 'question', type: joined, list: rest[0], orOther };
  }
  if (joined === 'select_one_from_file' || joined === 'select_multiple_from_file' || joined === 'select_one_external') return { kind: 'unsupported', type: raw, reason: 'fromFile' };
  if (rest.length > 0) return { kind: 'bad', type: raw };
  const t = ALIASES[joined] ?? ALIASES[joined.replace(/ /g, '_')];
  if (t) return { kind: t.startsWith('begin') || t.startsWith('end') ? 'structure' : 'question', type: t };
  if (joined === 'calculate' || joined === 'hidden') return { kind: 'unsupported', type: raw, reason: 'calculate' };
  if (METADATA.has(joined)) return { kind: 'metadata', type: raw };
  if (GEO.has(joined)) return { kind: 'unsupported', type: raw, reason: 'geo' };
  if (MEDIA.has(joined)) return { kind: 'unsupported', type: raw, reason: 'media' };
  if (['range', 'rank', 'acknowledge', 'trigger', 'xml-external', 'csv-external'].includes(joined)) return { kind: 'unsupported', type: raw, reason: 'other' };
  return { kind: 'bad', type: raw };
}

/** yes/no cells as XLSForm writes them (`yes`, `TRUE()`, `true`, `1`), plus Indonesian ya/tidak. */
export function yesNo(cell: string): boolean | null | 'invalid' {
  const v = cell.trim().toLowerCase();
  if (v === '') return null;
  if (['yes', 'y', 'true', 'true()', '1', 'ya'].includes(v)) return true;
  if (['no', 'n', 'false', 'false()', '0', 'tidak'].includes(v)) return false;
  return 'invalid';
}

/**
 * appearance → Monev widget (x-widget). ODK names first, then Monev's own widget names, which
 * the export writes when no ODK name exists.
 */
export const APPEARANCE_WIDGET: Record<string, string> = {
  multiline: 'textarea', minimal: 'select', likert: 'scale', numbers: 'tel',
  textarea: 'textarea', select: 'select', scale: 'scale', tel: 'tel', radio: 'radio', checkboxes: 'checkboxes',
  yesno: 'yesno', number: 'number', date: 'date', time: 'time', email: 'email', text: 'text', readonly: 'readonly',
};

/** Widget → what the export writes in `appearance`. */
export const WIDGET_APPEARANCE: Record<string, string> = {
  textarea: 'multiline', select: 'minimal', scale: 'likert', tel: 'numbers',
  radio: 'radio', checkboxes: 'checkboxes', yesno: 'yesno', number: 'number', date: 'date', time: 'time', email: 'email', text: 'text', readonly: 'readonly',
};

/** ODK appearances that only arrange things on a phone screen: accepted, no effect here. */
export const LAYOUT_APPEARANCES = new Set(['field-list', 'table-list', 'horizontal', 'horizontal-compact', 'compact', 'quick', 'quickcompact', 'no-calendar', 'columns', 'columns-pack', 'no-buttons', 'label', 'list-nolabel', 'list', 'autocomplete', 'hidden-answer']);

export const EVIDENCE_TYPES: Record<string, string> = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

export function evidenceTypeName(mime: string): string {
  return Object.entries(EVIDENCE_TYPES).find(([k, v]) => v === mime && k !== 'jpeg')?.[0] ?? mime;
}

export const SUBJECT_TYPES = ['LKS', 'KARANG_TARUNA', 'TKSK', 'PSM'] as const;

/** Defaults the importer fills in (and the export leaves out when equal). */
export const DEFAULTS = { textMaxLength: 500, multilineMaxLength: 2000, repeatMaxRows: 50, evidenceMax: 5, otherMaxLength: 200 } as const;

/** Canonical whole numbers become numbers; everything else stays text (`01`, `1.0`, `na`). */
export function choiceValue(name: string): string | number | boolean {
  if (/^-?(0|[1-9][0-9]{0,14})$/.test(name)) return Number(name);
  return name;
}
