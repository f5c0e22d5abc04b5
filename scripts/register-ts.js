// Lets `node -r ./scripts/register-ts.js file.ts` run TypeScript scripts (forms:check, db, bench)
// with the project's own compiler, transpile-only; type errors are caught by `npm run typecheck`.
'use strict';
const fs = require('fs');
const ts = require('typescript');
const config = require('../tsconfig.json').compilerOptions;

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const out = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { ...config, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false, inlineSourceMap: true, moduleResolution: undefined },
  });
  module._compile(out.outputText, filename);
};
