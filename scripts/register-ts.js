// Lets `node -r ./scripts/register-ts.js file.ts` run TypeScript scripts (forms:check, db, bench,
// and the server in process tests) with the project's own compiler, transpile-only; type errors
// are caught by `npm run typecheck`.
//
// Transpiled output is cached on disk (node_modules/.cache/monev-ts), keyed by a hash of the
// source, the compiler version and this file, so a process spawned again (the process and
// browser tests start the server many times) does not transpile the whole server again.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const config = require('../tsconfig.json').compilerOptions;
// The compiler is loaded only on a cache miss (loading it costs about half a second).
const tsVersion = require('typescript/package.json').version;
let ts;

const CACHE_DIR = process.env.MONEV_TS_CACHE || path.join(__dirname, '..', 'node_modules', '.cache', 'monev-ts');
const SALT = `${tsVersion}\0${fs.readFileSync(__filename, 'utf8')}\0${JSON.stringify(config)}`;
function compilerOptions() {
  return { ...config, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: true, moduleResolution: undefined };
}

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(SALT).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not cached yet
  }
  ts ??= require('typescript');
  const out = ts.transpileModule(source, { fileName: filename, compilerOptions: compilerOptions() }).outputText;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Write then rename: concurrent processes never read a half-written file.
    const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, out);
    fs.renameSync(tmp, cached);
  } catch {
    // A read-only tree only loses the cache, not the script.
  }
  return out;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
