/**
 * What a command handler gets: the shared server state and the per-command view (committed or
 * transactional), op log (journal records to make durable before replying) and session.
 */
import { CursorRegistry } from '../cursors';
import { CommandError, Codes } from '../errors';
import { OpLog } from '../storage/catalog';
import { Collection } from '../storage/collection';
import { Engine } from '../storage/engine';
import { DataView } from '../storage/view';
import { Session, SessionRegistry } from '../txn/sessions';
import { Transaction } from '../txn/transaction';
import { toNumber, numKind } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import type { ConnectionInfo, Logger } from '../wire/connection';
import { evaluateLet } from '../query/aggregate';
import type { ServerParameters } from './parameters';
import { Collation, parseCollation } from '../values/collation';

export interface ServerInfo {
  /** Address clients use, as advertised in hello's `hosts`/`me`. */
  address: string;
  replSetName: string;
  startedAt: Date;
  connections: { current: number; total: number };
  dataDir: string | null;
}

export interface ServerState {
  engine: Engine;
  parameters: ServerParameters;
  cursors: CursorRegistry;
  sessions: SessionRegistry;
  info: ServerInfo;
  logger: Logger;
}

export interface CommandContext {
  state: ServerState;
  name: string;
  db: string;
  body: Doc;
  view: DataView;
  log: OpLog;
  session: Session | null;
  txn: Transaction | null;
  conn: ConnectionInfo;
  /** Size of the request message (documents inside it cannot be larger). */
  messageBytes: number;
}

export type CommandHandler = (ctx: CommandContext) => Doc | Buffer;

export interface CommandDef {
  run: CommandHandler;
  /** May run inside a multi-document transaction. */
  inTxn?: boolean;
  /** A write the driver may retry with the same txnNumber (deduplicated). */
  retryable?: boolean;
  /** Changes data: refused once the journal has failed. */
  write?: boolean;
}

/** The collection name a command addresses (`{find: "users"}`). */
export function collectionArg(ctx: CommandContext): string {
  const name = ctx.body[ctx.name];
  if (typeof name !== 'string' || name === '') {
    throw new CommandError(Codes.InvalidNamespace, `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function existing(ctx: CommandContext, name: string): Collection | undefined {
  return ctx.view.collection(ctx.db, name);
}

/** Optional integer option (drivers and shells send int32, int64 or double). */
export function intOption(body: Doc, key: string, min = -Infinity): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!numKind(v)) throw new CommandError(Codes.TypeMismatch, `Field '${key}' should be a number, not ${typeof v}`);
  const n = Math.trunc(toNumber(v));
  if (n < min) throw new CommandError(Codes.BadValue, `${key} value must be >= ${min}, found ${n}`);
  return n;
}

export function docOption(body: Doc, key: string): Doc | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new CommandError(Codes.TypeMismatch, `Field '${key}' must be an object`);
  return v;
}

/** The command's `let` variables, evaluated. */
export function letOption(body: Doc): Doc | undefined {
  return evaluateLet(docOption(body, 'let'));
}

export function boolOption(body: Doc, key: string): boolean {
  const v = body[key];
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (numKind(v)) return toNumber(v) !== 0;
  throw new CommandError(Codes.TypeMismatch, `Field '${key}' should be a boolean`);
}

/**
 * The collation an operation runs under: its own `collation` option, else the collection's
 * default (create's `collation`), else simple (null).
 */
export function collationFor(spec: unknown, coll: Collection | undefined): Collation | null {
  if (spec === undefined || spec === null) return coll?.collation ?? null;
  return parseCollation(spec);
}
