/**
 * npm run -s forms:export -- <definition.json> <out.xlsx>
 * Writes any questionnaire definition (forms/FORMAT.md) as an XLSForm-style workbook that
 * forms:import (and the admin upload) read back to an equivalent definition. A definition that
 * does not pass the checks, or uses something a workbook cannot say, is refused: the reasons on
 * stderr, exit 1, no file written. Usage errors exit 2.
 */
import fs from 'node:fs';
import { exportWorkbook, writeWorkbook } from '../server/domain/forms/xlsform';
import { t } from '../server/i18n';

async function main(): Promise<number> {
  const [input, output] = process.argv.slice(2);
  if (!input || !output || process.argv.length > 4) {
    process.stderr.write('pemakaian: npm run -s forms:export -- <definition.json> <out.xlsx>\n');
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(input, 'utf8');
  } catch (e) {
    process.stderr.write(`${input}: ${(e as Error).message}\n`);
    return 2;
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (e) {
    process.stderr.write(`${input}: ${t('xlsform.cli.notJson')} ${(e as Error).message}\n`);
    return 1;
  }
  const result = exportWorkbook(definition);
  if (!result.ok) {
    process.stderr.write(`${t('xlsform.export.failed')}\n`);
    for (const p of result.problems) process.stderr.write(`  ${p}\n`);
    return 1;
  }
  fs.writeFileSync(output, await writeWorkbook(result.sheets));
  process.stderr.write(`${t('xlsform.cli.written', { file: output, key: result.form.key })}\n`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`${(e as Error).stack ?? e}\n`); process.exitCode = 1; });
