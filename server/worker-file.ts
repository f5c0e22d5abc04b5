/**
 * How to start one of the app's worker threads from source or from the build: the worker's file
 * beside its caller (.js when built, .ts when run from source), and, from source (scripts,
 * process tests, jest), the TypeScript hook of scripts/ for the thread.
 */
import path from 'node:path';

export function workerFile(dir: string, callerFile: string, name = 'worker'): { file: string; execArgv: string[] | undefined } {
  const file = path.join(dir, `${name}${path.extname(callerFile)}`);
  const registerTs = path.join(__dirname, '..', 'scripts', 'register-ts.js');
  return { file, execArgv: file.endsWith('.ts') ? [...process.execArgv, '-r', registerTs] : undefined };
}
