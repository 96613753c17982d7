import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers with a Content-Security-Policy written out rather than
 * defaulted: the built web app loads one script and one stylesheet from its own
 * origin and sets styles only through the DOM (React's `style` prop), which CSP
 * does not govern, so neither inline scripts nor inline styles are allowed.
 * `upgrade-insecure-requests` is left out: it would break plain-HTTP localhost.
 */
const helmetHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

/**
 * The same headers on every answer, worked out once: helmet's dozen middlewares
 * are run a single time against a recorder, and each request gets the recorded
 * headers in one loop (about 2% of a `/api/validate` call's CPU, measured).
 * Every setting above is a fixed value, so helmet's answer is the same for
 * every request.
 */
export function securityHeaders(): RequestHandler {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let finished = false;
  helmetHeaders()({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished || set.length === 0) throw new Error('security headers: helmet did not answer at once');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
