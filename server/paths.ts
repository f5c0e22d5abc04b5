/** Folders of the project, found the same way from source (ts) and from the build (dist/). */
import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'views'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Monev project root not found above ${start}`);
    dir = parent;
  }
}

export const ROOT = findRoot(__dirname);
export const VIEWS_DIR = path.join(ROOT, 'views');
export const ASSETS_DIR = path.join(VIEWS_DIR, 'assets');
export const FORMS_DIR = path.join(ROOT, 'forms');
