/**
 * Two versions of one section side by side (an offline change that met a change on the server):
 * one row per question of the section, in display order, with each version's answer as the
 * read-only views show it (choice labels, Ya/Tidak, Indonesian numbers), and whether they differ.
 * Groups give a heading row; repeat groups and structured answers compare as a whole.
 * Evaluator-only questions are left out (the operator's choice never touches them).
 */
import { displayValue, type DisplayValue } from './display';
import type { FieldPlan } from './plan';
import { planFor } from './plan';
import { isObject } from './refs';
import { schemaOf, type FormInput } from './render';

export interface CompareRow {
  title: string;
  /** 0 for the section's own questions, 1 inside a group, … */
  depth: number;
  heading: boolean;
  server?: DisplayValue;
  local?: DisplayValue;
  differs: boolean;
}

const MAX_ROWS = 500;

function valueAt(doc: unknown, key: FieldPlan['key']): unknown {
  return isObject(doc) && key !== null && Object.prototype.hasOwnProperty.call(doc, String(key)) ? doc[String(key)] : undefined;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function walk(plan: FieldPlan, server: unknown, local: unknown, depth: number, rows: CompareRow[]): void {
  for (const child of plan.children) {
    if (rows.length >= MAX_ROWS) return;
    if (child.evaluatorOnly) continue;
    const s = valueAt(server, child.key);
    const l = valueAt(local, child.key);
    if (child.children.length > 0 && !child.alternatives && !child.extra) {
      rows.push({ title: child.title, depth, heading: true, differs: !same(s, l) });
      walk(child, s, l, depth + 1, rows);
      continue;
    }
    rows.push({ title: child.title, depth, heading: false, server: displayValue(child, s), local: displayValue(child, l), differs: !same(s, l) });
  }
}

export function compareSection(form: FormInput, section: string, server: unknown, local: unknown): CompareRow[] {
  const root = planFor(schemaOf(form));
  const plan = root.children.find((c) => c.key === section);
  if (!plan) return [];
  const rows: CompareRow[] = [];
  walk(plan, valueAt(server, section), valueAt(local, section), 0, rows);
  return rows;
}
