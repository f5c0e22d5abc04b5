/** A minimal raw-socket MongoDB wire client for protocol and bad-input tests. */
import net from 'node:net';
import { BSON, Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function opQuery(requestId: number, ns: string, query: Document): Buffer {
  const body = Buffer.concat([
    Buffer.alloc(4), // flags
    Buffer.from(`${ns}\0`, 'utf8'),
    Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), // skip 0, return -1
    Buffer.from(BSON.serialize(query)),
  ]);
  return Buffer.concat([header(16 + body.length, requestId, OP_QUERY), body]);
}

export function opMsg(requestId: number, doc: Document, flags = 0, sections: Array<{ id: string; docs: Document[] }> = []): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.from([0]), Buffer.from(BSON.serialize(doc))];
  parts[0].writeUInt32LE(flags, 0);
  for (const s of sections) {
    const docs = s.docs.map((d) => Buffer.from(BSON.serialize(d)));
    const name = Buffer.from(`${s.id}\0`, 'utf8');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + name.length + docs.reduce((n, d) => n + d.length, 0), 0);
    parts.push(Buffer.from([1]), size, name, ...docs);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([header(16 + body.length, requestId, OP_MSG), body]);
}

export function rawMessage(opCode: number, requestId: number, payload: Buffer): Buffer {
  return Buffer.concat([header(16 + payload.length, requestId, opCode), payload]);
}

export interface Reply { opCode: number; responseTo: number; doc: Document; raw: Buffer }

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<(r: Reply) => void> = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.pump();
    });
    socket.on('close', () => { this.closed = true; });
    socket.on('error', () => { this.closed = true; });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private pump(): void {
    while (this.buf.length >= 4) {
      const len = this.buf.readInt32LE(0);
      if (this.buf.length < len) return;
      const msg = this.buf.subarray(0, len);
      this.buf = this.buf.subarray(len);
      const opCode = msg.readInt32LE(12);
      const responseTo = msg.readInt32LE(8);
      const docStart = opCode === OP_REPLY ? 36 : 21;
      const raw = Buffer.from(msg.subarray(docStart));
      this.waiters.shift()?.({ opCode, responseTo, doc: BSON.deserialize(raw), raw });
    }
  }

  send(data: Buffer): void {
    this.socket.write(data);
  }

  /** Next reply, or null if none arrives within `ms`. */
  next(ms = 1000): Promise<Reply | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(null);
      }, ms);
      const done = (r: Reply) => { clearTimeout(timer); resolve(r); };
      this.waiters.push(done);
    });
  }

  async waitClosed(ms = 1000): Promise<boolean> {
    const until = Date.now() + ms;
    while (!this.closed && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
