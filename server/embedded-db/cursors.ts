/**
 * Open cursors. A cursor holds the remaining result documents (immutable stored versions, so the
 * result is a stable snapshot) and hands them out in batches; ids are positive int64 values.
 * Idle cursors are closed after `timeoutMs` (MongoDB's default is 10 minutes).
 */
import { CommandError, Codes } from './errors';
import { Projector } from './query/projection';
import { Doc } from './values/types';
import { BATCH_BYTE_BUDGET, CursorReplyBuilder, DocEncoder, wholeDocument } from './wire/cursor-reply';

export const DEFAULT_FIRST_BATCH = 101;

interface Cursor {
  id: bigint;
  ns: string;
  items: Doc[];
  pos: number;
  /** Documents still allowed by `limit` (Infinity when unlimited). */
  remaining: number;
  projector: Projector | null;
  lastUsed: number;
  sessionId: string | null;
}

export interface BatchRequest {
  items: Doc[];
  ns: string;
  projector: Projector | null;
  /** 0 = no limit. */
  limit: number;
  batchSize: number | undefined;
  singleBatch: boolean;
  sessionId: string | null;
}

export class CursorRegistry {
  private readonly cursors = new Map<bigint, Cursor>();
  private nextId = BigInt(Date.now()) * 1000n;

  /** `trailer` yields extra reply elements (operationTime) for every batch. */
  constructor(private timeoutMs: number, private readonly trailer: () => Buffer | undefined = () => undefined) {}

  /** setParameter cursorTimeoutMillis. */
  setTimeout(ms: number): void {
    this.timeoutMs = ms;
  }

  get size(): number {
    return this.cursors.size;
  }

  /** Builds the first-batch reply; registers a cursor when documents remain. */
  first(req: BatchRequest): { reply: Buffer; cursorId: bigint } {
    const cursor: Cursor = {
      id: 0n, ns: req.ns, items: req.items, pos: 0, remaining: req.limit > 0 ? req.limit : Infinity,
      projector: req.projector, lastUsed: Date.now(), sessionId: req.sessionId,
    };
    const size = req.batchSize ?? DEFAULT_FIRST_BATCH;
    const batch = new CursorReplyBuilder('firstBatch');
    this.take(cursor, batch, req.singleBatch && req.batchSize === undefined ? Infinity : size);
    if (!req.singleBatch && cursor.pos < cursor.items.length && cursor.remaining > 0) {
      cursor.id = ++this.nextId;
      this.cursors.set(cursor.id, cursor);
    }
    return { reply: batch.finish(cursor.id, cursor.ns, this.trailer()), cursorId: cursor.id };
  }

  next(id: bigint, ns: string, batchSize: number | undefined, sessionId: string | null): Buffer {
    const cursor = this.cursors.get(id);
    if (!cursor) throw new CommandError(Codes.CursorNotFound, `cursor id ${id} not found`);
    if (cursor.ns !== ns) {
      throw new CommandError(Codes.Unauthorized, `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    if (cursor.sessionId && sessionId && cursor.sessionId !== sessionId) {
      throw new CommandError(50738, 'Cannot run getMore on cursor, which was created in a different session');
    }
    cursor.lastUsed = Date.now();
    const batch = new CursorReplyBuilder('nextBatch');
    this.take(cursor, batch, batchSize && batchSize > 0 ? batchSize : Infinity);
    let replyId = cursor.id;
    if (cursor.pos >= cursor.items.length || cursor.remaining <= 0) {
      this.cursors.delete(id);
      replyId = 0n;
    }
    return batch.finish(replyId, cursor.ns, this.trailer());
  }

  /** Adds up to `max` documents (within the limit and the reply byte budget) to the batch. */
  private take(cursor: Cursor, batch: CursorReplyBuilder, max: number): void {
    const limit = Math.min(max, cursor.remaining);
    const { projector } = cursor;
    const encode: DocEncoder = projector?.writeTo ?? (projector ? (w, doc) => w.document(projector(doc)) : wholeDocument);
    while (batch.count < limit && cursor.pos < cursor.items.length) {
      batch.add(cursor.items[cursor.pos++], encode);
      if (batch.bytes >= BATCH_BYTE_BUDGET) break;
    }
    cursor.remaining -= batch.count;
  }

  kill(ids: bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  killSession(sessionId: string): void {
    for (const [id, c] of this.cursors) if (c.sessionId === sessionId) this.cursors.delete(id);
  }

  /** Closes the cursors of a dropped or renamed collection (or of a whole database with `db.`). */
  killNamespace(nsOrDbPrefix: string): void {
    for (const [id, c] of this.cursors) {
      if (c.ns === nsOrDbPrefix || (nsOrDbPrefix.endsWith('.') && c.ns.startsWith(nsOrDbPrefix))) this.cursors.delete(id);
    }
  }

  killAll(): void {
    this.cursors.clear();
  }

  /** Closes cursors idle longer than the timeout; returns how many. */
  reap(now = Date.now()): number {
    let n = 0;
    for (const [id, c] of this.cursors) {
      if (now - c.lastUsed > this.timeoutMs) {
        this.cursors.delete(id);
        n++;
      }
    }
    return n;
  }
}
