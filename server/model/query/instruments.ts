/**
 * Stored questionnaire versions and their compiled forms. Responses are pinned to a published
 * version (checklist 38), and a published version never changes, so its compiled form is cached
 * by id@version for the life of the process. Drafts are compiled on demand (preview) and never
 * cached by version, since an admin may replace a draft with new content under the same version.
 */
import { createHash } from 'node:crypto';
import { checkDefinition, type CheckResult, type LoadedForm } from '../../domain/forms';
import { Problem } from '../../domain/problems';
import { Instrument } from '../instrument';

const published = new Map<string, LoadedForm>();
const drafts = new Map<string, LoadedForm>(); // by content hash, bounded
const MAX_DRAFTS = 16;

export const FORM_ID_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$/;

export function definitionHash(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/** A (formId, version) from URL parameters, or 404. */
export function instrumentKey(formId: unknown, version: unknown): { formId: string; version: string } {
  if (typeof formId !== 'string' || formId.length > 64 || !FORM_ID_RE.test(formId)) throw new Problem(404.1);
  if (typeof version !== 'string' || !VERSION_RE.test(version)) throw new Problem(404.1);
  return { formId, version };
}

export interface InstrumentSummary {
  formId: string;
  version: string;
  title: string;
  subjectType: string;
  status: 'draft' | 'published';
  bundled: boolean;
  publishedAt: Date | null;
  updatedAt?: Date;
}

const SUMMARY = { formId: 1, version: 1, title: 1, subjectType: 1, status: 1, bundled: 1, publishedAt: 1, updatedAt: 1 } as const;

export async function listInstruments(filter: { status?: 'published' } = {}): Promise<InstrumentSummary[]> {
  const rows = await Instrument.find(filter.status ? { status: filter.status } : {}, SUMMARY).sort({ formId: 1, version: -1 }).lean();
  return rows.map((r) => ({ ...r, status: r.status === 'published' ? 'published' : 'draft', bundled: Boolean(r.bundled), publishedAt: r.publishedAt ?? null })) as InstrumentSummary[];
}

export async function findInstrument(formId: string, version: string) {
  return Instrument.findOne({ formId: String(formId), version: String(version) }).lean();
}

function compile(json: string): LoadedForm {
  const result: CheckResult = checkDefinition(json);
  // A stored definition passed the same checks when uploaded; failing now is a server fault.
  if (!result.ok || !result.definition) throw new Error(`stored definition no longer loads: ${result.problems[0]?.message ?? '?'}`);
  return result.definition;
}

/** The compiled form of a published version (what responses render, validate and score with). */
export async function loadPublishedForm(formId: string, version: string): Promise<LoadedForm> {
  const key = `${formId}@${version}`;
  const hit = published.get(key);
  if (hit) return hit;
  const doc = await Instrument.findOne({ formId: String(formId), version: String(version), status: 'published' }, { definitionJson: 1 }).lean();
  if (!doc) throw new Problem(404.1);
  const form = compile(doc.definitionJson);
  published.set(key, form);
  return form;
}

/** The compiled form of any stored version (drafts for the preview). */
export async function loadStoredForm(formId: string, version: string): Promise<{ form: LoadedForm; status: 'draft' | 'published' }> {
  const doc = await Instrument.findOne({ formId: String(formId), version: String(version) }, { definitionJson: 1, status: 1 }).lean();
  if (!doc) throw new Problem(404.1);
  if (doc.status === 'published') return { form: await loadPublishedForm(formId, version), status: 'published' };
  const hash = definitionHash(doc.definitionJson);
  let form = drafts.get(hash);
  if (!form) {
    form = compile(doc.definitionJson);
    if (drafts.size >= MAX_DRAFTS) drafts.delete(drafts.keys().next().value as string);
    drafts.set(hash, form);
  }
  return { form, status: 'draft' };
}

export type SaveOutcome = 'created' | 'replaced' | 'unchanged';

/**
 * Stores an uploaded (already checked) definition as a draft. The same (formId, version) as a
 * published document → 409.5, whatever the content: published versions are immutable.
 */
export async function saveDraftDefinition(form: LoadedForm, uploadedBy: string, notes: readonly unknown[] = []): Promise<SaveOutcome> {
  const definitionJson = JSON.stringify(form.definition);
  const fields = { title: form.title, subjectType: form.subjectType ?? 'LKS', definitionJson, hash: definitionHash(definitionJson), uploadedBy, importNotesJson: notes.length > 0 ? JSON.stringify(notes) : null };
  const existing = await Instrument.findOne({ formId: form.id, version: form.version }, { status: 1, hash: 1 }).lean();
  if (existing?.status === 'published') throw new Problem(409.5, { formId: form.id, version: form.version });
  if (existing) {
    if (existing.hash === fields.hash) {
      await Instrument.updateOne({ formId: form.id, version: form.version, status: 'draft' }, { $set: { importNotesJson: fields.importNotesJson } });
      return 'unchanged';
    }
    const res = await Instrument.updateOne({ formId: form.id, version: form.version, status: 'draft' }, { $set: fields });
    if (res.matchedCount === 0) throw new Problem(409.5, { formId: form.id, version: form.version }); // published meanwhile
    return 'replaced';
  }
  try {
    await Instrument.create({ formId: form.id, version: form.version, status: 'draft', bundled: false, ...fields });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new Problem(409.5, { formId: form.id, version: form.version });
    throw err;
  }
  return 'created';
}

/** Draft → published, once. A second publish (or a published version) → 409.5. */
export async function publishInstrument(formId: string, version: string, by: string): Promise<void> {
  const res = await Instrument.updateOne({ formId, version, status: 'draft' }, { $set: { status: 'published', publishedAt: new Date(), publishedBy: by } });
  if (res.matchedCount === 1) return;
  if (await Instrument.exists({ formId, version })) throw new Problem(409.5, { formId, version });
  throw new Problem(404.1);
}

/** For tests: forget compiled forms (the database is emptied between test files). */
export function clearInstrumentCache(): void {
  published.clear();
  drafts.clear();
}
