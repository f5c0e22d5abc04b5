/**
 * App settings (admin, 'settings.manage') and the letterhead emblem:
 *   GET  /admin/pengaturan                 the settings page: the emblem in use, upload and reset
 *   POST /admin/pengaturan/lambang         upload an emblem (multipart field `lambang`; PNG, JPEG or WebP ≤ 512 KB)
 *   POST /admin/pengaturan/lambang/hapus   back to the neutral placeholder
 *   GET  /lambang                          the emblem for print pages (any signed-in user)
 * The repository holds no emblem: until an admin uploads one, print pages show a neutral
 * placeholder (views/assets/lambang-placeholder.svg, our own drawing). An upload is recognised
 * from its bytes, never its name or declared type (SVG and anything else is refused), stored in
 * the `settings` collection, audited, and served with its detected type, `nosniff`, a sandboxing
 * CSP and an inline disposition, so it can only ever be shown as an image.
 */
import { createHash } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import busboy from 'busboy';
import { checkEmblem, EMBLEM_MAX_BYTES, EMBLEM_TYPES, type EmblemType, extensionFor, sanitiseFilename, typeLabel } from '../domain/files';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { SiteSetting } from '../model/site-setting';

const PAGE = '/admin/pengaturan';
const EMBLEM_ID = 'emblem';

const PLACEHOLDER = '/assets/lambang-placeholder.svg';

/**
 * What print pages put in their letterhead: the uploaded emblem (one version: its URL changes
 * with its content), or null for the placeholder (templates link the asset with its hash).
 */
export async function emblemForPrint(): Promise<{ src: string | null; alt: string }> {
  const doc = await SiteSetting.findById(EMBLEM_ID, { sha256: 1 }).lean();
  return doc?.sha256 ? { src: `/lambang?v=${doc.sha256.slice(0, 16)}`, alt: t('settings.emblem.alt') } : { src: null, alt: '' };
}

/** The one file of a multipart upload in field `field`, up to `max` bytes (413.1 beyond). */
function readOneFile(req: Request, field: string, max: number): Promise<{ bytes: Buffer; name: string }> {
  if (!req.is('multipart/form-data')) return Promise.reject(new Problem(415.1, { expected: 'multipart/form-data' }));
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: max + 1, fields: 5, fieldSize: 1024 } });
    } catch {
      reject(new Problem(400.2));
      return;
    }
    let file: { bytes: Buffer; name: string } | null = null;
    let tooLarge = false;
    bb.on('file', (name, stream, info) => {
      if (name !== field || file || !info.filename) return void stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => { tooLarge = true; });
      stream.on('end', () => { file = { bytes: Buffer.concat(chunks), name: info.filename ?? '' }; });
    });
    bb.on('error', () => reject(new Problem(400.2)));
    bb.on('close', () => {
      if (tooLarge) reject(new Problem(413.1, { maxBytes: max }));
      else if (!file) reject(new Problem(400.1, { field }));
      else resolve(file);
    });
    req.pipe(bb);
  });
}

async function page(req: Request, res: Response, status = 200, error: string | null = null): Promise<void> {
  const doc = await SiteSetting.findById(EMBLEM_ID, { data: 0 }).lean();
  res.status(status).render('admin/pengaturan', {
    title: t('settings.title'),
    emblem: {
      src: doc?.sha256 ? `/lambang?v=${doc.sha256.slice(0, 16)}` : null,
      name: doc?.originalName ?? null,
      typeLabel: doc?.contentType ? typeLabel(doc.contentType) : null,
      sizeKb: typeof doc?.size === 'number' ? Math.max(1, Math.round(doc.size / 1024)) : null,
    },
    maxKb: EMBLEM_MAX_BYTES / 1024,
    accept: EMBLEM_TYPES.join(','),
    error,
  });
}

async function uploadEmblem(req: Request, res: Response): Promise<void> {
  let file: { bytes: Buffer; name: string };
  try {
    file = await readOneFile(req, 'lambang', EMBLEM_MAX_BYTES);
  } catch (err) {
    if (err instanceof Problem && (err.code === 413.1 || err.code === 400.1)) {
      return page(req, res, err.code === 413.1 ? 413 : 400, t(err.code === 413.1 ? 'settings.emblem.tooLarge' : 'settings.emblem.missing', { max: EMBLEM_MAX_BYTES / 1024 }));
    }
    throw err;
  }
  const check = checkEmblem(file.bytes);
  if (!check.ok) {
    return page(req, res, check.reason === 'too-large' ? 413 : 415, t(`settings.emblem.${check.reason === 'too-large' ? 'tooLarge' : check.reason === 'empty' ? 'missing' : 'wrongType'}`, { max: EMBLEM_MAX_BYTES / 1024 }));
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const name = sanitiseFilename(file.name) || `lambang.${extensionFor(check.type)}`;
  await SiteSetting.updateOne(
    { _id: EMBLEM_ID },
    { $set: { data: file.bytes, contentType: check.type, size: file.bytes.length, sha256, originalName: name, updatedAt: new Date(), updatedBy: req.user!.id } },
    { upsert: true },
  );
  await audit(req, { action: 'settings.emblem', targetType: 'settings', targetId: EMBLEM_ID, details: { change: 'upload', name, type: check.type, size: file.bytes.length, sha256 } });
  flash(req, 'ok', t('settings.emblem.saved'));
  res.redirect(303, PAGE);
}

async function resetEmblem(req: Request, res: Response): Promise<void> {
  const removed = await SiteSetting.deleteOne({ _id: EMBLEM_ID });
  if (removed.deletedCount > 0) await audit(req, { action: 'settings.emblem', targetType: 'settings', targetId: EMBLEM_ID, details: { change: 'reset' } });
  flash(req, 'ok', t('settings.emblem.resetDone'));
  res.redirect(303, PAGE);
}

async function serveEmblem(req: Request, res: Response): Promise<void> {
  const doc = await SiteSetting.findById(EMBLEM_ID).lean();
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (!doc?.data || !doc.contentType || !(EMBLEM_TYPES as readonly string[]).includes(doc.contentType)) {
    res.setHeader('Cache-Control', 'no-cache');
    return res.redirect(302, PLACEHOLDER);
  }
  const versioned = typeof req.query.v === 'string' && doc.sha256?.startsWith(req.query.v) === true;
  res.setHeader('Content-Type', doc.contentType);
  res.setHeader('Content-Disposition', `inline; filename="lambang.${extensionFor(doc.contentType as EmblemType)}"`);
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', versioned ? 'private, max-age=31536000, immutable' : 'private, no-cache');
  res.setHeader('ETag', `"${doc.sha256 ?? ''}"`);
  res.end(Buffer.from(doc.data.buffer ?? doc.data));
}

export function settingsRoutes(app: Express): void {
  endpoint(app, 'get', PAGE, 'settings.manage', (req, res) => page(req, res));
  endpoint(app, 'post', `${PAGE}/lambang`, 'settings.manage', uploadEmblem);
  endpoint(app, 'post', `${PAGE}/lambang/hapus`, 'settings.manage', resetEmblem);
  endpoint(app, 'get', '/lambang', 'authenticated', serveEmblem);
}
