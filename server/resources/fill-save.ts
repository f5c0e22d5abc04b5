/**
 * Saving a draft (section form, JSON PUT): the operator's answers are checked in draft mode, the
 * valid ones stored even when others are wrong, hidden answers pruned, evidence attached or
 * detached in the same optimistic write (stale `rev` → 409.3, never a silent overwrite), and the
 * change audited with a diff of the answers, in the same transaction as the write: a saved draft
 * always has its audit entries and an audit entry never describes a write that did not happen.
 */
import type { Request } from 'express';
import mongoose, { type ClientSession } from 'mongoose';
import type { FieldError } from '../domain/forms';
import { evidencePolicy, withinCount, countByPath } from '../domain/files';
import { prepareDraft } from '../domain/fill';
import { Problem, isProblem } from '../domain/problems';
import { diffAnswers } from '../domain/workflow/answer-diff';
import { audit } from '../http/audit';
import { deleteEvidenceFile, deleteEvidenceFiles } from '../model/evidence-store';
import { updateResponse, type EvidenceEntry } from '../model/query/responses';
import type { FillContext } from './fill-context';
import type { UploadedFile } from './evidence-multipart';

export const EDITABLE_STATES = ['draft', 'returned'] as const;

export interface DraftInput {
  answers: unknown;
  rev: number;
  /** files already streamed into the store for this request */
  newFiles?: UploadedFile[];
  /** detach this evidence file */
  removeFileId?: string;
  section?: string;
  /** when the change was made on the device (offline queue), as its clock says */
  clientAt?: Date | null;
  /** the client's id of this save: a repeat after a lost answer is recognised, not refused as stale */
  saveId?: string | null;
}

export interface DraftOutcome {
  rev: number;
  errors: FieldError[];
  answers: Record<string, unknown>;
  /** this very save had been applied already (same saveId, nothing written since): nothing stored now */
  replay?: boolean;
}

/** The same queued save again, and nothing was written since it: answer as if it just succeeded. */
function isReplay(ctx: FillContext, input: DraftInput): boolean {
  const last = ctx.response.lastSave;
  return Boolean(input.saveId) && !input.newFiles?.length && last?.id === input.saveId && last?.rev === ctx.response.rev;
}

function evidenceAfter(ctx: FillContext, input: DraftInput, now: Date): { list: EvidenceEntry[]; removed: EvidenceEntry | null } {
  const removed = input.removeFileId ? ctx.response.evidence.find((e) => String(e.fileId) === input.removeFileId) ?? null : null;
  const kept = ctx.response.evidence.filter((e) => e !== removed);
  const added: EvidenceEntry[] = (input.newFiles ?? []).map((f) => ({ path: f.path, fileId: f.fileId, name: f.name, type: f.type, size: f.size, uploadedAt: now, verdict: null }));
  // Each question's maximum, counting what stays and what arrives (checklist 25).
  const before = countByPath(kept);
  const adding = countByPath(added);
  for (const [path, n] of Object.entries(adding)) {
    const question = ctx.form.questions.find((q) => q.path === path);
    if (!withinCount(evidencePolicy(question?.evidence), before[path] ?? 0, n)) throw new Problem(413.2, { path, max: evidencePolicy(question?.evidence).maxCount });
  }
  return { list: [...kept, ...added], removed };
}

export async function saveDraft(req: Request, ctx: FillContext, input: DraftInput): Promise<DraftOutcome> {
  const newFiles = input.newFiles ?? [];
  let prepared: { value: Record<string, unknown>; errors: FieldError[]; removed: EvidenceEntry | null };
  try {
    if (ctx.editRefusal) throw new Problem(ctx.editRefusal);
    if (isReplay(ctx, input)) return { rev: ctx.response.rev, errors: [], answers: ctx.response.answers, replay: true };
    if (input.rev !== ctx.response.rev) throw new Problem(409.3, { rev: ctx.response.rev });
    const { value, errors } = prepareDraft(ctx.form, input.answers, ctx.response.answers);
    const { list, removed } = evidenceAfter(ctx, input, new Date());
    const $set: Record<string, unknown> = { answers: value, lastSave: input.saveId ? { id: input.saveId, rev: input.rev + 1 } : null };
    if (removed !== null || newFiles.length > 0) $set.evidence = list;
    await mongoose.connection.transaction(async (session) => {
      await updateResponse(req, ctx.response._id, input.rev, { $set }, { states: EDITABLE_STATES, session });
      await auditDraft(req, ctx, input, value, newFiles, removed, session);
    });
    prepared = { value, errors, removed };
  } catch (err) {
    // nothing refers to this request's files: remove them (checklist 25)
    await deleteEvidenceFiles(newFiles.map((f) => f.fileId)).catch(() => undefined);
    throw err;
  }
  if (prepared.removed) await deleteEvidenceFile(prepared.removed.fileId).catch(() => undefined); // the entry is gone; the bytes follow
  return { rev: input.rev + 1, errors: prepared.errors, answers: prepared.value };
}

async function auditDraft(req: Request, ctx: FillContext, input: DraftInput, value: unknown, newFiles: UploadedFile[], removed: EvidenceEntry | null, session: ClientSession): Promise<void> {
  const base = { targetType: 'response', targetId: String(ctx.response._id), organisationId: String(ctx.response.organisationId) };
  const device = deviceDetails(input);
  const diff = diffAnswers(ctx.response.answers, value);
  if (diff.changes.length > 0) {
    await audit(req, { ...base, action: 'response.answers_changed', details: { section: input.section ?? null, rev: input.rev + 1, changes: diff.changes, truncated: diff.truncated, ...device } }, session);
  }
  for (const f of newFiles) {
    await audit(req, { ...base, action: 'evidence.upload', details: { path: f.path, fileId: String(f.fileId), name: f.name, type: f.type, size: f.size, ...device } }, session);
  }
  if (removed) {
    await audit(req, { ...base, action: 'evidence.delete', details: { path: removed.path, fileId: String(removed.fileId), name: removed.name } }, session);
  }
}

/** Audit details of a change sent from a device's offline queue: when it was made there (the entry's own time is the server's). */
export function deviceDetails(input: { clientAt?: Date | null; saveId?: string | null }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (input.clientAt) out.clientAt = input.clientAt;
  if (input.saveId) out.saveId = input.saveId;
  return out;
}

const EVIDENCE_RETRIES = 3;

/**
 * Attaches and/or detaches evidence outside a section save (upload endpoint, delete button).
 * The write is still guarded by `rev`, but the rev is the one just read: a concurrent save of
 * answers makes it retry rather than fail, since adding a file does not depend on the answers.
 * New files are removed again if the write finally fails (checklist 25).
 */
export async function changeEvidence(
  req: Request,
  load: () => Promise<FillContext>,
  change: { newFiles?: UploadedFile[]; removeFileId?: string; clientAt?: Date | null },
): Promise<{ ctx: FillContext; rev: number; removed: EvidenceEntry | null }> {
  const newFiles = change.newFiles ?? [];
  let result: { ctx: FillContext; rev: number; removed: EvidenceEntry | null } | undefined;
  try {
    for (let attempt = 0; !result; attempt++) {
      const ctx = await load();
      if (ctx.editRefusal) throw new Problem(ctx.editRefusal);
      const { list, removed } = evidenceAfter(ctx, { answers: undefined, rev: ctx.response.rev, ...change }, new Date());
      if (change.removeFileId && !removed) throw new Problem(404.1);
      try {
        await mongoose.connection.transaction(async (session) => {
          await updateResponse(req, ctx.response._id, ctx.response.rev, { $set: { evidence: list } }, { states: EDITABLE_STATES, session });
          await auditDraft(req, ctx, { answers: ctx.response.answers, rev: ctx.response.rev, clientAt: change.clientAt }, ctx.response.answers, newFiles, removed, session);
        });
        result = { ctx, rev: ctx.response.rev + 1, removed };
      } catch (err) {
        if (!(isProblem(err) && err.code === 409.3 && attempt < EVIDENCE_RETRIES)) throw err;
      }
    }
  } catch (err) {
    await deleteEvidenceFiles(newFiles.map((f) => f.fileId)).catch(() => undefined);
    throw err;
  }
  if (result.removed) await deleteEvidenceFile(result.removed.fileId).catch(() => undefined);
  return result;
}
