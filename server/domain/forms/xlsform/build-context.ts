/** What the survey → definition builders share while they walk the tree. */
import type { ChoiceList } from './choices';
import { problemOf, type SheetNote, type SheetProblem } from './messages';
import type { ScoringSheet } from './scoring-sheet';
import type { TableReader, TableRow } from './sheets';
import type { SourceMap } from './source-map';
import { SHEETS } from './vocabulary';

export type Schema = Record<string, unknown>;

/** An expression to translate once every question is known (conditions may look anywhere before). */
export interface PendingCondition {
  target: Schema;
  /** Where the translated condition goes in `target` (x-visibleIf, or a cap's when). */
  key?: string;
  pointer: string;
  expr: string;
  sheet?: string;
  row: number;
  column: string;
}

export class BuildContext {
  readonly conditions: PendingCondition[] = [];
  readonly defs: Record<string, Schema> = {};
  readonly usedBands = new Set<string>();
  /** Some question got x-score: the form needs grade bands. */
  scored = false;

  constructor(
    readonly reader: TableReader,
    readonly lists: Map<string, ChoiceList>,
    readonly scoring: ScoringSheet,
    readonly problems: SheetProblem[],
    readonly notes: SheetNote[],
    readonly source: SourceMap,
    readonly formTitle: string,
  ) {}

  header = (column: string): string => this.reader.header(column);

  get(r: TableRow, column: string): string {
    return this.reader.get(r, column);
  }

  problem(r: TableRow, column: string | null, key: string, vars?: Record<string, unknown>): void {
    this.problems.push(problemOf(SHEETS.survey, r.row, column === null ? null : this.header(column), { key: `xlsform.survey.${key}`, vars }));
  }
}
