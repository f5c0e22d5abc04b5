/**
 * Who sees evaluator-only questions (`x-evaluatorOnly`), with the role names of
 * server/domain/access/roles.ts: evaluators and admins always; leadership (`pimpinan`) in the
 * read-only view only; operators and unknown roles never. One place for render, parse and rows.
 */
import type { Mode } from './view-types';

const EVALUATOR_ROLES: ReadonlySet<string> = new Set(['evaluator', 'admin']);
const READ_ONLY_ROLES: ReadonlySet<string> = new Set(['pimpinan']);

export function seesEvaluatorOnly(role: string | undefined, mode: Mode): boolean {
  const r = role ?? 'operator';
  return EVALUATOR_ROLES.has(r) || (mode === 'readonly' && READ_ONLY_ROLES.has(r));
}
