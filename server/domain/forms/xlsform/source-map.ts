/**
 * Where each part of an imported definition came from, so the engine's problems (JSON pointers
 * into the definition) are shown where the author can fix them: sheet, row and column.
 */
import type { Problem } from '../types';
import { pointerOf, segmentsOf } from '../json-pointer';
import { text, type SheetProblem } from './messages';

export interface Loc { sheet: string; row: number | null; column: string | null }

/** Keywords of a question schema and the survey column they are written in. */
const KEYWORD_COLUMN: Record<string, string> = {
  title: 'label', 'x-hint': 'hint', description: 'guidance_hint', 'x-visibleIf': 'relevant', 'x-weight': 'weight',
  'x-evidence': 'evidence_min', 'x-recommendation': 'recommendation', 'x-evaluatorOnly': 'evaluator_only',
  'x-errorMessage': 'constraint_message', 'x-requiredMessage': 'required_message', 'x-placeholder': 'placeholder',
  'x-widget': 'appearance', default: 'default', readOnly: 'read_only', pattern: 'constraint', minimum: 'constraint',
  maximum: 'constraint', exclusiveMinimum: 'constraint', exclusiveMaximum: 'constraint', minLength: 'constraint',
  maxLength: 'constraint', minItems: 'constraint', maxItems: 'constraint', 'x-score': 'type',
};

export class SourceMap {
  private readonly map = new Map<string, Loc>();

  set(pointer: string, loc: Loc): void {
    this.map.set(pointer, loc);
  }

  /** A question (group, repeat) schema at `pointer` came from a survey row: its keywords too. */
  setQuestion(pointer: string, loc: Loc, header: (column: string) => string): void {
    this.map.set(pointer, { ...loc, column: null });
    for (const [k, column] of Object.entries(KEYWORD_COLUMN)) {
      if (!this.map.has(`${pointer}/${k}`)) this.map.set(`${pointer}/${k}`, { ...loc, column: header(column) });
    }
  }

  /** The location of the longest recorded prefix of the pointer. */
  locate(pointer: string): Loc | null {
    const segs = segmentsOf(pointer);
    for (let n = segs.length; n >= 0; n--) {
      const p = pointerOf(segs.slice(0, n));
      const hit = this.map.get(p);
      if (hit) return hit;
    }
    return null;
  }

  /** An engine problem as a workbook problem. */
  toSheetProblem(p: Problem, fallback: Loc): SheetProblem {
    const loc = this.locate(p.pointer) ?? fallback;
    return { ...loc, message: p.message, fix: text({ key: `xlsform.engineFix.${p.code}` }) };
  }
}
