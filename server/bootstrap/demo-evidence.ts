/**
 * Evidence files for a demo response, so that the demo obeys the instrument's own evidence
 * rules: which questions need files is decided by the app's submit check itself
 * (validateAnswers in submit mode, `x-evidence`), never by a list kept here. Each needed file is
 * a small generated PDF or PNG (demo-files.ts) of a type the question accepts, named and stored
 * like an upload (evidenceName, GridFS layout of evidence-store.ts). The evaluator's marks
 * follow the workflow: none before the review, "valid" on accepted items, "invalid" where the
 * evaluator lowered the score for weak evidence or asked for a fix.
 */
import mongoose from 'mongoose';
import { acceptedTypes, evidenceName, type SniffedType } from '../domain/files';
import { findQuestion, validateAnswers, type LoadedForm } from '../domain/forms';
import type { ResponseState } from '../domain/workflow/state-machine';
import { gridFsDocuments, type GridFsDocuments } from '../model/evidence-store';
import { DEMO_PNG_HUES, demoPdf, demoPng } from './demo-files';
import type { Rng } from './demo-random';

export interface DemoEvidenceInput {
  form: LoadedForm;
  /** the answers whose evidence rules apply (a draft: its complete answers; only its saved sections get files) */
  answers: Record<string, unknown>;
  /** sections the response holds; files only for questions in them */
  sections: ReadonlySet<string>;
  state: ResponseState;
  responseId: mongoose.Types.ObjectId;
  organisationId: mongoose.Types.ObjectId;
  organisationName: string;
  rng: Rng;
  uploadedAt: Date;
  /** items whose score the evaluator lowered for weak evidence */
  corrected: ReadonlySet<string>;
  /** items the evaluator asked the operator to fix */
  flagged: ReadonlySet<string>;
}

export interface DemoEvidenceEntry {
  path: string; fileId: mongoose.Types.ObjectId; name: string; type: SniffedType; size: number; uploadedAt: Date; verdict: 'valid' | 'invalid' | null;
}

/** Paths whose evidence the submit check asks for, with how many files (its minimum). */
export function requiredEvidence(form: LoadedForm, answers: Record<string, unknown>): Map<string, number> {
  const check = validateAnswers(form, answers, { mode: 'submit', role: 'operator', evidence: {} });
  const out = new Map<string, number>();
  for (const e of check.errors) {
    const rule = e.keyword === 'x-evidence' ? findQuestion(form, e.path)?.evidence : undefined;
    if (rule) out.set(e.path, Math.max(1, rule.min));
  }
  return out;
}

function verdictFor(state: ResponseState, path: string, input: DemoEvidenceInput, rng: Rng): DemoEvidenceEntry['verdict'] {
  if (state === 'draft' || state === 'submitted') return null;
  if (input.corrected.has(path)) return 'invalid';
  if (input.flagged.has(path)) return state === 'resubmitted' ? null : 'invalid'; // a new file after the return
  if (state === 'in_review') return rng.chance(0.5) ? 'valid' : null;
  return 'valid';
}

/** "Akta pendirian dan pengesahan badan hukum" → "akta-pendirian-dan-pengesahan": whole words, at most 32 characters. */
function slug(text: string): string {
  const words = text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, ' ').trim().split(' ');
  let out = words[0] ?? '';
  for (const w of words.slice(1)) if (out.length + 1 + w.length <= 32) out += `-${w}`; else break;
  return out.slice(0, 32);
}

export function demoEvidence(input: DemoEvidenceInput): { entries: DemoEvidenceEntry[]; files: GridFsDocuments[] } {
  const { form, rng } = input;
  const entries: DemoEvidenceEntry[] = [];
  const files: GridFsDocuments[] = [];
  for (const [path, min] of requiredEvidence(form, input.answers)) {
    if (!input.sections.has(path.split('.')[0])) continue;
    const question = findQuestion(form, path)!;
    const accepted = acceptedTypes(question.evidence?.types);
    const max = question.evidence?.max ?? min;
    const count = Math.min(max, min + (rng.chance(0.25) ? 1 : 0));
    for (let i = 0; i < count; i++) {
      const type: SniffedType | undefined = accepted.includes('image/png') && (rng.chance(0.3) || !accepted.includes('application/pdf')) ? 'image/png'
        : accepted.includes('application/pdf') ? 'application/pdf' : undefined;
      if (!type) break; // a question accepting neither PDF nor PNG gets no generated file
      const bytes = type === 'application/pdf'
        ? demoPdf([question.title, input.organisationName, `Bukti dukung ${i + 1} dari ${count}`, 'Dokumen contoh untuk data demo Monev, bukan dokumen resmi.'])
        : demoPng(rng.pick(DEMO_PNG_HUES));
      const fileId = new mongoose.Types.ObjectId();
      const raw = `${type === 'image/png' ? 'foto-' : ''}${slug(question.title) || 'bukti'}${count > 1 ? `-${i + 1}` : ''}`;
      const name = evidenceName(raw, type);
      files.push(gridFsDocuments(fileId, bytes, {
        responseId: String(input.responseId), organisationId: String(input.organisationId), path, originalName: name, uploadedBy: 'demo',
      }, type, input.uploadedAt));
      entries.push({ path, fileId, name, type, size: bytes.length, uploadedAt: input.uploadedAt, verdict: verdictFor(input.state, path, input, rng) });
    }
  }
  return { entries, files };
}
