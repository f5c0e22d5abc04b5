/**
 * One client socket: frames the byte stream into messages, runs them one at a time through the
 * command handler and writes the replies. Bad input never throws out of here: an oversized or
 * unframeable message closes the connection, a parseable message with bad content gets an error
 * reply, and both are logged.
 */
import type { Socket } from 'node:net';
import { Codes } from '../errors';
import { Doc } from '../values/types';
import {
  encodeMsgReply, encodeOpReply, MAX_MESSAGE_BYTES, OP_MSG, OP_QUERY, parseMessage, ParsedCommand, ProtocolError,
} from './protocol';

export interface Logger {
  info(o: object | string, m?: string): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
}

export interface ConnectionInfo { id: number; remote: string }

export type CommandHandler = (cmd: ParsedCommand, conn: ConnectionInfo) => Promise<Doc | Buffer>;

/** Pause reading when this many messages (or bytes) wait, so a flooding client cannot exhaust memory. */
const MAX_QUEUED = 64;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

export class Connection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private busy = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly info: ConnectionInfo,
    private readonly handler: CommandHandler,
    private readonly logger: Logger,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('error', (err) => this.logger.warn({ conn: info.id, err: err.message }, 'embedded-db: socket error'));
    socket.on('close', () => { this.closed = true; this.queue = []; this.chunks = []; });
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    this.chunks.push(data);
    this.buffered += data.length;
    while (this.buffered >= 4) {
      const head = this.chunks[0].length >= 4 ? this.chunks[0] : this.flatten();
      const length = head.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_BYTES) {
        this.logger.warn({ conn: this.info.id, length }, 'embedded-db: invalid message length, closing connection');
        this.close();
        return;
      }
      if (this.buffered < length) return;
      const all = this.flatten();
      this.queue.push(all.subarray(0, length));
      this.queuedBytes += length;
      const rest = all.subarray(length);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
    }
    if (this.queue.length > MAX_QUEUED || this.queuedBytes > MAX_QUEUED_BYTES) this.socket.pause();
    void this.drain();
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0];
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed && this.queue.length) {
        const msg = this.queue.shift()!;
        this.queuedBytes -= msg.length;
        if (this.queue.length <= MAX_QUEUED / 2 && this.queuedBytes <= MAX_QUEUED_BYTES / 2 && this.socket.isPaused()) this.socket.resume();
        await this.process(msg);
      }
    } finally {
      this.busy = false;
    }
  }

  private async process(msg: Buffer): Promise<void> {
    const opCode = msg.readInt32LE(12);
    const requestId = msg.readInt32LE(4);
    let cmd: ParsedCommand;
    try {
      cmd = parseMessage(msg);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ conn: this.info.id, opCode, err: message }, 'embedded-db: malformed message');
      if (opCode !== OP_MSG && opCode !== OP_QUERY) {
        // No reply format the client could understand: drop the connection.
        this.close();
        return;
      }
      const code = err instanceof ProtocolError ? Codes.FailedToParse : Codes.InvalidBSON;
      const reply = { ok: 0, errmsg: message, code, codeName: code === Codes.InvalidBSON ? 'InvalidBSON' : 'FailedToParse' };
      this.write(opCode === OP_QUERY ? encodeOpReply(requestId, reply) : encodeMsgReply(requestId, reply));
      return;
    }
    let reply: Doc | Buffer;
    try {
      reply = await this.handler(cmd, this.info);
    } catch (err) {
      this.logger.error({ conn: this.info.id, err }, 'embedded-db: command handler failed');
      reply = { ok: 0, errmsg: err instanceof Error ? err.message : String(err), code: Codes.InternalError, codeName: 'InternalError' };
    }
    if (cmd.moreToCome || this.closed) return;
    try {
      if (cmd.kind === 'query') {
        this.write(encodeOpReply(cmd.requestId, reply as Doc));
      } else this.write(encodeMsgReply(cmd.requestId, reply));
    } catch (err) {
      // The reply itself could not be encoded (e.g. larger than BSON allows): say so instead.
      const errmsg = err instanceof Error ? err.message : String(err);
      this.logger.error({ conn: this.info.id, err: errmsg }, 'embedded-db: reply encoding failed');
      const fallback = { ok: 0, errmsg, code: Codes.BSONObjectTooLarge, codeName: 'BSONObjectTooLarge' };
      this.write(cmd.kind === 'query' ? encodeOpReply(cmd.requestId, fallback) : encodeMsgReply(cmd.requestId, fallback));
    }
  }

  private write(parts: Buffer[]): void {
    if (this.closed) return;
    if (parts.length === 1) this.socket.write(parts[0]);
    else this.socket.write(Buffer.concat(parts));
  }
}
