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

/** The params if `path` (raw, as in the URL) is this route; HEAD is served by GET routes, as in express. */
export function matchRoute(pattern: RoutePattern, method: string, path: string): Record<string, string> | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  if (pattern.method !== wanted) return undefined;
  const parts = (path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : path).slice(1).split('/');
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
