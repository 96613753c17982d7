import type { Express } from 'express';

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route the app has registered, as `METHOD /path` keys, read from express's
 * own router: what the policy table must cover. A path express holds as a pattern
 * this cannot spell (a RegExp, an array) is listed with a `?` so it never matches
 * a table entry by accident.
 */
export function listRoutes(app: Express): string[] {
  const keys = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = typeof layer.route.path === 'string' ? joinPath(prefix, layer.route.path) : `${prefix}/?`;
        for (const method of Object.keys(layer.route.methods)) keys.add(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, typeof layer.rawPath === 'string' ? joinPath(prefix, layer.rawPath) : `${prefix}/?`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...keys];
}

const joinPath = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);
