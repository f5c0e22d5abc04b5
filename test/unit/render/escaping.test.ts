/**
 * SECURITY-CHECKLIST 18-19: answer text, definition text, error messages and file names render
 * inert in every mode; templates come only from files (no template is compiled from data).
 */
import fs from 'node:fs';
import path from 'node:path';
import { renderForm } from '../../../server/render';
import { attrs, formFields, postBody } from './html';
import { parseFormPost } from '../../../server/render';
import { sampleAnswers, sampleSchema } from './sample';

const PAYLOADS = ['<script>alert(1)</script>', '{{constructor}}', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", '{{#each this}}x{{/each}}', '</textarea><script>alert(2)</script>', '`${alert(3)}`'];

function assertInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  for (const tag of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
    const names = Object.keys(attrs(tag[0]));
    expect(names.filter((n) => /^on/i.test(n) || n.includes('"') || n.includes("'"))).toEqual([]); // no handler, no broken-out attribute
  }
  expect(html).not.toContain('[object Object]');
  expect(html).not.toMatch(/function Object\(\)/);
}

describe('escaping: hostile answers render inert in every mode', () => {
  const schema = sampleSchema();
  test.each(PAYLOADS)('answer text %s', (payload) => {
    const answers = sampleAnswers() as { profil: Record<string, unknown>; manajemen: Record<string, unknown> };
    answers.profil.namaLembaga = payload;
    answers.profil.catatan = payload;
    answers.profil.kapasitas = payload; // wrong type: shown back in the number field
    answers.profil.sasaranPmks = [payload];
    answers.profil.penerima = [{ kelompok: payload }];
    answers.manajemen.konfirmasiMasyarakat = payload;
    for (const mode of ['edit', 'review', 'readonly'] as const) {
      const html = renderForm({ form: schema, answers, mode, role: 'evaluator', errors: [{ path: 'profil.namaLembaga', message: payload }] });
      assertInert(html);
    }
    // and the escaped text still posts back as exactly the same text
    const html = renderForm({ form: schema, answers });
    const back = parseFormPost(schema, postBody(formFields(html))) as typeof answers;
    expect(back.profil.namaLembaga).toBe(payload.trim());
    expect(back.profil.catatan).toBe(payload.trim());
  });

  test('hostile definition text (titles, hints, option labels, keys) and file names are escaped', () => {
    const p = PAYLOADS[2];
    const form = {
      type: 'object',
      title: p,
      properties: {
        [p]: { type: 'string', title: p, description: p, 'x-hint': p, 'x-placeholder': p },
        pilih: { title: p, oneOf: [{ const: p, title: p, description: p }, { const: 'b', title: PAYLOADS[0] }] },
        banyak: { type: 'array', uniqueItems: true, title: p, items: { enum: [p, PAYLOADS[0]] } },
        baris: { type: 'array', title: p, items: { type: 'object', title: p, properties: { x: { type: 'string', title: p } } } },
        bukti: { type: 'integer', enum: [0, 1, 2, 3, 4], title: p, 'x-evidence': { min: 1, max: 2, types: [p], maxBytes: 10 }, 'x-visibleIf': { properties: { a: { const: p } } } },
        alt: { oneOf: [{ title: p, type: 'object', properties: { q: { type: 'string', title: p } } }, { title: 'B', type: 'object', properties: { r: { type: 'string' } } }] },
      },
    };
    const answers = { [p]: p, pilih: p, banyak: [p], baris: [{ x: p }], bukti: 2, alt: { q: p } };
    const evidence = { bukti: [{ id: p, name: p, size: 5 }] };
    for (const mode of ['edit', 'review', 'readonly'] as const) {
      assertInert(renderForm({ form, answers, mode, role: 'evaluator', evidence, evidenceUrl: '/bukti/{id}' }));
    }
    const edit = renderForm({ form, answers, evidence, evidenceUrl: '/bukti/{id}' });
    expect(edit).toContain('href="/bukti/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"');
    expect(edit).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  test('"{{constructor}}" in an answer is printed as text, not evaluated', () => {
    const html = renderForm({ form: { type: 'object', properties: { a: { type: 'string' } } }, answers: { a: '{{constructor}} {{@root}}' }, mode: 'readonly' });
    expect(html).toContain('{{constructor}} {{@root}}');
  });

  test('no partial uses triple-stash output, and the renderer never compiles a template from data', () => {
    const dir = path.join(__dirname, '..', '..', '..', 'views', 'partials', 'form');
    for (const f of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, f), 'utf8')).not.toMatch(/\{\{\{|\{\{&/);
    const srcDir = path.join(__dirname, '..', '..', '..', 'server', 'render');
    const compileCalls = fs.readdirSync(srcDir).flatMap((f) => [...fs.readFileSync(path.join(srcDir, f), 'utf8').matchAll(/\.compile\(([^,)]*)/g)].map((m) => `${f}: ${m[1]}`));
    expect(compileCalls).toEqual(['templates.ts: source', 'templates.ts: source']); // both read from files in views/partials/form
  });
});
