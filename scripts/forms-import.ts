/**
 * npm run -s forms:import -- <workbook.xlsx>
 * Reads an XLSForm-style questionnaire workbook (forms/FORMAT.md §9) with the same checks as the
 * admin upload. Success: the definition JSON on stdout, exit 0 (notes about ignored columns on
 * stderr). Otherwise: one problem per line on stderr — where (sheet, row, column), what is wrong,
 * what to write instead — and exit 1. Usage errors exit 2.
 */
import fs from 'node:fs';
import { importWorkbook, readWorkbook, whereOf } from '../server/domain/forms/xlsform';
import { t } from '../server/i18n';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write('pemakaian: npm run -s forms:import -- <workbook.xlsx>\n');
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    process.stderr.write(`${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const read = await readWorkbook(bytes);
  if (!read.ok) {
    process.stderr.write(`${file}: ${read.problem.message} ${read.problem.fix}\n`);
    return 1;
  }
  const result = importWorkbook(read.sheets);
  for (const n of result.notes) process.stderr.write(`${t('xlsform.cli.note')} ${whereOf(n)}: ${n.message}\n`);
  if (!result.ok || !result.form) {
    for (const p of result.problems) process.stderr.write(`${whereOf(p)}: ${p.message}\n    → ${p.fix}\n`);
    process.stderr.write(`${t('xlsform.cli.failed', { count: result.problems.length })}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(result.form.definition, null, 2)}\n`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`${(e as Error).stack ?? e}\n`); process.exitCode = 1; });
