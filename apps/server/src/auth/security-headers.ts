import helmet from 'helmet';

/**
 * helmet's headers with a Content-Security-Policy written out rather than
 * defaulted: the built web app loads one script and one stylesheet from its own
 * origin and sets styles only through the DOM (React's `style` prop), which CSP
 * does not govern, so neither inline scripts nor inline styles are allowed.
 * `upgrade-insecure-requests` is left out: it would break plain-HTTP localhost.
 */
export const securityHeaders = () =>
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
