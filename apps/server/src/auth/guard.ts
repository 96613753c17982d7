import type { Express, Request, RequestHandler } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import type { AuthService, Principal } from './auth-service.ts';
import { AUDITED_ROUTES } from './audited-routes.ts';
import { POLICY, REQUEST_RULES, type Access, type RouteKey } from './policy.ts';
import { listRoutes } from './route-list.ts';
import { compileRoute, matchParts, matchRoute, routeTable } from './route-match.ts';
import { roleAtLeast, ROLES } from './roles.ts';
import { readCookie, SESSION_COOKIE } from './session-cookie.ts';

interface MatchedRoute {
  key: RouteKey;
  access: Access;
  params: Record<string, string>;
}

const ROUTES = routeTable(Object.keys(POLICY).map(compileRoute));
const strictness = (access: Access) => (access === 'public' ? -1 : ROLES.indexOf(access));
const pathOf = (req: Request) => req.originalUrl.split('?')[0];

/** The policy entry for a request; when two would match, the stricter one, whatever order express tries them in. */
export function policyFor(method: string, path: string): MatchedRoute | undefined {
  let found: MatchedRoute | undefined;
  const { patterns, parts } = ROUTES.candidates(method, path);
  for (const pattern of patterns) {
    const params = matchParts(pattern, parts);
    if (!params) continue;
    const key = pattern.key as RouteKey;
    if (!found || strictness(POLICY[key]) > strictness(found.access)) found = { key, access: POLICY[key], params };
  }
  return found;
}

const matched = new WeakMap<Request, MatchedRoute>();
const principals = new WeakMap<Request, Principal>();

/** Who the request acts as; set for every request past `authenticate` except public ones without credentials. */
export const principalOf = (req: Request) => principals.get(req);

/** The signed-in principal of a route that needs one (the guard made sure there is one). */
export function signedIn(req: Request): Principal {
  const principal = principals.get(req);
  if (!principal) throw new HttpError(401, 'unauthenticated');
  return principal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins the server's own pages have when reached on this port over loopback: they are the server's, whatever the Host header says. */
function loopbackOrigins(port: number): string[] {
  const at = port === 80 ? '' : `:${port}`;
  return [`http://localhost${at}`, `http://127.0.0.1${at}`, `http://[::1]${at}`];
}

/**
 * CSRF defence in depth (the cookie is SameSite=Strict already): a request that
 * changes something and says it comes from a page must come from the server's
 * public origin (`publicOrigin`, else loopback on the port it listens on) or one
 * listed in `allowedOrigins`. Never from the Host header: anyone can name any
 * host there (a DNS-rebinding page does), so an Origin that matches it proves
 * nothing. Requests without Origin and Sec-Fetch-Site are not from a browser
 * page (curl, scripts) and pass.
 */
export function checkOrigin(publicOrigin: string | null, allowedOrigins: readonly string[]): RequestHandler {
  const configured = [publicOrigin, ...allowedOrigins].filter((o): o is string => !!o).map((o) => o.toLowerCase());
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const loopback = loopbackOrigins(req.socket.localPort ?? 0);
    const own = publicOrigin ?? loopback[0];
    const origin = req.get('origin');
    if (origin !== undefined) {
      const claimed = origin.toLowerCase();
      if (configured.includes(claimed) || loopback.includes(claimed)) return next();
      return next(new HttpError(403, 'cross_origin', `This request came from ${origin.slice(0, 200)}; requests that change something are accepted from ${own} only (an operator can set SEGFLOW_PUBLIC_ORIGIN to the address people use).`));
    }
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return next(new HttpError(403, 'cross_origin', `This request came from a ${site} page; requests that change something are accepted from ${own} only.`));
    next();
  };
}

/** Finds the route's policy and who is asking; 401 unless the route is public or the request is signed in. */
export function authenticate(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    const route = policyFor(req.method, pathOf(req));
    if (route) matched.set(req, route);
    const found = auth.principalOf(req.get('authorization'), readCookie(req.get('cookie'), SESSION_COOKIE));
    const principal = found === 'invalid' ? undefined : found;
    if (principal) principals.set(req, principal);
    // Public routes answer whatever the credentials: a stale token must not fail a health check.
    if (route?.access === 'public' || principal) return next();
    next(new HttpError(401, 'unauthenticated', found === 'invalid' ? 'The API token is not valid: it was revoked, has expired or is mistyped.' : undefined));
  };
}

/**
 * After the body is parsed: 403 below the route's role (or a request rule's), 403
 * for a route express has but the policy table does not, and a 404 for anything
 * else, without ever handing an unmatched request on to the routers. Audited
 * routes are written to the log when they succeed.
 */
export function authorize(ctx: AppContext, app: Express): RequestHandler {
  let unlisted: ReturnType<typeof compileRoute>[] | undefined;
  return (req, res, next) => {
    const route = matched.get(req);
    const principal = principals.get(req);
    if (!route) {
      unlisted ??= listRoutes(app).filter((key) => / \/api\//.test(key) && !(key in POLICY)).flatMap((key) => {
        try {
          return [compileRoute(key)];
        } catch {
          return [];
        }
      });
      if (unlisted.some((p) => matchRoute(p, req.method, pathOf(req))))
        throw new HttpError(403, 'forbidden', `${req.method} ${pathOf(req)} is not in the policy table, so no one may call it.`, { needs: 'nobody' });
      throw new HttpError(404, 'not_found', `No API endpoint ${req.method} ${pathOf(req)}.`);
    }
    if (route.access !== 'public') {
      const role = principal!.user.role;
      if (!roleAtLeast(role, route.access))
        throw new HttpError(403, 'forbidden', `A ${role} may not call ${route.key}: it needs ${route.access} or above.`, { needs: route.access, role });
      for (const rule of REQUEST_RULES)
        if (!roleAtLeast(role, rule.role) && rule.applies[route.key]?.({ body: req.body, params: route.params }, ctx))
          throw new HttpError(403, 'forbidden', `A ${role} may not ${rule.permission}: it needs ${rule.role} or above.`, { needs: rule.role, role });
    }
    const describe = AUDITED_ROUTES[route.key]?.(route.params, ctx);
    if (describe && principal) {
      res.on('finish', () => {
        if (res.statusCode < 200 || res.statusCode >= 300) return;
        const entry = describe();
        ctx.auth.audit.record({ ...entry, actor: actorOf(principal), details: { ...entry.details, ...viaOf(principal) } });
      });
    }
    next();
  };
}

/** The audit log's view of who acted. */
export const actorOf = (principal: Principal) => ({ id: principal.user.id, email: principal.user.email });
/** Acts done with an API token say which one. */
export const viaOf = (principal: Principal) => (principal.tokenId ? { via: 'token', tokenId: principal.tokenId } : {});
