/**
 * MongoDB error codes and the one error class every layer throws. The command dispatcher turns a
 * CommandError into `{ok: 0, errmsg, code, codeName, errorLabels}`; write paths turn it into a
 * `writeErrors` entry instead. Codes and names follow the server's error_codes.yml so the driver
 * and mongoose recognise them (11000 duplicate key, 112 WriteConflict, ...).
 */

export const Codes = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  Overflow: 15,
  InvalidLength: 16,
  Unauthorized: 13,
  IllegalOperation: 20,
  InvalidBSON: 22,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  IndexAlreadyExists: 68,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  WriteConflict: 112,
  CommandNotSupported: 115,
  CannotIndexParallelArrays: 171,
  InvalidIndexSpecificationOption: 197,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  Location40323: 40323,
  Location40324: 40324,
  Location40353: 40353,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
} as const;

const NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(Codes).map(([name, code]) => [code, name.startsWith('Location') ? '' : name]),
);

export function codeName(code: number): string {
  return NAMES[code] ?? '';
}

export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  /** Extra reply fields (keyPattern/keyValue for duplicate keys, ...). */
  readonly extra: Record<string, unknown>;
  readonly labels: string[];

  constructor(code: number, message: string, extra: Record<string, unknown> = {}, labels: string[] = []) {
    super(message);
    this.code = code;
    this.codeName = codeName(code);
    this.extra = extra;
    this.labels = labels;
  }
}

export const TRANSIENT = 'TransientTransactionError';

export function badValue(message: string): CommandError {
  return new CommandError(Codes.BadValue, message);
}

export function failedToParse(message: string): CommandError {
  return new CommandError(Codes.FailedToParse, message);
}

export function typeMismatch(message: string): CommandError {
  return new CommandError(Codes.TypeMismatch, message);
}

export function writeConflict(): CommandError {
  return new CommandError(
    Codes.WriteConflict,
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    {},
    [TRANSIENT],
  );
}

export function noSuchTransaction(txnNumber: unknown): CommandError {
  return new CommandError(Codes.NoSuchTransaction, `Transaction with { txnNumber: ${String(txnNumber)} } has been aborted.`, {}, [TRANSIENT]);
}

/** Converts anything thrown (mingo errors, bson errors, bugs) into a CommandError. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // mingo reports bad operators and malformed expressions with plain errors: those are the
  // client's mistakes, so they map to BadValue rather than InternalError.
  if (err instanceof Error && (err.constructor.name === 'MingoError' || /mingo|operator|expression|\$/.test(message))) {
    return new CommandError(Codes.BadValue, message);
  }
  return new CommandError(Codes.InternalError, message);
}
