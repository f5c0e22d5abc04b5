/**
 * Changing drafts after upload: the editor's saves (optimistic: only from the version of the draft
 * the admin was looking at, else 409.3), a new version started from an existing one, the sample
 * answers of the editor's preview. Every write is draft-only (checklist 38: the model adds
 * `status != published` to every update, so a published version never matches).
 */
import type { LoadedForm } from '../../domain/forms';
import { Problem } from '../../domain/problems';
import { Instrument } from '../instrument';
import { definitionHash } from './instruments';

/** Replaces a draft's definition if it still has `expectedHash`; 409.5 when published, 409.3 when changed meanwhile. */
export async function updateDraftDefinition(formId: string, version: string, form: LoadedForm, expectedHash: string, by: string): Promise<string> {
  if (form.id !== formId || form.version !== version) throw new Problem(400.1, { field: 'version' });
  const definitionJson = JSON.stringify(form.definition);
  const hash = definitionHash(definitionJson);
  const res = await Instrument.updateOne(
    { formId, version, status: 'draft', hash: expectedHash },
    { $set: { definitionJson, hash, title: form.title, subjectType: form.subjectType ?? 'LKS', uploadedBy: by, importNotesJson: null } },
  );
  if (res.matchedCount === 1) return hash;
  const doc = await Instrument.findOne({ formId, version }, { status: 1 }).lean();
  if (!doc) throw new Problem(404.1);
  throw new Problem(doc.status === 'published' ? 409.5 : 409.3, { formId, version });
}

/** A new draft version; 409.6 when that version exists already (draft or published). */
export async function createDraftVersion(form: LoadedForm, by: string): Promise<void> {
  const definitionJson = JSON.stringify(form.definition);
  try {
    await Instrument.create({
      formId: form.id, version: form.version, status: 'draft', bundled: false, title: form.title, subjectType: form.subjectType ?? 'LKS',
      definitionJson, hash: definitionHash(definitionJson), uploadedBy: by,
    });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new Problem(409.6, { formId: form.id, version: form.version });
    throw err;
  }
}

export async function versionsOf(formId: string): Promise<string[]> {
  const rows = await Instrument.find({ formId }, { version: 1 }).lean();
  return rows.map((r) => r.version);
}

export async function savePreviewAnswers(formId: string, version: string, answers: unknown): Promise<void> {
  const res = await Instrument.updateOne({ formId, version, status: 'draft' }, { $set: { previewAnswersJson: JSON.stringify(answers ?? {}) } });
  if (res.matchedCount === 0) throw new Problem(409.5, { formId, version });
}

/** The notes of a draft's workbook import (JSON text), without loading its definition. */
export async function importNotesJsonOf(formId: string, version: string): Promise<string | null> {
  const doc = await Instrument.findOne({ formId, version, status: 'draft' }, { importNotesJson: 1 }).lean();
  return doc?.importNotesJson ?? null;
}

export async function isPublished(formId: string, version: string): Promise<boolean> {
  return (await Instrument.exists({ formId, version, status: 'published' })) !== null;
}
