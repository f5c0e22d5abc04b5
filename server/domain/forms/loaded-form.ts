/** The compiled, immutable form every other function takes. */
import type { ValidateFunction } from 'ajv';
import type { ModelNode } from './model';
import type { ScoringItem } from './scoring-spec';
import type { CapRule, FormMode, GradeBand, Question, SectionInfo, SubjectType } from './types';

export interface CompiledCondition {
  pointer: string;
  segments: string[];
  path: string;
  validate: ValidateFunction;
  /** Dotted paths of this node and everything below it (all hidden together). */
  hiddenPaths: string[];
}

export interface FormRuntime {
  validate: ValidateFunction;
  conditions: CompiledCondition[];
  caps: Array<{ rule: CapRule; validate: ValidateFunction }>;
  items: ScoringItem[];
  byPointer: Map<string, ModelNode>;
  /** Display position of each node (by answer pointer pattern), to list errors in form order. */
  displayIndex: Map<string, number>;
  /** Top-most evaluator-only nodes (their subtrees are evaluator-only too). */
  evaluatorOnly: ModelNode[];
  evidence: ModelNode[];
  /** Answerable questions outside repeat rows (questions and whole repeat groups), display order. */
  leaves: ModelNode[];
  maxArrayItems: number;
}

export interface LoadedForm {
  readonly mode: FormMode;
  readonly id: string;
  readonly version: string;
  /** `id@version`, the cache key. */
  readonly key: string;
  readonly title: string;
  readonly description?: string;
  readonly subjectType: SubjectType | null;
  readonly grades: readonly GradeBand[];
  readonly caps: readonly CapRule[];
  readonly recommendationThreshold: number;
  readonly sections: readonly SectionInfo[];
  /** Flattened questions, sections, groups and repeat groups in display order. */
  readonly questions: readonly Question[];
  /** The definition as loaded (deep-frozen copy). */
  readonly definition: unknown;
  /** sha256 of the definition's JSON text; equal hashes = identical definitions. */
  readonly hash: string;
  /** Compiled validators and tables; internal to server/domain/forms. */
  readonly runtime: FormRuntime;
}
