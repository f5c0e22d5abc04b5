/**
 * Register import from CSV or XLSX: `/admin/lembaga/impor`. The upload is read with busboy under
 * hard limits (one file, size cap; CSRF token in the `?_csrf=` query because the body is parsed
 * here, after the CSRF check). The pure importer checks every row; rows that would duplicate the
 * register are refused too. Either every row is valid and all are inserted in one transaction,
 * or nothing is stored and the full report (line, column, problem) is shown with status 422.
 */
import busboy from 'busboy';
import type { Express, Request, Response } from 'express';
import mongoose from 'mongoose';
import { Problem, type ProblemCode } from '../domain/problems';
import { FIELDS } from '../domain/register/fields';
import { type ImportResult, type RowProblem, importRows, isBlankRow, refuse } from '../domain/register/import-rows';
import { detectSpreadsheet } from '../domain/register/import';
import { IMPORT_LIMITS } from '../domain/register/limits';
import { readCsv } from '../domain/register/csv-reader';
import { readXlsx } from '../domain/register/xlsx-reader';
import { toCsv } from '../domain/register/spreadsheet-safety';
import { audit, clean } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { findExistingConflicts, insertOrganisations } from '../model/query/organisations';

const wantsJson = (req: Request): boolean => req.accepts(['html', 'json']) === 'json';

interface Upload { bytes: Buffer; fileName: string }

/** Reads the one uploaded file, or throws 413.1 (too big), 413.2 (too many files), 415.1, 400.1. */
function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) return reject(new Problem(415.1));
    const declared = Number(req.get('content-length') ?? 0);
    if (declared > maxBytes + 64 * 1024) return reject(new Problem(413.1)); // refused before reading anything
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 5, parts: 8, fieldSize: 4096 } });
    } catch {
      return reject(new Problem(400.2));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let fileName = '';
    let failure: Problem | null = null;
    let seenFile = false;
    parser.on('file', (_field, stream, info) => {
      seenFile = true;
      fileName = clean(info.filename, 200) ?? '';
      stream.on('data', (chunk: Buffer) => { size += chunk.length; if (!failure) chunks.push(chunk); });
      stream.on('limit', () => { failure ??= new Problem(413.1); chunks.length = 0; });
    });
    parser.on('filesLimit', () => { failure ??= new Problem(413.2); });
    parser.on('partsLimit', () => { failure ??= new Problem(413.2); });
    parser.on('error', () => reject(failure ?? new Problem(400.2)));
    parser.on('close', () => {
      if (failure) return reject(failure);
      if (!seenFile || size === 0) return reject(new Problem(400.1, { fields: ['berkas'] }));
      resolve({ bytes: Buffer.concat(chunks, size), fileName });
    });
    req.on('close', () => { if (!req.complete) reject(new Problem(400.2)); }); // client gave up mid-upload
    req.pipe(parser);
  });
}

interface Checked { result: ImportResult; lines: number[]; kind: string }

/** The importer, keeping the line of every data row so register conflicts can name it. */
async function checkFile(bytes: Buffer, now: Date): Promise<Checked> {
  const limits = IMPORT_LIMITS;
  const kind = detectSpreadsheet(bytes);
  if (kind === 'xls') {
    return { kind, lines: [], result: refuse(415.1, [{ line: 0, column: '', problem: t('admin.import.xls') }], limits.maxProblems) };
  }
  const read = kind === 'xlsx' ? await readXlsx(bytes, limits) : readCsv(bytes, limits);
  if (!read.ok) return { kind, lines: [], result: read };
  const lines = read.rows.filter((r) => !isBlankRow(r.cells)).slice(1).map((r) => r.line);
  return { kind, lines, result: importRows(read.rows, { now, limits }) };
}

function renderPage(res: Response, status: number, locals: Record<string, unknown> = {}): void {
  res.status(status).render('admin/lembaga-import', {
    styles: ['admin.css'],
    title: t('admin.import.title'),
    maxMb: Math.round(IMPORT_LIMITS.maxBytes / 1024 / 1024),
    maxRows: IMPORT_LIMITS.maxRows,
    columns: FIELDS.map((f) => ({ header: f.header, required: f.required === true, requiredLks: f.required === 'lks', hint: f.hint })),
    ...locals,
  });
}

/** A refused import: 422 page with the report (HTML) or the problem with details (JSON). */
async function refuseImport(req: Request, res: Response, code: ProblemCode, problems: readonly RowProblem[], total: number, fileName: string): Promise<void> {
  await audit(req, { action: 'register.import_rejected', targetType: 'organisation', details: { fileName, code, problems: total } });
  const listed = problems.slice(0, IMPORT_LIMITS.maxProblems);
  if (wantsJson(req)) throw new Problem(code, { problems: listed, total, truncated: listed.length < total });
  renderPage(res, Math.floor(code), {
    message: new Problem(code).message, fileName, total, truncated: listed.length < total,
    report: listed.map((p) => ({ line: p.line > 0 ? p.line : '', column: p.column, problem: p.problem })),
  });
}

export function registerImportRoutes(app: Express): void {
  endpoint(app, 'get', '/admin/lembaga/impor', 'register.manage', (_req, res) => renderPage(res, 200));

  endpoint(app, 'get', '/admin/lembaga/impor/templat.csv', 'register.manage', (_req, res) => {
    res.setHeader('Content-Disposition', 'attachment; filename="templat-impor-lembaga.csv"');
    res.type('text/csv; charset=utf-8').send(toCsv([FIELDS.map((f) => f.header)], ';'));
  });

  endpoint(app, 'post', '/admin/lembaga/impor', 'register.manage', async (req, res) => {
    let upload: Upload;
    try {
      upload = await readUpload(req, IMPORT_LIMITS.maxBytes);
    } catch (err) {
      if (!(err instanceof Problem) || wantsJson(req)) throw err;
      res.setHeader('Connection', 'close'); // an unread remainder is not worth reading
      return renderPage(res, err.status, { message: err.message });
    }
    const { result, lines, kind } = await checkFile(upload.bytes, new Date());
    if (!result.ok) {
      const details = result.problem.details as { total?: number } | undefined;
      return refuseImport(req, res, result.problem.code as ProblemCode, result.problems, details?.total ?? result.problems.length, upload.fileName);
    }
    const conflicts = await findExistingConflicts(result.records);
    if (conflicts.length > 0) {
      const header = (key: string) => FIELDS.find((f) => f.key === key)?.header ?? key;
      const problems = conflicts.map((c) => ({
        line: lines[c.index] ?? 0, column: header(c.field),
        problem: t(c.field === 'npwp' ? 'admin.import.duplicateNpwp' : 'admin.import.duplicateName', { nama: c.existing.slice(0, 80) }),
      }));
      return refuseImport(req, res, 422.4, problems, problems.length, upload.fileName);
    }
    const ids = await mongoose.connection.transaction(async (session) => {
      const inserted = await insertOrganisations(result.records, session);
      await audit(req, { action: 'register.import', targetType: 'organisation', details: { fileName: upload.fileName, kind, rows: result.records.length, inserted: inserted.length } }, session);
      return inserted;
    });
    if (wantsJson(req)) return void res.status(201).json({ inserted: ids.length, ids });
    flash(req, 'ok', t('admin.import.done', { count: ids.length }));
    res.redirect(303, '/admin/lembaga');
  });
}
