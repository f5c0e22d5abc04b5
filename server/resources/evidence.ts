/**
 * Evidence files (bukti dukung):
 *   POST /tanggapan/:id/bukti?_csrf=…   multipart upload (operator, in the fill window)
 *   GET  /bukti/:fileId                  download (anyone who may see the response)
 *   GET  /bukti/:fileId/pratinjau        the same file shown in the browser: inline only for PDF
 *                                        and images, an attachment for anything else
 *   POST /bukti/:fileId/hapus            detach and delete (operator, in the fill window)
 * A file is reachable only through a response in the user's scope (checklist 6): another
 * organisation's file id is a 404 with an `authz.denied` audit entry. Downloads are attachments
 * with `nosniff` and a safely encoded name (checklist 27); previews get the headers of
 * domain/files/delivery.ts. Both are audited (`evidence.download`, `inline` in the details).
 */
import type { Express, Request, Response } from 'express';
import { decodeFieldName } from '../render';
import { evidenceDelivery, evidencePolicy } from '../domain/files';
import type { LoadedForm } from '../domain/forms';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { deleteEvidenceFiles, evidenceFileInfo, openEvidenceDownload } from '../model/evidence-store';
import { findEvidence } from '../model/query/responses';
import { objectIdParam } from '../model/query/scoped';
import { isMultipart, readMultipart, type UploadTarget } from './evidence-multipart';
import { deviceTimeParam, loadFillContext, type FillContext } from './fill-context';
import { changeEvidence } from './fill-save';
import { questionAnchor } from './fill-views';

/**
 * Which question a file field belongs to: the renderer's `<field name>.~file` inputs, or a plain
 * `file` input after a `path` field. Only evidence questions of the form (and of `section`).
 */
export function evidenceTarget(form: LoadedForm, section?: string) {
  return (fieldName: string, fields: URLSearchParams): UploadTarget | null => {
    let path: string;
    if (fieldName === 'file') path = fields.get('path') ?? '';
    else {
      const { segments, markers } = decodeFieldName(fieldName);
      if (!markers.includes('~file')) return null;
      path = segments.join('.');
    }
    const q = form.questions.find((x) => x.path === path && x.kind === 'question' && x.evidence && !x.inRepeat && !x.evaluatorOnly);
    if (!q || (section !== undefined && q.section !== section)) return null;
    return { path, policy: evidencePolicy(q.evidence) };
  };
}

/** Where the operator goes back to after an evidence change: the question on its section page. */
export function questionUrl(responseId: string, path: string): string {
  const segments = path.split('.');
  return `/tanggapan/${responseId}/bagian/${encodeURIComponent(segments[0])}#${questionAnchor(path)}`;
}

/** Reads (and discards) the rest of a request body, so an early refusal still reaches the client. */
export function drain(req: Request): Promise<void> {
  if (req.readableEnded || req.complete) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('close', resolve);
    req.resume();
  });
}

function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

async function upload(req: Request, res: Response): Promise<void> {
  let ctx: FillContext;
  try {
    ctx = await loadFillContext(req, req.params.id, { projection: { answers: 0, review: 0 } });
    if (!isMultipart(req)) throw new Problem(415.1, { expected: 'multipart/form-data' });
    if (ctx.editRefusal) throw new Problem(ctx.editRefusal);
  } catch (err) {
    await drain(req);
    throw err;
  }
  const id = String(ctx.response._id);
  const { files, fields } = await readMultipart(req, {
    target: evidenceTarget(ctx.form),
    meta: { responseId: id, organisationId: String(ctx.response.organisationId), uploadedBy: req.user!.id },
  });
  if (files.length === 0) throw new Problem(400.1, { field: 'file' });
  let clientAt: Date | null;
  try {
    clientAt = deviceTimeParam(fields.get('clientAt')); // a file chosen offline: when, on the device
  } catch (err) {
    await deleteEvidenceFiles(files.map((f) => f.fileId)).catch(() => undefined);
    throw err;
  }
  const { rev } = await changeEvidence(req, () => loadFillContext(req, id), { newFiles: files, clientAt });
  if (wantsJson(req)) {
    res.status(201).json({ rev, files: files.map((f) => ({ id: String(f.fileId), path: f.path, name: f.name, type: f.type, size: f.size })) });
    return;
  }
  flash(req, 'ok', t('fill.evidence.uploaded', { count: files.length }));
  res.redirect(303, questionUrl(id, files[0].path));
}

async function sendEvidence(req: Request, res: Response, wantInline: boolean): Promise<void> {
  const { response, entry } = await findEvidence(req, req.params.fileId);
  const info = await evidenceFileInfo(entry.fileId);
  if (!info) throw new Problem(404.1);
  const delivery = evidenceDelivery({ name: entry.name, type: entry.type, length: info.length }, wantInline);
  // Who saw which document of which institution (evidence often holds personal data).
  await audit(req, {
    action: 'evidence.download', targetType: 'response', targetId: String(response._id), organisationId: String(response.organisationId),
    details: { path: entry.path, fileId: String(entry.fileId), name: entry.name, ...(delivery.inline ? { inline: true } : {}) },
  });
  res.status(200);
  for (const [name, value] of Object.entries(delivery.headers)) res.setHeader(name, value);
  const stream = openEvidenceDownload(entry.fileId);
  await new Promise<void>((resolve) => {
    stream.on('error', (err) => {
      req.log?.error({ err }, 'evidence download failed');
      res.destroy();
      resolve();
    });
    res.on('close', resolve);
    stream.pipe(res);
  });
}

async function remove(req: Request, res: Response): Promise<void> {
  const fileId = String(objectIdParam(req.params.fileId));
  const { response } = await findEvidence(req, fileId);
  const id = String(response._id);
  const { rev, removed } = await changeEvidence(req, () => loadFillContext(req, id), { removeFileId: fileId });
  if (wantsJson(req)) {
    res.json({ rev });
    return;
  }
  flash(req, 'ok', t('fill.evidence.removed'));
  res.redirect(303, questionUrl(id, removed?.path ?? ''));
}

export function evidenceRoutes(app: Express): void {
  endpoint(app, 'post', '/tanggapan/:id/bukti', 'response.fill', upload);
  endpoint(app, 'post', '/api/tanggapan/:id/bukti', 'response.fill', upload);
  endpoint(app, 'get', '/bukti/:fileId', 'response.view', (req, res) => sendEvidence(req, res, false));
  endpoint(app, 'get', '/bukti/:fileId/pratinjau', 'response.view', (req, res) => sendEvidence(req, res, true));
  endpoint(app, 'post', '/bukti/:fileId/hapus', 'response.fill', remove);
}
