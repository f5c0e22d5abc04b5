/**
 * A small Handlebars adapter for express (express-handlebars 8+ needs Node 22): one Handlebars
 * instance, layouts from views/layouts, partials from views/partials (named by relative path),
 * helpers for the message catalogue and fingerprinted assets. Templates come only from files in
 * views/, never from data; a layout name is taken only from the fixed set on disk.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { t } from '../i18n';

type Template = Handlebars.TemplateDelegate;

function listFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, ext);
    return entry.name.endsWith(ext) ? [full] : [];
  });
}

export interface ViewEngine {
  hbs: typeof Handlebars;
  /** express `app.engine` callback */
  engine: (filePath: string, options: object, callback: (err: Error | null, html?: string) => void) => void;
  assetUrl(name: string): string;
}

export function createViewEngine(viewsDir: string, opts: { cache: boolean }): ViewEngine {
  const hbs = Handlebars.create();
  const templates = new Map<string, Template>();
  const assetsDir = path.join(viewsDir, 'assets');
  const assetHashes = new Map<string, string>();

  function compileFile(file: string): Template {
    const cached = opts.cache ? templates.get(file) : undefined;
    if (cached) return cached;
    const template = hbs.compile(fs.readFileSync(file, 'utf8'), { strict: false, knownHelpersOnly: false });
    templates.set(file, template);
    return template;
  }

  function assetUrl(name: string): string {
    let hash = opts.cache ? assetHashes.get(name) : undefined;
    if (!hash) {
      const file = path.join(assetsDir, name);
      if (!file.startsWith(assetsDir + path.sep)) {
        throw new Error(`asset outside the assets folder: ${name}`);
      }
      hash = fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12) : 'missing';
      assetHashes.set(name, hash);
    }
    return `/assets/${name}?v=${hash}`;
  }

  const partialsDir = path.join(viewsDir, 'partials');
  for (const file of listFiles(partialsDir, '.hbs')) {
    const name = path.relative(partialsDir, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
    hbs.registerPartial(name, fs.readFileSync(file, 'utf8'));
  }

  // {{t "key" name=value}}: a catalogue message; the result is escaped like any other value.
  hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => t(String(key), options.hash));
  // {{asset "app.css"}}: URL with a content hash, so assets can be cached for a year.
  // The URL is built from a file name in views/assets and a hex hash, never from user data.
  hbs.registerHelper('asset', (name: string) => new hbs.SafeString(hbs.escapeExpression(assetUrl(String(name))).replace(/&#x3D;/g, '=')));
  // {{#if (eq a b)}}
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);

  const layoutsDir = path.join(viewsDir, 'layouts');
  const layouts = new Set(listFiles(layoutsDir, '.hbs').map((f) => path.basename(f, '.hbs')));

  function engine(filePath: string, options: object, callback: (err: Error | null, html?: string) => void): void {
    try {
      const locals = options as Record<string, unknown>;
      const body = compileFile(filePath)(locals);
      const layoutName = locals.layout === undefined ? 'main' : locals.layout;
      if (layoutName === false) return callback(null, body);
      if (typeof layoutName !== 'string' || !layouts.has(layoutName)) throw new Error('unknown layout');
      // SafeString: the body is already-rendered, escaped HTML, so the layout prints it with {{body}}.
      const html = compileFile(path.join(layoutsDir, `${layoutName}.hbs`))({ ...locals, body: new hbs.SafeString(body) });
      callback(null, html);
    } catch (err) {
      callback(err as Error);
    }
  }

  return { hbs, engine, assetUrl };
}
