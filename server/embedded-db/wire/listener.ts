/**
 * The listening socket: loopback TCP or a unix socket, nothing else (the database has no
 * authentication, so it must never be reachable from the network).
 */
import fs from 'node:fs';
import net from 'node:net';
import { CommandHandler, Connection, Logger } from './connection';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface Listener {
  host: string;
  port: number;
  /** host:port (or the socket path) as clients address it. */
  address: string;
  connections: { current: number; total: number };
  close(): Promise<void>;
}

async function removeStaleSocket(path: string): Promise<void> {
  if (!fs.existsSync(path)) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect(path);
    probe.once('connect', () => { probe.destroy(); resolve(true); });
    probe.once('error', () => resolve(false));
  });
  if (alive) throw new Error(`unix socket ${path} is in use by another server`);
  fs.unlinkSync(path);
}

export async function listen(
  opts: { host?: string; port?: number; socketPath?: string },
  handler: CommandHandler,
  logger: Logger,
): Promise<Listener> {
  const host = opts.host ?? '127.0.0.1';
  if (!opts.socketPath && !LOOPBACK.has(host)) {
    throw new Error(`embedded-db listens on loopback only (127.0.0.1, ::1, localhost), not '${host}'`);
  }
  if (opts.socketPath && opts.socketPath !== opts.socketPath.toLowerCase()) {
    // The driver lower-cases host names, unix socket paths included.
    throw new Error(`unix socket path must be lower-case (the MongoDB driver lower-cases it): ${opts.socketPath}`);
  }
  const open = new Set<Connection>();
  const connections = { current: 0, total: 0 };
  let nextId = 1;
  const server = net.createServer((socket) => {
    const conn = new Connection(socket, { id: nextId++, remote: `${socket.remoteAddress ?? 'unix'}:${socket.remotePort ?? 0}` }, handler, logger);
    open.add(conn);
    connections.current++;
    connections.total++;
    socket.on('close', () => { open.delete(conn); connections.current--; });
  });
  server.on('error', (err) => logger.error({ err: err.message }, 'embedded-db: listener error'));
  if (opts.socketPath) await removeStaleSocket(opts.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const done = () => { server.off('error', reject); resolve(); };
    if (opts.socketPath) server.listen(opts.socketPath, done);
    else server.listen(opts.port ?? 0, host === 'localhost' ? '127.0.0.1' : host, done);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const boundHost = opts.socketPath ?? (host === 'localhost' ? '127.0.0.1' : host);
  const address = opts.socketPath ?? (boundHost.includes(':') ? `[${boundHost}]:${port}` : `${boundHost}:${port}`);
  return {
    host: boundHost,
    port,
    address,
    connections,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const c of open) c.close();
    }),
  };
}
