/**
 * Static rules of the report views and assets: A4 portrait print CSS with mm/% widths and page
 * breaks, print documents without navigation, a data table for every chart, no inline script or
 * style (CSP), no triple-stash, charts without animation and resized before printing, and every
 * report message key defined.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hasMessage, t } from '../../../server/i18n';
import { BUCKETS } from '../../../server/domain/reports';
import { RESPONSE_STATES } from '../../../server/domain/workflow/state-machine';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');
const templates = fs.readdirSync(path.join(ROOT, 'views/reports')).filter((f) => f.endsWith('.hbs')).map((f) => [f, read(`views/reports/${f}`)] as const);
const css = read('views/assets/report.css');
const charts = read('views/assets/charts.js');

function printBlock(text: string): string {
  const start = text.indexOf('@media print');
  expect(start).toBeGreaterThanOrEqual(0);
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error('unclosed @media print');
}

describe('print CSS', () => {
  const block = printBlock(css);
  it('A4 portrait pages with margins in mm', () => {
    expect(block).toMatch(/@page\s*\{\s*size:\s*A4 portrait;\s*margin:[^;]*mm/);
  });
  it('a page break before each organisation after the first', () => {
    expect(block).toMatch(/\.page-break\s*\{\s*break-before:\s*page;\s*page-break-before:\s*always;/);
    expect(read('views/reports/cetak.hbs')).toContain('<section class="sheet{{#unless @first}} page-break{{/unless}}">');
  });
  it('widths in print are mm or % (or auto/none), never px', () => {
    const widths = [...block.matchAll(/(?:^|[\s;{])((?:max-|min-)?width|grid-template-columns):\s*([^;}]+)/g)].map((m) => m[2].replace('!important', '').trim());
    expect(widths.length).toBeGreaterThan(3);
    for (const w of widths) expect(w).toMatch(/^(?:(?:\d+(?:\.\d+)?(?:mm|%)|\d*fr|1fr|auto|none|repeat\(\d+, 1fr\))\s*)+$/);
    expect(block).not.toMatch(/\d+px/);
    expect(css).toMatch(/\.signature \{ width: 75mm; max-width: 100%;/);
    expect(css).toMatch(/\.print-doc main \{[^}]*max-width: 210mm;/);
  });
  it('every page is numbered "Halaman x dari y", in the catalogue\'s words (CSS cannot read the catalogue)', () => {
    const words = t('report.print.pageOfPages', { page: '\u0000', pages: '\u0001' }).split(/[\u0000\u0001]/);
    expect(words).toEqual(['Halaman ', ' dari ', '']);
    expect(block).toMatch(/@bottom-right\s*\{\s*content:\s*"Halaman " counter\(page\) " dari " counter\(pages\);/);
  });
  it('navigation and screen-only controls are hidden when printing', () => {
    expect(block).toMatch(/\.site-header,[^{]*\.no-print[^{]*\{\s*display:\s*none !important;/);
  });
});

describe('report templates', () => {
  it('print documents carry the letterhead, print date and signature, and no navigation', () => {
    const doc = read('views/reports/cetak.hbs');
    for (const key of ['report.kop.government', 'report.kop.office', 'report.kop.address', 'report.sign.role', 'report.sign.name', 'report.sign.nip']) expect(doc).toContain(`{{t "${key}"}}`);
    expect(doc).toContain('{{../printedAt}}');
    expect(doc).not.toMatch(/<nav[\s>]/);
    expect(doc).not.toContain('site-header');
  });
  it.each(templates)('%s: every chart has a data table; no inline script, style attribute or triple-stash', (_name, text) => {
    expect((text.match(/<figure class="chart"/g) ?? []).length).toBe((text.match(/<table class="chart-data">/g) ?? []).length);
    expect(text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(text).not.toMatch(/\sstyle=/);
    expect(text).not.toContain('{{{');
    expect(text).not.toMatch(/\son[a-z]+=/i);
  });
  it('tables in screen views sit in a scrolling wrapper (usable at 360 px)', () => {
    for (const [name, text] of templates) {
      if (name === 'cetak.hbs') continue;
      const tables = (text.match(/<table[\s>]/g) ?? []).length;
      const wrapped = (text.match(/<div class="table-scroll">\s*<table[\s>]/g) ?? []).length;
      expect([name, wrapped]).toEqual([name, tables]);
    }
  });
});

describe('charts.js', () => {
  it('draws without animation, resizes before printing, reads the tables, loads nothing from elsewhere', () => {
    expect(charts).toContain('animation: false');
    expect(charts).toContain("'beforeprint'");
    expect(charts).toContain('table.chart-data');
    expect(charts).toContain("setAttribute('aria-hidden', 'true')");
    expect(charts).not.toMatch(/https?:\/\//);
    expect(charts).not.toContain('innerHTML');
  });
});

describe('report messages', () => {
  const sources = [
    ...templates.map(([, t]) => t),
    ...['server/resources', 'server/domain/reports'].flatMap((dir) => fs.readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.ts') && (dir.endsWith('reports') || f.startsWith('reports'))).map((f) => read(`${dir}/${f}`))),
  ].join('\n');
  it('every literal report.* key used exists', () => {
    const keys = new Set([...sources.matchAll(/['"](report\.[A-Za-z0-9_.]+)['"]/g)].map((m) => m[1]));
    expect(keys.size).toBeGreaterThan(100);
    // report.css (an asset), report.view / report.export / report.print (a permission, audit actions) are not messages
    const notMessages = new Set(['report.css', 'report.view', 'report.export', 'report.print']);
    expect([...keys].filter((k) => !hasMessage(k) && !k.endsWith('.') && !notMessages.has(k))).toEqual([]);
  });
  it('every key built from a value exists for every value', () => {
    const built = [
      ...RESPONSE_STATES.map((s) => `report.state.${s}`), ...BUCKETS.map((b) => `report.bucket.${b}`),
      'report.basis.verified', 'report.basis.self', ...['LKS', 'KARANG_TARUNA', 'TKSK', 'PSM', 'other'].map((s) => `report.subject.${s}`),
      ...['notApplicable', 'pending', 'unanswered'].map((s) => `report.card.status.${s}`),
      ...['verified', 'all'].flatMap((b) => [`report.basis.tag.${b}`, `report.basis.choice.${b}`, `report.basis.scores.${b}`, `report.dash.fig.average.${b}`]),
      ...['up', 'down', 'same'].map((d) => `report.narrative.change.${d}`),
    ];
    expect(built.filter((k) => !hasMessage(k))).toEqual([]);
  });
});
