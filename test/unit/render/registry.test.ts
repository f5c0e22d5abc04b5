/** The renderer registry: testers rank widgets, the highest wins; adding a widget = tester + partial. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planFor, registerPartialFile, registerRenderer, renderForm } from '../../../server/render';

describe('renderer registry', () => {
  test('built-in choice: few options → radio, many → select, x-widget can ask for another', () => {
    const few = { type: 'object', properties: { a: { enum: ['x', 'y'] } } };
    const many = { type: 'object', properties: { a: { enum: ['1', '2', '3', '4', '5', '6', '7'] } } };
    const asked = { type: 'object', properties: { a: { enum: ['x', 'y'], 'x-widget': 'select' } } };
    expect(planFor(few).children[0].widget).toBe('radio');
    expect(planFor(many).children[0].widget).toBe('select');
    expect(planFor(asked).children[0].widget).toBe('select');
    // an x-widget that cannot render the node is ignored
    expect(planFor({ type: 'object', properties: { a: { type: 'string', 'x-widget': 'scale' } } }).children[0].widget).toBe('text');
  });

  test('a new widget: one tester and one partial; it wins where it ranks highest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'widget-'));
    const file = path.join(dir, 'nik.hbs');
    fs.writeFileSync(file, '<div class="fm-field"><label for="{{id}}">{{label}}</label><input id="{{id}}" name="{{name}}" value="{{value}}" inputmode="numeric" data-widget="nik"></div>');
    registerPartialFile('nik', file);
    const form = { type: 'object', properties: { nik: { type: 'string', title: 'NIK', pattern: '^[0-9]{16}$' }, nama: { type: 'string' } } };
    const before = planFor(form);
    registerRenderer((f) => (f.schema.pattern === '^[0-9]{16}$' ? 20 : 0), 'nik');
    const after = planFor(form);
    expect(after).not.toBe(before); // cached plans are rebuilt after a registration
    expect(after.children.map((c) => c.widget)).toEqual(['nik', 'text']);
    const html = renderForm({ form, answers: { nik: '3601<b>' } });
    expect(html).toContain('<input id="f-nik" name="nik" value="3601&lt;b&gt;" inputmode="numeric" data-widget="nik">');
  });

  test('a tester that throws is skipped; bad widget names are refused', () => {
    registerRenderer(() => { throw new Error('rusak'); }, 'broken');
    expect(planFor({ type: 'object', properties: { a: { type: 'string' } } }).children[0].widget).toBe('text');
    expect(() => registerRenderer(() => 1, '../evil')).toThrow('invalid widget name');
  });

  test('plans are cached per schema object', () => {
    const form = { type: 'object', properties: { a: { type: 'string' } } };
    expect(planFor(form)).toBe(planFor(form));
    expect(planFor({ ...form })).not.toBe(planFor(form));
  });

  test('recursion is cut with a note, remote references fall back to a JSON field', () => {
    const form = {
      type: 'object',
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/node' } } } },
      properties: { tree: { $ref: '#/$defs/node' }, remote: { $ref: 'https://example.org/schema.json' } },
    };
    const html = renderForm({ form, answers: { tree: { name: 'a', child: { name: 'b', child: { name: 'c', child: { name: 'd' } } } } } });
    expect(html).toContain('Bagian ini bersarang terlalu dalam');
    expect(html).toContain('name="tree.child.name" value="b"');
    expect(html).toContain('merujuk ke skema lain yang tidak tersedia');
    expect(html).toMatch(/<textarea[^>]*name="tree\.child\.child"[^>]*>[\s\S]*&quot;d&quot;/);
  });
});
