/**
 * The third-party corpora the conformance suite (`npm run test:conformance`) runs against: the
 * MongoDB unified-format driver tests and the foreign-form schemas. They are not part of the
 * repository; the folder comes from MONEV_CONFORMANCE_DIR, by default `../shared/conformance`
 * beside the checkout (where the team's machines and CI have it). A missing corpus is an error,
 * never a quiet skip.
 */
import fs from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

export const CORPUS_DIR = path.resolve(REPO, process.env.MONEV_CONFORMANCE_DIR ?? path.join('..', 'shared', 'conformance'));

export const CORPORA = {
  mongodb: 'mongodb-specifications',
  foreignForms: 'foreign-forms',
} as const;

/** The corpus folder `name`, or an error naming the folder and the variable to set. */
export function corpus(name: keyof typeof CORPORA): string {
  const dir = path.join(CORPUS_DIR, CORPORA[name]);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(missingCorpus(dir));
  return dir;
}

export function missingCorpus(dir: string): string {
  return `conformance corpus not found: ${dir} (set MONEV_CONFORMANCE_DIR to the folder holding ${Object.values(CORPORA).join(' and ')})`;
}
