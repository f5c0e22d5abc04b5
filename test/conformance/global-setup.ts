// The conformance suite stops before any test runs when a corpus is missing: one line naming the
// folder and the variable to set, and a failing exit code (never a suite of quiet skips).
import { corpus, CORPORA } from './corpus';

export default async function checkCorpora(): Promise<void> {
  try {
    for (const name of Object.keys(CORPORA) as Array<keyof typeof CORPORA>) corpus(name);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
