/**
 * npm run forms:check — validates every questionnaire definition in forms/ (and the demo's own
 * versions in forms/demo/) with exactly the checks the admin upload uses (checkDefinition):
 * meta-schema, safety rules, references, scoring, weights, strict Ajv compilation. Prints
 * `file#pointer: message` per problem; exit code 1 on any problem. A folder argument checks only it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkFiles } from '../server/domain/forms';

function main(): number {
  const forms = path.join(__dirname, '..', 'forms');
  const dir = path.resolve(process.argv[2] ?? forms);
  const demo = path.join(forms, 'demo');
  const results = [...checkFiles(dir), ...(process.argv[2] === undefined && fs.existsSync(demo) ? checkFiles(demo) : [])];
  let problems = 0;
  for (const r of results) {
    const name = path.relative(process.cwd(), r.file);
    if (r.ok && r.form) {
      const scored = r.form.questions.filter((q) => q.scoreMax !== null).length;
      const asked = r.form.questions.filter((q) => q.kind === 'question' || q.kind === 'repeat').length;
      console.log(`ok   ${name}  ${r.form.key}  ${asked} pertanyaan, ${scored} dinilai, ${r.form.sections.length} bagian`);
      continue;
    }
    console.log(`GAGAL ${name}  (${r.problems.length} masalah)`);
    for (const p of r.problems) console.log(`  ${name}#${p.pointer}: ${p.message} [${p.code}]`);
    problems += r.problems.length;
  }
  if (results.length === 0) {
    console.log(`Tidak ada definisi di ${dir}`);
    return 1;
  }
  return problems > 0 ? 1 : 0;
}

process.exitCode = main();
