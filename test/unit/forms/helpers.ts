/** Shared fixtures for the forms engine tests: the bundled instruments and their sample answers. */
import fs from 'node:fs';
import path from 'node:path';
import { checkDefinition, type LoadedForm } from '../../../server/domain/forms';

export const FORMS_DIR = path.resolve(__dirname, '../../../forms');
export const FIXTURES_DIR = path.resolve(__dirname, '../../fixtures/forms');

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function definitionJson(id: string): Record<string, unknown> {
  return readJson(path.join(FORMS_DIR, `${id}.json`));
}

const cache = new Map<string, LoadedForm>();

/** Loads a bundled instrument (uncached by the engine's registry, so tests stay independent). */
export function bundled(id: 'lks-monev-tahunan' | 'karang-taruna-klasifikasi' | 'tksk-kinerja-tahunan'): LoadedForm {
  const hit = cache.get(id);
  if (hit) return hit;
  const result = checkDefinition(definitionJson(id));
  if (!result.ok || !result.definition) throw new Error(`${id}: ${JSON.stringify(result.problems)}`);
  cache.set(id, result.definition);
  return result.definition;
}

/** A fresh, mutable copy of a sample answer file. */
export function sample(id: string, kind: 'complete' | 'incomplete'): any {
  return readJson(path.join(FIXTURES_DIR, `${id}.${kind}.json`));
}

/** Messages only, for readable assertions. */
export function messages(result: { errors: Array<{ message: string }> }): string[] {
  return result.errors.map((e) => e.message);
}
