/**
 * Pipeline-style updates (`u: [{$set: ...}, ...]`): the allowed stages run through mingo with the
 * numeric-aware operator set.
 */
import { CommandError, Codes } from '../errors';
import { runPipeline } from '../query/aggregate';
import { Doc, isPlainObject } from '../values/types';

export function runUpdatePipeline(doc: Doc, stages: Doc[], variables?: Doc): Doc {
  const out = runPipeline([doc], stages, () => [], variables);
  if (out.length !== 1 || !isPlainObject(out[0])) {
    throw new CommandError(Codes.BadValue, 'update pipeline must produce exactly one document');
  }
  return out[0];
}
