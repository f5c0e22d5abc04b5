/**
 * The renderer's own Handlebars instance: every partial in views/partials/form/ is registered
 * once, at first use, as `form/<file name>` (the same names the app's view engine gives them) and
 * compiled eagerly, so no render pays for compilation. Templates come only from those files;
 * nothing is ever compiled from data. No custom helpers: partials use `lookup` for the widget.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { VIEWS_DIR } from '../paths';

// found the same way from the sources and from dist/ (server/paths.ts)
export const PARTIALS_DIR = path.join(VIEWS_DIR, 'partials', 'form');

let hbs: typeof Handlebars | undefined;
let root: Handlebars.TemplateDelegate | undefined;

function load(): { hbs: typeof Handlebars; root: Handlebars.TemplateDelegate } {
  if (hbs && root) return { hbs, root };
  const instance = Handlebars.create();
  // data: false — no @-variables, so {{#each}} allocates no data frame per item (hot path)
  const compileOpts = { strict: false, preventIndent: true, knownHelpersOnly: true, data: false } as const;
  const templates: Handlebars.TemplateDelegate[] = [];
  for (const file of fs.readdirSync(PARTIALS_DIR).sort()) {
    if (!file.endsWith('.hbs')) continue;
    // a trailing newline would land inside tags when a partial prints attributes
    const source = fs.readFileSync(path.join(PARTIALS_DIR, file), 'utf8').replace(/\s+$/, '');
    const template = instance.compile(source, compileOpts);
    templates.push(template);
    instance.registerPartial(`form/${file.slice(0, -4)}`, template);
  }
  // Handlebars compiles lazily on the first call; do that now rather than in a user's request.
  for (const template of templates) {
    try {
      template({});
    } catch {
      // an empty context may not satisfy a partial; it is compiled all the same
    }
  }
  root = instance.partials['form/form'] as Handlebars.TemplateDelegate;
  hbs = instance;
  return { hbs, root };
}

export function renderRoot(data: object): string {
  return load().root(data);
}

/** Whether a partial exists for a widget (a registered widget without a partial is a bug). */
export function hasPartial(widget: string): boolean {
  return Object.prototype.hasOwnProperty.call(load().hbs.partials, `form/${widget}`);
}

/** Registers an extra partial for a custom widget from a file (never from data). */
export function registerPartialFile(widget: string, file: string): void {
  const { hbs: instance } = load();
  const source = fs.readFileSync(file, 'utf8').replace(/\s+$/, '');
  instance.registerPartial(`form/${widget}`, instance.compile(source, { strict: false, preventIndent: true, knownHelpersOnly: true, data: false }));
}
