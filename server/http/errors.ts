/**
 * The final 404 handler and the one error handler: every failure becomes a catalogue problem and
 * is rendered as an HTML page or JSON `{message, code, details}` depending on `Accept`. Clients
 * never see stack traces, query text or driver messages; the log keeps them.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { Problem, isProblem, type ProblemCode } from '../domain/problems';
import type { Logger } from './logging';

interface HttpishError { type?: string; status?: number; statusCode?: number; name?: string }

const DB_UNAVAILABLE = new Set([
  'MongoNotConnectedError', 'MongoServerSelectionError', 'MongooseServerSelectionError',
  'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoTopologyClosedError', 'MongoPoolClearedError',
]);

/** Translate anything thrown into a catalogue problem (unknown errors become 500.1). */
export function toProblem(err: unknown): Problem {
  if (isProblem(err)) return err;
  const e = (err ?? {}) as HttpishError;
  if (e.name && DB_UNAVAILABLE.has(e.name)) return new Problem(503.1);
  switch (e.type) {
    case 'entity.too.large': return new Problem(413.1);
    case 'entity.parse.failed': return new Problem(400.2);
    case 'entity.verify.failed': return new Problem(400.3);
    case 'encoding.unsupported': case 'charset.unsupported': return new Problem(415.1);
    default: break;
  }
  const status = e.status ?? e.statusCode;
  if (status === 413) return new Problem(413.1);
  if (status === 400) return new Problem(400.2);
  return new Problem(500.1);
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status);
  if (problem.status === 503) res.setHeader('Retry-After', '5');
  const wantsJson = res.req.accepts(['html', 'json']) === 'json';
  if (wantsJson || res.req.path.startsWith('/api/')) {
    res.json(problem.toJSON());
    return;
  }
  res.render('error', { title: problem.message, problem: problem.toJSON(), requestId: res.req.id }, (renderErr, html) => {
    if (renderErr) res.type('text/plain').send(`${problem.message} (${problem.code})`);
    else res.type('html').send(html);
  });
}

export const notFound: RequestHandler = (_req, _res, next) => next(new Problem(404.1));

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    const problem = toProblem(err);
    const log = req.log ?? logger;
    if (problem.status >= 500) log.error({ err, code: problem.code }, 'request failed');
    else log.debug({ code: problem.code }, 'request refused');
    if (res.headersSent) return next(err); // express closes the connection
    sendProblem(res, problem);
  };
}

/** A codes list for tests and docs. */
export type { ProblemCode };
