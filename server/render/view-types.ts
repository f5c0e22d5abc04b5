/** The per-render view tree handed to the Handlebars partials: plain, already-decided values. */
import type { FieldPlan } from './plan';

export type Mode = 'edit' | 'readonly' | 'review';

export interface EvidenceFile {
  id: string;
  name: string;
  size: number;
  valid?: boolean;
}

export interface FormError {
  path: string;
  message: string;
}

export interface ViewOption {
  id: string;
  value: string;
  label: string;
  hint?: string;
  /** " checked" / " selected" or "": printed inside the tag (a constant, never user data) */
  ck: string;
  /** the number shown before a scale level's label */
  badge?: string;
}

export interface ViewFile {
  name: string;
  size: string;
  invalid: boolean;
  href?: string;
  removeValue?: string;
}

export interface ViewRow {
  id: string;
  item: ViewNode;
  removeValue?: string;
  removeLabel: string;
}

export interface ViewAlt {
  id: string;
  index: number;
  title: string;
  hidden: boolean;
  kids: ViewNode[];
}

export interface ViewNode {
  p: string;
  /** the message catalogue (short keys), for the partials */
  m: Readonly<Record<string, string>>;
  id: string;
  name: string;
  label: string;
  root?: boolean;
  level?: number;
  req?: boolean;
  hint?: string;
  hintId?: string;
  desc?: string;
  descId?: string;
  errs?: string[];
  errId?: string;
  describedBy?: string;
  hidden?: boolean;
  cond?: string;
  ro?: boolean;
  evalOnly?: boolean;
  value?: string;
  dt?: string;
  inputType?: string;
  inputmode?: string;
  placeholder?: string;
  maxlength?: number;
  opts?: ViewOption[];
  kids?: ViewNode[];
  alts?: ViewAlt[];
  altName?: string;
  altOpts?: ViewOption[];
  extra?: { id: string; name: string; value: string; label: string; hint: string };
  rows?: ViewRow[];
  rowsName?: string;
  rowsCount?: number;
  addValue?: string;
  noRows?: boolean;
  files?: ViewFile[];
  evidence?: boolean;
  upload?: { id: string; name: string; accept: string; rules: string; count?: string; path: string; maxBytes: number; room: number };
  text?: string;
  list?: string[];
  json?: string;
  empty?: boolean;
  note?: string;
}

/** Per-render state shared by the view builders. */
export interface ViewContext {
  mode: Mode;
  canSeeEvaluatorOnly: boolean;
  answers: unknown;
  errors: { key: string; message: string }[];
  claimed: Map<number, string>;
  evidence: Record<string, EvidenceFile[]>;
  isHidden: (plan: FieldPlan, key: string) => boolean;
  hiddenKeys: string[];
  prefix: string;
  defaults: boolean;
  evidenceUrl?: string;
}

export interface BuildState {
  /** dotted answer path (errors, evidence, hidden sets) */
  key: string;
  /** HTML field name */
  name: string;
  /** element id of this node (ids are built part by part, like names) */
  id: string;
  editable: boolean;
  /** inside an evaluator-only part in review mode: editable there */
  evalScope: boolean;
  /** inside a hidden part or a non-selected alternative: errors are not claimed */
  quiet: boolean;
  /** inside an evaluator-only part (its badge is already shown) */
  evalBadge?: boolean;
  label?: string;
}
