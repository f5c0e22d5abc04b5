// expectError assertions: which error, from where (server or client), code, code name, message,
// labels, the server response, and the partial result carried by bulk write errors.
import { MongoBulkWriteError, MongoError, MongoServerError } from 'mongodb';
import { bulkResultDoc } from './crud-ops';
import { match, MatchContext, MatchError } from './match';

/** Code names for codes that can reach tests through bulk write errors (which carry only codes). */
const CODE_NAMES: Record<number, string> = {
  2: 'BadValue', 9: 'FailedToParse', 11000: 'DuplicateKey', 14: 'TypeMismatch', 20: 'IllegalOperation', 26: 'NamespaceNotFound',
  43: 'CursorNotFound', 48: 'NamespaceExists', 50: 'MaxTimeMSExpired', 59: 'CommandNotFound', 72: 'InvalidOptions',
  112: 'WriteConflict', 121: 'DocumentValidationFailure', 251: 'NoSuchTransaction', 256: 'TransactionCommitted',
  263: 'OperationNotSupportedInTransaction', 14031: 'OutOfDiskSpace',
};

function serverErrors(err: unknown): any[] {
  if (err instanceof MongoBulkWriteError) return [err, ...(err.writeErrors ? ([] as any[]).concat(err.writeErrors) : [])];
  return [err];
}

export function checkExpectedError(expected: any, err: unknown, ctx: MatchContext): void {
  if (err === undefined) throw new MatchError(`expected an error ${JSON.stringify(expected)}, but the operation succeeded`);
  const e = err as any;
  const isServer = err instanceof MongoServerError;
  const describe = () => `${e?.name ?? typeof err}: ${e?.message ?? String(err)}`;
  const failed = (msg: string): never => { throw new MatchError(`${msg} (actual error: ${describe()})`); };

  if (expected.isClientError === true && isServer) failed('expected a client-side error, got a server error');
  if (expected.isClientError === false && !isServer) failed('expected a server error, got a client-side error');
  if (expected.isTimeoutError !== undefined) {
    const isTimeout = e?.name === 'MongoOperationTimeoutError';
    if (isTimeout !== expected.isTimeoutError) failed(`expected isTimeoutError=${expected.isTimeoutError}`);
  }
  if (expected.errorContains !== undefined) {
    const needle = String(expected.errorContains).toLowerCase();
    const messages = serverErrors(err).map((x) => String(x?.errmsg ?? x?.message ?? '')).concat(String(e?.message ?? ''));
    if (!messages.some((m) => m.toLowerCase().includes(needle))) failed(`expected the error message to contain "${expected.errorContains}"`);
  }
  if (expected.errorCode !== undefined) {
    if (!isServer) failed(`expected server error code ${expected.errorCode}`);
    if (!serverErrors(err).some((x) => x?.code === expected.errorCode)) failed(`expected error code ${expected.errorCode}, got ${e.code}`);
  }
  if (expected.errorCodeName !== undefined) {
    const want = String(expected.errorCodeName).toLowerCase();
    const names = serverErrors(err).map((x) => String(x?.codeName ?? CODE_NAMES[x?.code] ?? '').toLowerCase());
    if (!isServer || !names.includes(want)) failed(`expected code name ${expected.errorCodeName}, got ${e?.codeName ?? CODE_NAMES[e?.code] ?? 'none'}`);
  }
  for (const label of expected.errorLabelsContain ?? []) {
    if (!(err instanceof MongoError) || !err.hasErrorLabel(label)) failed(`expected error label ${label}, labels: ${JSON.stringify(e?.errorLabels ?? [])}`);
  }
  for (const label of expected.errorLabelsOmit ?? []) {
    if (err instanceof MongoError && err.hasErrorLabel(label)) failed(`expected no error label ${label}`);
  }
  if (expected.errorResponse !== undefined) {
    if (!isServer) failed('expected a server error response');
    match(expected.errorResponse, (err as MongoServerError).errorResponse, ctx, true, 'errorResponse');
  }
  if (expected.expectResult !== undefined) {
    const partial = err instanceof MongoBulkWriteError && err.result ? bulkResultDoc(err.result) : e?.partialResult;
    match(expected.expectResult, partial, ctx, true, 'expectError.expectResult');
  }
  if (expected.writeErrors !== undefined || expected.writeConcernErrors !== undefined) {
    throw new Error('writeErrors/writeConcernErrors assertions (client-level bulkWrite) are not implemented by this runner');
  }
}
