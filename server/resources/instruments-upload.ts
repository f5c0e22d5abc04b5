/**
 * Reading an uploaded questionnaire definition: one file from a multipart form (field
 * `definisi`: JSON, or an XLSForm-style .xlsx workbook), or a JSON request body. Read into memory
 * only up to the larger of the two limits (+1 byte to know it was exceeded): 512 KB for JSON, which
 * the engine's `checkDefinition` reports exactly as `npm run forms:check` would (checklist 21),
 * and 2 MB for a workbook, which the guarded workbook reader reports (checklist 28).
 */
import type { Request } from 'express';
import busboy from 'busboy';
import { DEFINITION_LIMITS } from '../domain/forms';
import { WORKBOOK_LIMITS } from '../domain/forms/xlsform';
import { Problem } from '../domain/problems';

export interface UploadedDefinition {
  /** raw bytes (a multipart file) or the parsed JSON body */
  input: Buffer | unknown;
  fileName: string | null;
}

export function readDefinitionUpload(req: Request): Promise<UploadedDefinition> {
  if (req.is('application/json')) return Promise.resolve({ input: req.body, fileName: null });
  if (!req.is('multipart/form-data')) return Promise.reject(new Problem(415.1, { expected: 'multipart/form-data' }));
  const limit = Math.max(DEFINITION_LIMITS.maxBytes, WORKBOOK_LIMITS.maxBytes) + 1;
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: limit, fields: 10, fieldSize: 1024 } });
    } catch {
      reject(new Problem(400.2));
      return;
    }
    let result: UploadedDefinition | null = null;
    let problem: Problem | null = null;
    bb.on('file', (name, stream, info) => {
      if (name !== 'definisi' || result || !info.filename) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        if (size < limit) chunks.push(c);
        size += c.length;
      });
      stream.on('end', () => { result = { input: Buffer.concat(chunks).subarray(0, limit), fileName: info.filename ?? null }; });
    });
    bb.on('filesLimit', () => { problem = new Problem(413.2); });
    bb.on('error', () => {
      problem = new Problem(400.2);
      req.unpipe(bb);
      req.resume();
      req.once('end', () => reject(problem));
    });
    bb.on('close', () => {
      if (problem) reject(problem);
      else if (!result) reject(new Problem(400.1, { field: 'definisi' }));
      else resolve(result);
    });
    req.pipe(bb);
  });
}
