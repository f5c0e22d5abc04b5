/**
 * A real SMTP server on loopback (`smtp-server` from npm) that keeps what it accepts, for the
 * notice tests. It can be stopped and started again on the same port (an SMTP outage), refuse
 * messages (4xx / 5xx), or hold the next message's DATA without answering (to kill the app while
 * a message is being sent). A message counts as received only when the server answered 250.
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export type Verdict = 'accept' | { code: number; message: string } | 'hold';

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** decides each message; default accepts everything */
  verdict: (mail: ReceivedMail) => Verdict;
  /** wait this long before answering an accepted message (a slower server widens races) */
  delayMs: number;
  /** resolves when `count` messages were received (or rejects after `timeoutMs`) */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** resolves when a message is being held (verdict 'hold') */
  held(): Promise<ReceivedMail>;
  /** an outage: stop listening and drop the connections; start() listens again on the same port */
  stop(): Promise<void>;
  start(): Promise<void>;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g, (_m, _charset: string, enc: string, data: string) => (enc.toUpperCase() === 'B'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** Just enough MIME for nodemailer's output: headers, and the text and HTML parts. */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [`${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`];
  for (const part of parts) {
    const at = part.search(/\r?\n\r?\n/);
    const h = parseHeaders(part.slice(0, at).trim());
    const content = decodeBody(part.slice(at).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, ''), h['content-transfer-encoding'] ?? '');
    if (/text\/plain/i.test(h['content-type'] ?? '')) text = content;
    if (/text\/html/i.test(h['content-type'] ?? '')) html = content;
  }
  return { messageId: headers['message-id'] ?? '', to, subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n'), html, headers };
}

export async function startSmtpSink(): Promise<SmtpSink> {
  let server: SMTPServer | null = null;
  const waiters = new Set<() => void>();
  const holders: ((m: ReceivedMail) => void)[] = [];
  const sink: SmtpSink = {
    port: 0,
    received: [],
    verdict: () => 'accept',
    delayMs: 0,
    waitFor(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sink.received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP sink: ${sink.received.length} of ${count} messages after ${timeoutMs} ms: ${sink.received.map((m) => m.subject).join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    held() {
      return new Promise((resolve) => holders.push(resolve));
    },
    async start() {
      server = new SMTPServer({
        authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 100, size: 5 * 1024 * 1024,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const mail = parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address));
            const verdict = sink.verdict(mail);
            if (verdict === 'hold') {
              holders.splice(0).forEach((h) => h(mail));
              return; // never answered: the client's send stays in flight
            }
            if (verdict !== 'accept') {
              const err = Object.assign(new Error(verdict.message), { responseCode: verdict.code });
              return callback(err);
            }
            setTimeout(() => {
              sink.received.push(mail);
              callback(null, 'OK: queued');
              for (const w of [...waiters]) w();
            }, sink.delayMs);
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.server.once('error', reject);
        server!.listen(sink.port, '127.0.0.1', () => resolve());
      });
      sink.port = (server.server.address() as { port: number }).port;
    },
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      for (const c of s.connections) (c as unknown as { _socket?: { destroy(): void } })._socket?.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await sink.start();
  return sink;
}
