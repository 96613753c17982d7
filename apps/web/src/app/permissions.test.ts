import { describe, expect, it } from 'vitest';
import type { Me, Role } from '../api/auth.queries.ts';
import { can, canEditDrafts, canRetryRun } from './permissions.ts';

/** What `/api/auth/me` says each role may do, trimmed to the keys these helpers ask about. */
const PERMISSIONS: Record<Role, string[]> = {
  evaluator: ['POST /api/workflows/:id/evaluate', 'GET /api/tokens', 'POST /api/tokens'],
  viewer: ['GET /api/workflows/:id', 'GET /api/tokens', 'POST /api/tokens'],
  editor: ['GET /api/workflows/:id', 'PUT /api/workflows/:id', 'POST /api/workflows/:id/runs', 'POST /api/runs/:runId/retry'],
  publisher: ['PUT /api/workflows/:id', 'POST /api/workflows/:id/publish', 'POST /api/runs/:runId/retry', 'run published versions'],
  admin: ['PUT /api/workflows/:id', 'POST /api/runs/:runId/retry', 'run published versions', 'GET /api/users', 'DELETE /api/datasets/:name'],
};
const as = (role: Role): Me => ({ user: { id: `usr_${role}`, email: `${role}@example.test`, role }, via: 'session', permissions: PERMISSIONS[role] });

describe('permissions', () => {
  it('answers from the permissions the server listed for the user', () => {
    expect(can(as('evaluator'), 'GET /api/workflows/:id')).toBe(false);
    expect(can(as('viewer'), 'GET /api/workflows/:id')).toBe(true);
    expect(can(as('viewer'), 'PUT /api/workflows/:id')).toBe(false);
    expect(can(as('editor'), 'POST /api/workflows/:id/publish')).toBe(false);
    expect(can(as('publisher'), 'POST /api/workflows/:id/publish')).toBe(true);
    expect(can(as('publisher'), 'GET /api/users')).toBe(false);
    expect(can(as('admin'), 'GET /api/users')).toBe(true);
  });

  it('hides nothing without a session: the server decides', () => {
    expect(can(null, 'DELETE /api/datasets/:name')).toBe(true);
    expect(canEditDrafts(null)).toBe(true);
    expect(canRetryRun(null, { version: 3 })).toBe(true);
  });

  it('makes the editor view only below editor', () => {
    expect(canEditDrafts(as('viewer'))).toBe(false);
    for (const role of ['editor', 'publisher', 'admin'] as const) expect(canEditDrafts(as(role)), role).toBe(true);
  });

  it('lets an editor retry a draft run but not a run of a published version', () => {
    expect(canRetryRun(as('viewer'), { version: null })).toBe(false);
    expect(canRetryRun(as('editor'), { version: null })).toBe(true);
    expect(canRetryRun(as('editor'), {})).toBe(true);
    expect(canRetryRun(as('editor'), { version: 2 })).toBe(false);
    expect(canRetryRun(as('publisher'), { version: 2 })).toBe(true);
    expect(canRetryRun(as('admin'), { version: 2 })).toBe(true);
  });
});
