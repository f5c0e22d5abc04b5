/**
 * The instruments shipped in forms/ are in the library from the first start: each valid file is
 * stored as a published, bundled version. Runs at every start and is idempotent. A stored
 * published version is never overwritten (checklist 38): if a file changed without a new version,
 * the stored one stays and the conflict is reported, so the file's author publishes a new version.
 */
import { loadBundledForms, type LoadedForm } from '../domain/forms';
import { Instrument } from '../model/instrument';
import { definitionHash } from '../model/query/instruments';
import { FORMS_DIR } from '../paths';

export interface BundledReport {
  inserted: string[];
  unchanged: string[];
  /** id@version stored with different content than the file */
  conflicts: string[];
  /** files that fail `forms:check` (not loaded) */
  failures: { file: string; problems: string[] }[];
}

async function storeOne(form: LoadedForm, report: BundledReport): Promise<void> {
  const definitionJson = JSON.stringify(form.definition);
  const hash = definitionHash(definitionJson);
  const existing = await Instrument.findOne({ formId: form.id, version: form.version }, { hash: 1, status: 1 }).lean();
  if (existing) {
    if (existing.hash === hash) report.unchanged.push(form.key);
    else report.conflicts.push(form.key);
    return;
  }
  try {
    await Instrument.create({
      formId: form.id, version: form.version, title: form.title, subjectType: form.subjectType ?? 'LKS',
      status: 'published', definitionJson, hash, bundled: true,
      uploadedBy: 'sistem', publishedAt: new Date(), publishedBy: 'sistem',
    });
    report.inserted.push(form.key);
  } catch (err) {
    // another process started at the same time and stored it first
    if ((err as { code?: number }).code === 11000) report.unchanged.push(form.key);
    else throw err;
  }
}

export async function ensureBundledInstruments(dir: string = FORMS_DIR): Promise<BundledReport> {
  const report: BundledReport = { inserted: [], unchanged: [], conflicts: [], failures: [] };
  const { forms, failures } = loadBundledForms(dir);
  for (const f of failures) report.failures.push({ file: f.file, problems: f.problems.map((p) => `${p.pointer || '/'} ${p.message}`) });
  for (const form of forms) await storeOne(form, report);
  return report;
}
