import type { AppContext } from '../context.ts';
import { roleAtLeast, ROLES, type Role } from './roles.ts';

/** Who may call a route: anyone, or a signed-in user of this role or above. */
export type Access = 'public' | Role;

/**
 * THE POLICY TABLE: every API route (method and express path) and the least role
 * that may call it. A route that is not here is refused to everyone, and
 * test/policy.test.ts fails until it is added, so no route ships open by mistake.
 */
export const POLICY = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/auth/setup': 'public',
  'POST /api/auth/setup': 'public',
  'GET /api/auth/me': 'viewer',
  'POST /api/auth/logout': 'viewer',
  'PUT /api/auth/password': 'viewer',

  // An evaluator account makes the token its site calls evaluate with.
  'GET /api/tokens': 'evaluator',
  'POST /api/tokens': 'evaluator',
  'DELETE /api/tokens/:id': 'evaluator',

  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:id': 'admin',
  'DELETE /api/users/:id': 'admin',
  'GET /api/audit': 'admin',

  // Stored connections and secrets: editors list the names to pick one; only an admin adds or deletes. Values are never answered.
  'GET /api/connections': 'editor',
  'POST /api/connections': 'admin',
  'DELETE /api/connections/:name': 'admin',
  'GET /api/secrets': 'editor',
  'POST /api/secrets': 'admin',
  'DELETE /api/secrets/:name': 'admin',

  // Suppression lists: anyone signed in sees which datasets are lists; only an admin marks or unmarks one.
  'GET /api/suppression-lists': 'viewer',
  'PUT /api/suppression-lists/:name': 'admin',
  'DELETE /api/suppression-lists/:name': 'admin',

  // Validation reads dataset schemas and changes nothing: a viewer sees the problems of what they read.
  'POST /api/validate': 'viewer',

  'GET /api/workflows': 'viewer',
  'GET /api/workflows/:id': 'viewer',
  'GET /api/workflows/:id/export': 'viewer',
  'POST /api/workflows': 'editor',
  'POST /api/workflows/import': 'editor',
  'PUT /api/workflows/:id': 'editor',
  // Deleting takes the versions and run history with it: more than editing a draft.
  'DELETE /api/workflows/:id': 'publisher',

  'POST /api/workflows/:id/preview': 'editor',
  'POST /api/workflows/:id/preview/:nodeId/rows': 'editor',
  'POST /api/workflows/:id/preview/:nodeId/values': 'editor',
  'POST /api/workflows/:id/preview/:nodeId/rule-counts': 'editor',
  'POST /api/workflows/:id/compare': 'editor',
  // One customer at a time (issue #17): a site calls evaluate server to server with an evaluator's token,
  // the one thing that role may do. Explaining shows a customer's values: a viewer's, like reading a segment.
  'POST /api/workflows/:id/evaluate': 'evaluator',
  'POST /api/workflows/:id/explain': 'viewer',
  // Computes the next delivery and sends nothing: as much work as a preview.
  'POST /api/workflows/:id/dry-run': 'editor',

  'GET /api/workflows/:id/versions': 'viewer',
  'GET /api/workflows/:id/versions/:n': 'viewer',
  'GET /api/workflows/:id/versions/:n/diff/:m': 'viewer',
  'POST /api/workflows/:id/publish': 'publisher',
  'POST /api/workflows/:id/versions/:n/restore': 'publisher',

  // Runs of drafts (files only): editor. Runs of published versions, which deliver to webhooks and
  // tables: publisher, for starting, retrying and cancelling alike (see REQUEST_RULES).
  'POST /api/workflows/:id/runs': 'editor',
  'POST /api/runs/:runId/cancel': 'editor',
  'POST /api/runs/:runId/retry': 'editor',
  'GET /api/workflows/:id/runs': 'viewer',
  'GET /api/runs/:runId': 'viewer',
  'GET /api/runs/:runId/events': 'viewer',
  'GET /api/runs/:runId/segments/:file': 'viewer',

  // Schedules start runs of published versions: a publisher's, like starting one by hand.
  'GET /api/workflows/:id/schedules': 'viewer',
  'POST /api/workflows/:id/schedules': 'publisher',
  'GET /api/schedules/describe': 'viewer',
  'GET /api/schedules/:scheduleId': 'viewer',
  'PATCH /api/schedules/:scheduleId': 'publisher',
  'POST /api/schedules/:scheduleId/pause': 'publisher',
  'POST /api/schedules/:scheduleId/resume': 'publisher',
  'DELETE /api/schedules/:scheduleId': 'publisher',
  'GET /api/workflows/:id/history': 'viewer',
  'GET /api/workflows/:id/members/:key': 'viewer',
  'GET /api/runs/:runId/compare/:otherId': 'viewer',
  // Reading an alert marks it read for the team; the settings name where alerts are sent, so changing them is a publisher's.
  'GET /api/alerts': 'viewer',
  'POST /api/alerts/read': 'viewer',
  'POST /api/alerts/:alertId/read': 'viewer',
  'GET /api/workflows/:id/alert-settings': 'viewer',
  'PUT /api/workflows/:id/alert-settings': 'publisher',

  'GET /api/datasets': 'viewer',
  'GET /api/datasets/:name': 'viewer',
  'POST /api/datasets': 'editor',
  // Replacing a dataset changes what published versions read.
  'PUT /api/datasets/:name': 'publisher',
  'DELETE /api/datasets/:name': 'admin',
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof POLICY;

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
