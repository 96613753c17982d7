import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from './errors.ts';
import { unreadable } from './document-limits.ts';
import { UnreadableDocument } from '../store/stored-document.ts';
import { BUSY_MESSAGE, DISK_FULL_MESSAGE, isBusy, isDiskFull, RETRY_AFTER_SECONDS } from '../services/memory/busy.ts';

/** body-parser and friends throw errors with a `type` and a `status`; map them to our codes. */
export function toHttpError(err: unknown, bodyLimit: string): HttpError {
  if (err instanceof HttpError) return err;
  // A route that reads a stored document without naming it: still a 422 in words.
  if (err instanceof UnreadableDocument) return unreadable(err);
  // The machine ran short, not the server broke: a plain sentence, and the client may try again.
  if (isBusy(err)) return new HttpError(503, 'busy', BUSY_MESSAGE);
  if (isDiskFull(err)) return new HttpError(507, 'disk_full', DISK_FULL_MESSAGE);
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too_large', `The request body is larger than ${bodyLimit}.`);
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'invalid_json');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new HttpError(415, 'invalid_request', 'The request body must be UTF-8 JSON.');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new HttpError(e.status, 'invalid_request', e.message ?? 'The request is not valid.');
  return new HttpError(500, 'internal');
}

/** Every error leaves as `{"error": {code, message, details?}}`; only bugs are 500s, and they are logged. */
export function errorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toHttpError(err, bodyLimit);
    if (error.status >= 500) logger[error.code === 'internal' ? 'error' : 'warn']({ err, method: req.method, url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
    if (error.code === 'busy') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(error.status).json({ error: body });
  };
}

/**
 * A body that is not JSON would reach the handlers as "no body" and, say, create
 * an empty workflow; refuse it instead. Uploads (multipart) are the exception.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.is('application/json') || req.is('multipart/form-data')) return next();
  next(new HttpError(415, 'invalid_request', 'Send the request body as JSON (Content-Type: application/json).'));
};

export const apiNotFound: RequestHandler = (req, _res, next) =>
  next(new HttpError(404, 'not_found', `No API endpoint ${req.method} ${req.originalUrl.split('?')[0]}.`));

/**
 * Evaluate calls come from sites, thousands a second, and validate calls from every editor at every
 * change: a line each would be most of the log (and a write per call). Their refusals and failures
 * are still logged.
 */
const CHATTY = /^\/api\/(?:validate|workflows\/[^/]+\/evaluate)\/?$/i;

/** One line per request, at debug for the chatty ones (health, validate, evaluate, static files). */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // originalUrl: by now a mounted router may have cut `req.path` short.
      const path = req.originalUrl.split('?')[0];
      const quiet = !path.startsWith('/api') || path === '/api/health' || CHATTY.test(path);
      logger[quiet && res.statusCode < 400 ? 'debug' : 'info']({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    next();
  };
}
