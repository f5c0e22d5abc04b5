/** Structured logging (pino) and per-request logging with request ids. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import pinoHttp from 'pino-http';
import type { LogLevel } from '../config';

export type { Logger };

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { app: 'monev' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Never log credentials or session cookies.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'password', '*.password'],
  });
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A request id from a trusted upstream (load balancer) when it looks safe, otherwise a new one. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const upstream = req.headers['x-request-id'];
  const id = typeof upstream === 'string' && SAFE_REQUEST_ID.test(upstream) ? upstream : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestId,
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || (req.url ?? '').startsWith('/assets/') },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
