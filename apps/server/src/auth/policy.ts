import { ENDPOINTS, type Access, type RouteKey } from '@segflow/contract';
import type { AppContext } from '../context.ts';
import { roleAtLeast, ROLES, type Role } from './roles.ts';

export type { Access, RouteKey };

/**
 * THE POLICY TABLE: every API route (method and express path) and the least role
 * that may call it, read from the API table in @segflow/contract (ENDPOINTS), where
 * each route is written once with its schemas. A route that is not there is refused
 * to everyone, and test/policy.test.ts fails until it is added, so no route ships open by mistake.
 */
export const POLICY = Object.fromEntries(Object.entries(ENDPOINTS).map(([key, endpoint]) => [key, endpoint.role])) as {
  [K in keyof typeof ENDPOINTS]: (typeof ENDPOINTS)[K]['role'];
};

export interface RequestRule {
  /** A name for the act, in refusals and in the permissions the web app is given. */
  permission: string;
  role: Role;
  /** Route keys, each with whether this request is that act. */
  applies: Partial<Record<RouteKey, (request: { body: unknown; params: Record<string, string> }, ctx: AppContext) => boolean>>;
}

const isPublishedRun = ({ params }: { params: Record<string, string> }, ctx: AppContext) => (ctx.runs.get(params.runId)?.version ?? null) !== null;

/**
 * Where the request, not the route, says what is being done: checked after the
 * route's role, once the body is parsed. Starting, retrying or cancelling a run
 * of a published version acts on what production uses, so it is a publisher's.
 */
export const REQUEST_RULES: readonly RequestRule[] = [
  {
    permission: 'run published versions',
    role: 'publisher',
    applies: {
      'POST /api/workflows/:id/runs': ({ body }) => typeof body === 'object' && body !== null && (body as { version?: unknown }).version !== undefined,
      'POST /api/runs/:runId/retry': isPublishedRun,
      'POST /api/runs/:runId/cancel': isPublishedRun,
    },
  },
];

/** The roles a route admits, spelled out (for tests and for people reading a refusal). */
export const rolesFor = (access: Access): Role[] => (access === 'public' ? [...ROLES] : ROLES.filter((r) => roleAtLeast(r, access)));

/** Everything a role may do: the route keys it may call and the names of the request rules it passes. */
export function permissionsOf(role: Role): string[] {
  const routes = (Object.entries(POLICY) as [RouteKey, Access][]).filter(([, access]) => access === 'public' || roleAtLeast(role, access)).map(([key]) => key);
  return [...routes, ...REQUEST_RULES.filter((rule) => roleAtLeast(role, rule.role)).map((rule) => rule.permission)];
}
