/**
 * The command lines other tools call: `npm run -s forms:export -- <definition.json> <out.xlsx>` and
 * `npm run -s forms:import -- <workbook.xlsx>` (definition JSON on stdout and exit 0, or the
 * problem list on stderr and exit 1).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { definitionJson, FORMS_DIR } from '../helpers';
import { table, xlsx } from './workbook';

const ROOT = path.resolve(__dirname, '../../../..');
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ['-r', './scripts/register-ts.js', `scripts/${script}.ts`, ...args], { cwd: ROOT, encoding: 'utf8' });

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monev-forms-cli-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('export then import gives the definition back on stdout, exit 0', () => {
  const out = path.join(dir, 'tksk.xlsx');
  const exported = run('forms-export', path.join(FORMS_DIR, 'tksk-kinerja-tahunan.json'), out);
  expect(exported.status).toBe(0);
  const imported = run('forms-import', out);
  expect(imported.stderr).toBe('');
  expect(imported.status).toBe(0);
  const def = JSON.parse(imported.stdout);
  expect(def['x-monev']).toEqual(definitionJson('tksk-kinerja-tahunan')['x-monev']);
});

test('a workbook with problems: one line per problem on stderr with where and what to write, exit 1', async () => {
  const file = path.join(dir, 'salah.xlsx');
  fs.writeFileSync(file, await xlsx({
    survey: table([{ type: 'begin_group', name: 'a', label: 'A' }, { type: 'calculate', name: 'jumlah', calculation: '1 + 1' }, { type: 'integer', name: 'b', label: 'B', relevant: '${c} = 1' }, { type: 'end_group' }]),
    settings: [['form_id', 'version', 'subject_type'], ['uji', '1', 'PSM']],
  }));
  const r = run('forms-import', file);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('survey baris 3 kolom type: Baris calculate (nilai hitungan) tidak didukung.');
  expect(r.stderr).toContain('→ Hapus baris ini. Monev menghitung nilai dari kolom points');
  expect(r.stderr).toContain('survey baris 4 kolom relevant: relevant tidak dapat dipakai: pertanyaan c tidak ada');
  expect(r.stderr).toContain('Impor ditolak: 2 masalah.');
});

test('a definition that fails the checks is not exported, exit 1; usage errors exit 2', () => {
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ ...definitionJson('tksk-kinerja-tahunan'), $id: 'urn:monev:form:lain:1' }));
  const r = run('forms-export', bad, path.join(dir, 'x.xlsx'));
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('$id harus');
  expect(fs.existsSync(path.join(dir, 'x.xlsx'))).toBe(false);
  expect(run('forms-import').status).toBe(2);
});
