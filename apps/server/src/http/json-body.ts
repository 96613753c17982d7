import { createHash } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler } from 'express';
import { HttpError } from './errors.ts';

/** A request's body bytes as read, and its body once parsed or set: own properties of one shape on every request. */
const RAW = Symbol('raw body');
const PARSED = Symbol('parsed body');
interface BodyState {
  [RAW]?: Buffer;
  [PARSED]?: { value: unknown };
}

/**
 * JSON request bodies, read in full but parsed only when a handler first
 * touches `req.body`: a route that can answer from the body's bytes alone
 * (see `bodyKey`) never pays for parsing. As strict as express.json: only an
 * object or an array, else 400 invalid_json.
 *
 * `req.body` is an accessor on the app's request prototype, set up once, not
 * a property defined on each request: that gave every request hidden classes
 * of its own, and kept a fifth of what the server's thread allocated alive
 * through young collections under `/api/validate` load (measured: 2.9 MB kept
 * per collection with it, 0.9 MB without).
 */
export function lazyJsonBody(app: Express, limit: string): RequestHandler {
  Object.defineProperty(app.request, 'body', {
    configurable: true,
    enumerable: true,
    get(this: BodyState) {
      const raw = this[RAW];
      if (!this[PARSED] && raw) this[PARSED] = { value: parseJson(raw) };
      return this[PARSED]?.value;
    },
    set(this: BodyState, value: unknown) {
      this[PARSED] = { value };
    },
  });
  const read = express.raw({ type: 'application/json', limit });
  return (req, res, next) =>
    read(req, res, (err?: unknown) => {
      if (err) return next(err);
      const state = req as BodyState;
      // express.raw set the bytes as the body; from here the body is what they parse to.
      const raw = state[PARSED]?.value;
      state[PARSED] = undefined;
      if (Buffer.isBuffer(raw)) state[RAW] = raw;
      next();
    });
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
  // JSON, but a bare null, number or text: said as such, not as "not JSON".
  if (typeof value !== 'object' || value === null) throw new HttpError(400, 'invalid_json', `The request body must be a JSON object or list, not ${value === null ? 'null' : `a bare ${typeof value}`}.`);
  return value;
}

/** The body's bytes as they came, before any parsing; undefined without a JSON body. */
export const rawBody = (req: Request): Buffer | undefined => (req as BodyState)[RAW];

/** The body's bytes again after a check thread had their memory (see check-threads/pool.ts): `req.body` parses these. */
export const restoreRawBody = (req: Request, bytes: Buffer): void => void ((req as BodyState)[RAW] = bytes);

/** A hash of the body's bytes, the same for the same bytes; undefined without a JSON body. */
export function bodyKey(req: Request): string | undefined {
  const raw = (req as BodyState)[RAW];
  return raw && `raw:${createHash('sha256').update(raw).digest('base64')}`;
}
