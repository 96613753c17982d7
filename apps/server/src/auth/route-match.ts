/**
 * Matching a request to a route key the way express does for the paths this
 * server uses: literal segments (case-insensitive) and `:name` segments (one
 * non-empty segment), with an optional trailing slash. Anything fancier throws,
 * so a route the matcher cannot read is caught by the policy test, not guessed at.
 */
export interface RoutePattern {
  key: string;
  method: string;
  segments: ({ literal: string } | { param: string })[];
}

export function compileRoute(key: string): RoutePattern {
  const [method, path, ...rest] = key.split(' ');
  if (!method || !path?.startsWith('/') || rest.length) throw new Error(`route key "${key}" is not "METHOD /path"`);
  const segments = path.slice(1).split('/').map((segment) => {
    if (/^:[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) return { param: segment.slice(1) };
    if (/^[A-Za-z0-9_.-]+$/.test(segment)) return { literal: segment.toLowerCase() };
    throw new Error(`route "${key}": segment "${segment}" is neither literal nor :param`);
  });
  return { key, method: method.toUpperCase(), segments };
}

/** A path's segments as `matchParts` takes them: a trailing slash dropped, as express ignores it. */
export const pathParts = (path: string): string[] => (path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path).slice(1).split('/');

/** The params if `path` (raw, as in the URL) is this route; HEAD is served by GET routes, as in express. */
export function matchRoute(pattern: RoutePattern, method: string, path: string): Record<string, string> | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return pattern.method === wanted ? matchParts(pattern, pathParts(path)) : undefined;
}

/** The params if the path's segments (see `pathParts`) are this route's, whatever the method. */
export function matchParts(pattern: RoutePattern, parts: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== pattern.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const segment = pattern.segments[i];
    if (!part) return undefined;
    if ('literal' in segment) {
      if (part.toLowerCase() !== segment.literal) return undefined;
    } else {
      try {
        params[segment.param] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return params;
}

/**
 * Routes grouped by method and number of segments: a request is compared
 * with the few routes of its own method and length, not with every route of
 * the API (the policy lookup runs on every request).
 */
export function routeTable(patterns: readonly RoutePattern[]) {
  const groups = new Map<string, RoutePattern[]>();
  for (const pattern of patterns) {
    const group = `${pattern.method} ${pattern.segments.length}`;
    groups.set(group, [...(groups.get(group) ?? []), pattern]);
  }
  return {
    /** The routes a request could be, and its path's segments to match them with. */
    candidates(method: string, path: string): { patterns: readonly RoutePattern[]; parts: string[] } {
      const parts = pathParts(path);
      return { patterns: groups.get(`${method === 'HEAD' ? 'GET' : method} ${parts.length}`) ?? [], parts };
    },
  };
}
