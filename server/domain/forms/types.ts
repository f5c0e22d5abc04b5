/**
 * Public types of the questionnaire engine. Everything here is plain data so the HTTP layer,
 * reports and exports can use it without knowing about Ajv.
 */

/** One thing wrong with a definition: where (JSON pointer into the definition) and what. */
export interface Problem {
  pointer: string;
  code: ProblemCode;
  message: string;
}

export type ProblemCode =
  | 'json' | 'size' | 'depth' | 'meta' | 'data-keyword' | 'async' | 'ref' | 'id'
  | 'unknown-keyword' | 'pattern' | 'unique-items' | 'limits' | 'format' | 'compile'
  | 'structure' | 'reference' | 'score' | 'weight' | 'grade' | 'cap' | 'key' | 'duplicate';

/** strict: our own instruments (2020-12, x- annotations, strict Ajv). foreign: other libraries' schemas. */
export type FormMode = 'strict' | 'foreign';

export type SubjectType = 'LKS' | 'KARANG_TARUNA' | 'TKSK' | 'PSM';

export interface GradeBand { grade: string; label: string; min: number }

export interface CapRule { id: string; maxGrade: string; reason: string }

export interface Option { value: string | number | boolean; title: string }

export interface EvidenceRule {
  min: number;
  max: number;
  types?: string[];
  maxBytes?: number;
  notRequiredFor?: Array<string | number | boolean>;
}

export interface ScoreBand { min?: number; max?: number; points: number; label?: string }

export type QuestionKind = 'section' | 'group' | 'question' | 'repeat';

/** A flattened question (or section/group/repeat container) with everything needed to label it. */
export interface Question {
  /** Dotted path; `*` stands for the row index inside repeat groups (`profil.penerima.*.jumlah`). */
  path: string;
  /** JSON pointer of the answer (`/profil/penerima/*\/jumlah` with `*` for rows). */
  pointer: string;
  /** JSON pointer of the question's schema inside the definition (before `$ref` resolution). */
  schemaPointer: string;
  key: string;
  kind: QuestionKind;
  title: string;
  description?: string;
  hint?: string;
  placeholder?: string;
  errorMessage?: string;
  requiredMessage?: string;
  section: string;
  sectionTitle: string;
  depth: number;
  order: number;
  /** JSON type(s) of the answer, from `type` or inferred from option values. */
  type?: string | string[];
  format?: string;
  widget?: string;
  options?: Option[];
  multiple: boolean;
  required: boolean;
  evaluatorOnly: boolean;
  inRepeat: boolean;
  conditional: boolean;
  evidence?: EvidenceRule;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  /** Maximum points when scored, otherwise null. */
  scoreMax: number | null;
  notApplicable?: Array<string | number | boolean>;
  recommendation?: string;
  /** The resolved JSON Schema of the answer (local `$ref` followed once), for renderers. */
  schema: Readonly<Record<string, unknown>>;
}

export interface SectionInfo {
  key: string;
  title: string;
  weight: number | null;
  scored: boolean;
  order: number;
}

export interface FieldError {
  /** Dotted path with row numbers as indexes (`profil.penerima.0.jumlah`); '' for the whole document. */
  path: string;
  pointer: string;
  keyword: string;
  message: string;
  title?: string;
}

export interface ValidationResult {
  ok: boolean;
  errors: FieldError[];
  /** True when more errors existed than were returned. */
  truncated: boolean;
  /** The answers as they should be stored: hidden answers (and, for operators, evaluator-only ones) removed. */
  value: unknown;
}

export type ItemStatus = 'scored' | 'unanswered' | 'notApplicable' | 'hidden' | 'pending' | 'overridden';

export interface ItemScore {
  path: string;
  section: string;
  title: string;
  /** Points counted (0 when not counted). */
  points: number;
  max: number;
  /** Points before an override (null when the item had no answer-based points). */
  answerPoints: number | null;
  status: ItemStatus;
  counted: boolean;
}

export interface SectionScore {
  key: string;
  title: string;
  weight: number;
  points: number;
  max: number;
  /** 0-100, 2 decimals; null when no item counts. */
  score: number | null;
  counted: number;
}

export interface AppliedCap { id: string; maxGrade: string; reason: string }

export interface Recommendation { path: string; section: string; title: string; text: string; points: number; max: number }

export interface ScoreResult {
  items: ItemScore[];
  sections: SectionScore[];
  /** 0-100, 2 decimals; null when nothing counts. */
  total: number | null;
  grade: GradeBand | null;
  /** Grade before caps. */
  uncappedGrade: GradeBand | null;
  caps: AppliedCap[];
  notApplicable: string[];
  recommendations: Recommendation[];
  /** Override paths that name no visible scored item. */
  ignoredOverrides: string[];
}

export interface SectionProgress {
  key: string; title: string; answered: number; required: number; total: number; answeredTotal: number;
  /** only when counted with the files: required evidence files, and how many of them are still missing */
  evidenceNeeded?: number;
  evidenceMissing?: number;
}

export interface ProgressResult {
  sections: SectionProgress[];
  answered: number;
  required: number;
  /** 0-100 integer share of required questions answered (100 when nothing is required). */
  percent: number;
}

export type Role = 'operator' | 'evaluator';

export interface ValidateOptions {
  mode: 'draft' | 'submit';
  role?: Role;
  /** Number of evidence files per question path; when given, submission checks `x-evidence.min/max`. */
  evidence?: Record<string, number>;
}

export interface LoadOptions { mode?: FormMode }
