/**
 * Batched write statements report failures per statement inside an `ok: 1` reply:
 * `writeErrors: [{index, code, errmsg, ...}]`. Ordered batches stop at the first failure,
 * unordered ones run every statement. Inside a transaction the first failure ends the batch
 * (the transaction is aborted by then).
 */
import { CommandError, toCommandError } from '../errors';
import { Doc } from '../values/types';

export interface WriteError extends Doc { index: number; code: number; errmsg: string }

export function writeErrorOf(index: number, err: CommandError): WriteError {
  const out: WriteError = { index, code: err.code, errmsg: err.message, ...err.extra };
  if (err.codeName) out.codeName = err.codeName;
  return out;
}

/**
 * Runs `fn` for each statement, collecting write errors. Errors carrying transaction labels
 * (WriteConflict, NoSuchTransaction) are not statement errors: they fail the whole command so
 * the driver sees the label and retries the transaction.
 */
export function runStatements<T>(items: T[], ordered: boolean, inTxn: boolean, fn: (item: T, index: number) => void): WriteError[] {
  const errors: WriteError[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      fn(items[i], i);
    } catch (raw) {
      const err = toCommandError(raw);
      if (err.labels.length > 0) throw err;
      errors.push(writeErrorOf(i, err));
      if (ordered || inTxn) break;
    }
  }
  return errors;
}

export function withWriteErrors(reply: Doc, errors: WriteError[]): Doc {
  if (errors.length) reply.writeErrors = errors;
  return reply;
}
