import type { Request, Response } from 'express';
import { SESSION_MAX_MS } from '../store/sessions.store.ts';

export const SESSION_COOKIE = 'segflow_session';

/** One cookie's value from a Cookie header (no cookie-parser for one cookie). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * httpOnly: no script reads it; SameSite=Strict: no other site's page sends it;
 * Secure when the request came over TLS (directly, or through a proxy the
 * `trustProxy` setting trusts).
 */
export function setSessionCookie(req: Request, res: Response, secret: string): void {
  res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_MAX_MS });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}
