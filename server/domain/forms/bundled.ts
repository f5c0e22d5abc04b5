/**
 * The instruments shipped in forms/: every `*.json` except the meta-schema. Used by
 * `npm run forms:check` and at server start; the same checks as an admin upload.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkDefinition } from './loader';
import type { LoadedForm } from './loaded-form';
import { registerForm } from './registry';
import type { Problem } from './types';

export const META_SCHEMA_FILE = 'meta-schema.json';

export interface FileCheck { file: string; ok: boolean; problems: Problem[]; form?: LoadedForm }

export function definitionFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== META_SCHEMA_FILE).sort().map((f) => path.join(dir, f));
}

export function checkFiles(dir: string): FileCheck[] {
  const out: FileCheck[] = [];
  const seen = new Map<string, string>();
  for (const file of definitionFiles(dir)) {
    const result = checkDefinition(fs.readFileSync(file));
    const problems = [...result.problems];
    const key = result.definition?.key;
    if (key && seen.has(key)) problems.push({ pointer: '/x-monev', code: 'duplicate', message: `${key} juga didefinisikan di ${path.basename(seen.get(key) as string)}` });
    if (key) seen.set(key, file);
    out.push({ file, ok: problems.length === 0, problems, form: problems.length === 0 ? result.definition : undefined });
  }
  return out;
}

/** Loads and caches every valid bundled form; problems of the others are returned, not thrown. */
export function loadBundledForms(dir: string): { forms: LoadedForm[]; failures: FileCheck[] } {
  const checks = checkFiles(dir);
  const forms = checks.filter((c) => c.form).map((c) => registerForm(c.form as LoadedForm));
  return { forms, failures: checks.filter((c) => !c.ok) };
}
