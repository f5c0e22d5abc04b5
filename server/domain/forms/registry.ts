/**
 * Compile-once cache of loaded forms. Strict forms are keyed by id@version: a published version is
 * immutable, so loading different content under the same key is refused (SECURITY-CHECKLIST 38).
 * Foreign schemas are keyed by content hash, in a bounded cache.
 */
import { checkDefinition } from './loader';
import type { LoadedForm } from './loaded-form';
import type { LoadOptions, Problem } from './types';

const MAX_FOREIGN = 256;
const strictForms = new Map<string, LoadedForm>();
const foreignForms = new Map<string, LoadedForm>();

export class FormDefinitionError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`Definisi instrumen tidak valid: ${problems.slice(0, 3).map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}${problems.length > 3 ? ' …' : ''}`);
    this.name = 'FormDefinitionError';
  }
}

/** Checks, compiles and caches a definition; throws FormDefinitionError with the full problem list. */
export function loadForm(json: unknown, opts: LoadOptions = {}): LoadedForm {
  const result = checkDefinition(json, opts);
  if (!result.ok || !result.definition) throw new FormDefinitionError(result.problems);
  return registerForm(result.definition);
}

/** Adds an already checked form to the cache; returns the cached instance when identical. */
export function registerForm(form: LoadedForm): LoadedForm {
  if (form.mode === 'foreign') {
    const hit = foreignForms.get(form.hash);
    if (hit) return hit;
    if (foreignForms.size >= MAX_FOREIGN) foreignForms.delete(foreignForms.keys().next().value as string);
    foreignForms.set(form.hash, form);
    return form;
  }
  const existing = strictForms.get(form.key);
  if (existing) {
    if (existing.hash !== form.hash) {
      throw new FormDefinitionError([{ pointer: '/x-monev/version', code: 'duplicate', message: `versi ${form.key} sudah ada dengan isi berbeda; terbitkan sebagai versi baru` }]);
    }
    return existing;
  }
  strictForms.set(form.key, form);
  return form;
}

export function getForm(id: string, version: string): LoadedForm | undefined {
  return strictForms.get(`${id}@${version}`);
}

/** All cached strict forms (newest version last within an id, by version text). */
export function listForms(): LoadedForm[] {
  return [...strictForms.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version.localeCompare(b.version, 'en', { numeric: true }));
}

/** For tests: forget every cached form. */
export function clearFormCache(): void {
  strictForms.clear();
  foreignForms.clear();
}
