import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from '../http/errors.ts';

export interface SignInLimit {
  /** Failed attempts allowed per client address in a window (default 10). */
  limit: number;
  /** The window, in ms (default 15 minutes). */
  windowMs: number;
}

/**
 * Counts failed attempts at anything that checks a password or the setup token,
 * per client address (IPv6 by /56), in memory: a restart forgets, which is fine
 * for slowing guessing down. Successful attempts do not count.
 */
export function signInLimiter({ limit, windowMs }: SignInLimit): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, next) => {
      const minutes = Math.max(1, Math.ceil(Number(res.getHeader('retry-after') ?? windowMs / 1000) / 60));
      next(new HttpError(429, 'rate_limited', `Too many failed sign-in attempts from this address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`));
    },
  });
}
