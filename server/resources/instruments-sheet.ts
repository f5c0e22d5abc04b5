/**
 * Questionnaire workbooks at the instrument library (forms/FORMAT.md §9):
 *   POST /admin/instrumen (an .xlsx in `definisi`)         import: the problem list (sheet, row, column,
 *                                                          what is wrong, what to write) or a draft and its preview
 *   GET  /admin/instrumen/:formId/:version/spreadsheet.xlsx  any version as a workbook (audited export)
 * The workbook goes through the zip-bomb guard before exceljs (checklist 28); the definition it
 * gives through checkDefinition, exactly as a JSON upload.
 */
import type { Express, Request, Response } from 'express';
import { exportForm, importWorkbook, readWorkbook, writeWorkbook, type SheetProblem } from '../domain/forms/xlsform';
import { Problem } from '../domain/problems';
import { audit } from '../http/audit';
import { flash } from '../http/current-user';
import { endpoint } from '../http/endpoint';
import { t } from '../i18n';
import { instrumentKey, loadStoredForm, saveDraftDefinition } from '../model/query/instruments';
import { BASE, detailPage, hrefOf, listPage, publishedVersionProblem, wantsJson } from './instruments-pages';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** An .xlsx by name or by content (a zip); anything else is read as JSON. */
export function isWorkbookUpload(input: unknown, fileName: string | null): boolean {
  return Buffer.isBuffer(input) && (input.subarray(0, 4).equals(ZIP_MAGIC) || /\.xlsx$/i.test(fileName ?? ''));
}

function problemRows(problems: readonly SheetProblem[]) {
  return problems.map((p) => ({ sheet: p.sheet, row: p.row ?? '–', column: p.column ?? '–', message: p.message, fix: p.fix }));
}

export async function uploadWorkbook(req: Request, res: Response, bytes: Buffer, fileName: string | null): Promise<void> {
  const read = await readWorkbook(bytes);
  const result = read.ok ? importWorkbook(read.sheets) : { ok: false as const, problems: [read.problem], notes: [], form: undefined };
  if (!result.ok || !result.form) {
    const status = read.ok ? 422 : read.status;
    if (wantsJson(req)) throw new Problem(read.ok ? 422.1 : read.code, { problems: result.problems });
    return listPage(req, res, status, { sheetProblems: problemRows(result.problems), sheetNotes: result.notes, fileName });
  }
  const form = result.form;
  const published = await publishedVersionProblem(form.id, form.version, 'fix');
  if (published) {
    const at = result.versionAt ?? { sheet: 'settings', row: null, column: 'version' };
    const problems: SheetProblem[] = [{ ...at, ...published }];
    if (wantsJson(req)) throw new Problem(409.5, { formId: form.id, version: form.version, problems });
    return listPage(req, res, 409, { sheetProblems: problemRows(problems), sheetNotes: result.notes, fileName });
  }
  const outcome = await saveDraftDefinition(form, req.user!.id, result.notes); // 409.5 if that version is published
  await audit(req, { action: 'instrument.upload', targetType: 'instrument', targetId: form.key, details: { formId: form.id, version: form.version, outcome, hash: form.hash, source: 'xlsx' } });
  const href = hrefOf(form.id, form.version);
  if (wantsJson(req)) {
    res.status(outcome === 'created' ? 201 : 200).json({ formId: form.id, version: form.version, status: 'draft', outcome, href, notes: result.notes });
    return;
  }
  flash(req, 'ok', t('xlsform.upload.ok', { key: form.key, notes: result.notes.length }));
  res.redirect(303, `${href}/pratinjau`);
}

async function download(req: Request, res: Response): Promise<void> {
  const { formId, version } = instrumentKey(req.params.formId, req.params.version);
  const { form } = await loadStoredForm(formId, version);
  const out = exportForm(form);
  if (!out.ok) return detailPage(req, res, 422, { exportProblems: out.problems });
  const bytes = await writeWorkbook(out.sheets);
  await audit(req, { action: 'instrument.export', targetType: 'instrument', targetId: form.key, details: { formId, version, format: 'xlsx' } });
  res.setHeader('Content-Disposition', `attachment; filename="${formId}-${version}.xlsx"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(bytes);
}

export function sheetRoutes(app: Express): void {
  endpoint(app, 'get', `${BASE}/:formId/:version/spreadsheet.xlsx`, 'instrument.publish', download);
}
