import { createHash } from 'node:crypto';
import express, { type Request, type RequestHandler } from 'express';
import { HttpError } from './errors.ts';

const rawBodies = new WeakMap<Request, Buffer>();

/**
 * JSON request bodies, read in full but parsed only when a handler first
 * touches `req.body`: a route that can answer from the body's bytes alone
 * (see `bodyKey`) never pays for parsing. As strict as express.json: only an
 * object or an array, else 400 invalid_json.
 */
export function lazyJsonBody(limit: string): RequestHandler {
  const read = express.raw({ type: 'application/json', limit });
  return (req, res, next) =>
    read(req, res, (err?: unknown) => {
      if (err) return next(err);
      const raw = req.body;
      if (!Buffer.isBuffer(raw)) {
        req.body = undefined;
        return next();
      }
      rawBodies.set(req, raw);
      let parsed: { value: unknown } | undefined;
      Object.defineProperty(req, 'body', {
        configurable: true,
        enumerable: true,
        // Read through the map: the bytes may have been lent to a check thread and given back (see restoreRawBody).
        get: () => (parsed ??= { value: parseJson(rawBodies.get(req)!) }).value,
        set: (value: unknown) => void (parsed = { value }),
      });
      next();
    });
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (!/^[\s]*[[{]/.test(text)) throw new HttpError(400, 'invalid_json');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
}

/** The body's bytes as they came, before any parsing; undefined without a JSON body. */
export const rawBody = (req: Request): Buffer | undefined => rawBodies.get(req);

/** The body's bytes again after a check thread had their memory (see check-threads/pool.ts): `req.body` parses these. */
export const restoreRawBody = (req: Request, bytes: Buffer): void => void rawBodies.set(req, bytes);

/** A hash of the body's bytes, the same for the same bytes; undefined without a JSON body. */
export function bodyKey(req: Request): string | undefined {
  const raw = rawBodies.get(req);
  return raw && `raw:${createHash('sha256').update(raw).digest('base64')}`;
}
