/**
 * Runs one parsed command: looks it up, attaches session / transaction / retryable-write
 * handling, makes its journal records durable before replying, and turns errors into
 * `{ok: 0, errmsg, code, codeName, errorLabels}`.
 */
import { CommandError, Codes, noSuchTransaction, toCommandError } from '../errors';
import { OpLog } from '../storage/catalog';
import { DataView } from '../storage/view';
import { Session, sessionKey, txnNumberOf } from '../txn/sessions';
import { Transaction } from '../txn/transaction';
import { operationTime } from '../cluster-time';
import { numKind, toNumber } from '../values/numeric';
import { Doc, isPlainObject } from '../values/types';
import type { ConnectionInfo } from '../wire/connection';
import { ParsedCommand } from '../wire/protocol';
import { CommandContext, CommandDef, ServerState } from './context';
import { COMMANDS, OP_QUERY_COMMANDS } from './registry';

export interface Persist {
  write(log: OpLog): Promise<void>;
  /** Set once a journal write failed: the server then refuses writes rather than lose them. */
  failure(): Error | null;
}

/**
 * A one-member replica set can satisfy w: 1 and w: "majority" only; anything wider is reported
 * the way a real single-node set reports it (the write itself is done and durable).
 */
export function writeConcernError(wc: unknown): Doc | null {
  if (!isPlainObject(wc) || wc.w === undefined) return null;
  const w = wc.w;
  if (typeof w === 'string') {
    if (w === 'majority') return null;
    return { code: 79, codeName: 'UnknownReplWriteConcern', errmsg: `No write concern mode named '${w}' found in replica set configuration`, errInfo: { writeConcern: wc } };
  }
  if (numKind(w) !== null && toNumber(w) > 1) {
    return { code: 100, codeName: 'UnsatisfiableWriteConcern', errmsg: 'Not enough data-bearing nodes', errInfo: { writeConcern: wc } };
  }
  return null;
}

export function errorReply(err: CommandError): Doc {
  const reply: Doc = { ok: 0, errmsg: err.message, code: err.code };
  if (err.codeName) reply.codeName = err.codeName;
  Object.assign(reply, err.extra);
  if (err.labels.length) reply.errorLabels = err.labels;
  return reply;
}

export class Dispatcher {
  constructor(private readonly state: ServerState, private readonly persist: Persist | null) {}

  async handle(cmd: ParsedCommand, conn: ConnectionInfo): Promise<Doc | Buffer> {
    let reply: Doc | Buffer;
    try {
      reply = await this.route(cmd, conn);
    } catch (err) {
      const e = toCommandError(err);
      if (e.code === Codes.InternalError) this.state.logger.error({ err, command: Object.keys(cmd.body)[0] }, 'embedded-db: internal error');
      reply = errorReply(e);
    }
    if (Buffer.isBuffer(reply)) return reply; // cursor replies carry operationTime already
    if (reply.ok === 1) {
      const wce = writeConcernError(cmd.body.writeConcern);
      if (wce) reply = { ...reply, writeConcernError: wce };
    }
    return { ...reply, operationTime: operationTime(this.state.engine) };
  }

  private async route(cmd: ParsedCommand, conn: ConnectionInfo): Promise<Doc | Buffer> {
    if (cmd.legacyNamespace) throw new CommandError(352, `OP_QUERY on ${cmd.legacyNamespace} is not supported; use OP_MSG`);
    const name = Object.keys(cmd.body)[0];
    if (name === undefined) throw new CommandError(Codes.FailedToParse, 'empty command');
    if (cmd.kind === 'query' && !OP_QUERY_COMMANDS.has(name)) {
      throw new CommandError(352, `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`);
    }
    const isTxnEnd = name === 'commitTransaction' || name === 'abortTransaction';
    const def = COMMANDS[name];
    if (!def && !isTxnEnd) throw new CommandError(Codes.CommandNotFound, `no such command: '${name}'`);
    const broken = this.persist?.failure();
    if (broken && (def?.write || name === 'commitTransaction')) {
      throw new CommandError(Codes.OperationFailed, `writes are refused: the journal failed (${broken.message}); restart the server after fixing the disk`);
    }
    const key = sessionKey(cmd.body.lsid);
    const session = key ? this.state.sessions.obtain(key) : null;
    const txnNumber = txnNumberOf(cmd.body.txnNumber);
    const ctx: CommandContext = {
      state: this.state, name, db: cmd.db, body: cmd.body, view: new DataView(this.state.engine, null),
      log: [], session, txn: null, conn, messageBytes: cmd.bytes,
    };
    if (cmd.body.autocommit === false || isTxnEnd) {
      if (!session || txnNumber === null) throw new CommandError(Codes.BadValue, 'transactions need lsid and txnNumber');
      if (isTxnEnd) return this.finish(ctx, session, txnNumber);
      return this.inTransaction(ctx, def, session, txnNumber);
    }
    if (session && txnNumber !== null && def.retryable) return this.retryable(ctx, def, session, txnNumber);
    return this.execute(ctx, def);
  }

  /** Runs the handler, then waits for its journal records to be durable. */
  private async execute(ctx: CommandContext, def: CommandDef): Promise<Doc | Buffer> {
    let reply: Doc | Buffer | undefined;
    let failure: unknown;
    try {
      reply = def.run(ctx);
    } catch (err) {
      failure = err;
    }
    // Records exist even when a command failed halfway (e.g. an ordered batch): persist them.
    if (ctx.log.length && this.persist) await this.persist.write(ctx.log);
    if (failure !== undefined) throw failure;
    return reply!;
  }

  private async retryable(ctx: CommandContext, def: CommandDef, session: Session, txnNumber: bigint): Promise<Doc | Buffer> {
    if (session.retry && session.retry.txnNumber === txnNumber) return session.retry.reply;
    if (txnNumber < session.highestTxnNumber) {
      throw new CommandError(Codes.TransactionTooOld, `Cannot start transaction ${txnNumber} on session because a newer transaction ${session.highestTxnNumber} has already started`);
    }
    session.highestTxnNumber = txnNumber;
    const record = { txnNumber, reply: this.execute(ctx, def) };
    session.retry = record;
    try {
      const reply = await record.reply;
      return reply;
    } catch (err) {
      // Only a completed write is remembered; a failed one may be retried for real.
      if (session.retry === record) session.retry = null;
      throw err;
    }
  }

  private async inTransaction(ctx: CommandContext, def: CommandDef, session: Session, txnNumber: bigint): Promise<Doc | Buffer> {
    const { engine } = this.state;
    if (!def.inTxn) throw new CommandError(Codes.OperationNotSupportedInTransaction, `Cannot run '${ctx.name}' in a multi-document transaction.`);
    let txn: Transaction;
    if (ctx.body.startTransaction === true) {
      if (txnNumber < session.highestTxnNumber || session.txn?.txnNumber === txnNumber) {
        throw new CommandError(Codes.TransactionTooOld, `Cannot start transaction ${txnNumber} on session because transaction ${session.highestTxnNumber} has already started`);
      }
      if (session.txn) engine.abort(session.txn, null);
      session.highestTxnNumber = txnNumber;
      txn = session.txn = engine.begin(session.id, txnNumber);
    } else {
      if (!session.txn || session.txn.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
      txn = session.txn;
      if (txn.state === 'committed') throw new CommandError(Codes.TransactionCommitted, `Transaction ${txnNumber} has been committed.`);
      txn.assertActive();
    }
    ctx.txn = txn;
    ctx.view = new DataView(engine, txn);
    try {
      return await this.execute(ctx, def);
    } catch (err) {
      // A failed statement aborts the transaction, as MongoDB does.
      engine.abort(txn, null);
      throw err;
    }
  }

  private async finish(ctx: CommandContext, session: Session, txnNumber: bigint): Promise<Doc> {
    const txn = session.txn;
    if (!txn || txn.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    const { engine, cursors } = this.state;
    if (ctx.name === 'abortTransaction') {
      if (txn.state === 'committed') throw new CommandError(Codes.TransactionCommitted, `Transaction ${txnNumber} has been committed.`);
      txn.assertActive();
      engine.abort(txn, null);
      cursors.kill(Array.from(txn.cursorIds));
      return { ok: 1 };
    }
    if (txn.state === 'committed') return { ok: 1 }; // a retried commit
    engine.commit(txn, ctx.log);
    cursors.kill(Array.from(txn.cursorIds));
    if (ctx.log.length && this.persist) await this.persist.write(ctx.log);
    return { ok: 1 };
  }
}
