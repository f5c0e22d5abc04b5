/**
 * Reading a multipart/form-data request (busboy) for the fill area: text fields are collected as
 * a flat URLSearchParams (like an urlencoded form), files are streamed straight into the evidence
 * store as they arrive — never buffered whole, never written to disk. The caller decides, per
 * file field, which question it belongs to and which limits apply. If anything breaks a limit,
 * every file stored by this request is removed again (checklist 25) and one problem is thrown
 * once the request body has been read to its end (so the client always receives the answer).
 */
import type { Request } from 'express';
import busboy from 'busboy';
import { EVIDENCE_LIMITS, evidenceName, sanitiseFilename, typeLabel, type EvidencePolicy, type SniffRefusal } from '../domain/files';
import { Problem, isProblem } from '../domain/problems';
import { t } from '../i18n';
import { deleteEvidenceFiles, storeEvidence, type EvidenceMeta, type StoredFile } from '../model/evidence-store';

export interface UploadTarget {
  path: string;
  policy: EvidencePolicy;
}

export interface UploadedFile extends StoredFile {
  path: string;
  name: string;
}

export interface MultipartOptions {
  /** where a file field goes; null: not a file this request accepts (400.1) */
  target(fieldName: string, fields: URLSearchParams): UploadTarget | null;
  meta: Pick<EvidenceMeta, 'responseId' | 'organisationId' | 'uploadedBy'>;
  maxFiles?: number;
}

export interface MultipartResult {
  fields: URLSearchParams;
  files: UploadedFile[];
}

/** The message for each reason the store gives when it refuses a file's type (415.1). */
const REFUSAL_MESSAGES: Readonly<Record<SniffRefusal | 'not-accepted', string>> = {
  unknown: 'form.evidenceRefusedUnknown',
  'legacy-office': 'form.evidenceRefusedLegacyOffice',
  'office-macro': 'form.evidenceRefusedMacro',
  'zip-not-office': 'form.evidenceRefusedZip',
  'zip-content-types-late': 'form.evidenceRefusedLate',
  'zip-damaged': 'form.evidenceRefusedDamaged',
  'zip-unsupported': 'form.evidenceRefusedUnsupported',
  'zip-too-large': 'form.evidenceRefusedBomb',
  'not-accepted': 'form.evidenceRefusedNotAccepted',
};

/**
 * A type refusal with a message that says which file and why, and what to do about it
 * (same code 415.1, same details); any other error is returned unchanged.
 */
export function explainRefusal(err: Error, name: string): Error {
  if (!isProblem(err) || err.code !== 415.1) return err;
  const details = (err.details ?? {}) as { reason?: string; detected?: string; accepted?: string[] };
  const key = details.reason !== undefined && Object.prototype.hasOwnProperty.call(REFUSAL_MESSAGES, details.reason)
    ? REFUSAL_MESSAGES[details.reason as keyof typeof REFUSAL_MESSAGES] : undefined;
  if (!key) return err;
  const types = (details.accepted ?? []).map(typeLabel).join(', ') || '-';
  return new Problem(415.1, err.details, t(key, { name, detected: typeLabel(details.detected ?? ''), types }));
}

export function isMultipart(req: Request): boolean {
  return Boolean(req.is('multipart/form-data'));
}

export function readMultipart(req: Request, opts: MultipartOptions): Promise<MultipartResult> {
  return new Promise<MultipartResult>((resolve, reject) => {
    const maxFiles = opts.maxFiles ?? EVIDENCE_LIMITS.maxFilesPerRequest;
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: {
          fileSize: EVIDENCE_LIMITS.maxFileBytes + 1,
          files: maxFiles,
          fields: EVIDENCE_LIMITS.maxFields,
          fieldSize: EVIDENCE_LIMITS.maxFieldBytes,
          parts: EVIDENCE_LIMITS.maxFields + maxFiles,
        },
      });
    } catch {
      reject(new Problem(400.2));
      return;
    }
    const fields = new URLSearchParams();
    const files: UploadedFile[] = [];
    const pending: Promise<void>[] = [];
    let problem: Problem | Error | null = null;
    let finished = false;

    const fail = (err: Problem | Error) => {
      if (!problem) problem = err;
    };

    const finish = async () => {
      if (finished) return;
      finished = true;
      await Promise.allSettled(pending);
      if (problem) {
        await deleteEvidenceFiles(files.map((f) => f.fileId)).catch(() => undefined);
        reject(problem);
      } else resolve({ fields, files });
    };

    bb.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return fail(new Problem(413.1, { field: name.slice(0, 100) }));
      fields.append(name, value);
    });

    bb.on('file', (name, stream, info) => {
      // a file input left empty still sends a part with an empty file name
      if (problem || !info.filename) {
        stream.resume();
        return;
      }
      let target: UploadTarget | null;
      try {
        target = opts.target(name, fields);
      } catch (err) {
        target = null;
        fail(err as Error);
      }
      if (!target) {
        stream.resume();
        if (!problem) fail(new Problem(400.1, { field: name.slice(0, 200), reason: 'unknown evidence field' }));
        return;
      }
      const meta: EvidenceMeta = { ...opts.meta, path: target.path, originalName: sanitiseFilename(info.filename) };
      const path = target.path;
      pending.push(storeEvidence(stream, meta, target.policy).then(
        (stored) => { files.push({ ...stored, path, name: evidenceName(meta.originalName, stored.type) }); },
        (err: Error) => fail(explainRefusal(err, meta.originalName)),
      ));
    });

    bb.on('filesLimit', () => fail(new Problem(413.2, { maxFiles })));
    bb.on('fieldsLimit', () => fail(new Problem(413.1, { reason: 'too many fields' })));
    bb.on('partsLimit', () => fail(new Problem(413.1, { reason: 'too many parts' })));
    bb.on('error', (err: Error) => {
      fail(isProblem(err) ? err : new Problem(400.2));
      req.unpipe(bb);
      req.resume(); // read the rest so the client gets the answer
      req.once('end', () => void finish());
    });
    bb.on('close', () => void finish());
    req.pipe(bb);
  });
}
