import type { Me } from '../api/auth.queries.ts';

/**
 * Whether the signed-in user may do something, asked with the server's own
 * names: a route key from its policy table (`PUT /api/workflows/:id`) or a
 * request rule (`run published versions`). `/api/auth/me` lists the ones the
 * user's role passes, so the UI never keeps a second copy of the policy. Without
 * a session (component tests, a server without accounts) nothing is hidden: the
 * server still decides.
 *
 * @example can(me, 'POST /api/workflows/:id/publish')
 */
export const can = (me: Me | null, permission: string): boolean => !me || me.permissions.includes(permission);

/** Changing a draft: its steps, settings, name and layout. Below this the editor is view only. */
export const canEditDrafts = (me: Me | null) => can(me, 'PUT /api/workflows/:id');

/**
 * Retrying a run takes what starting it took: a run of a published version
 * delivers to production, so it is a publisher's.
 */
export const canRetryRun = (me: Me | null, run: { version?: number | null }) =>
  can(me, 'POST /api/runs/:runId/retry') && (run.version === null || run.version === undefined || can(me, 'run published versions'));
