import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY, rolesFor, type Access, type RouteKey } from '../src/auth/policy.ts';
import { listRoutes } from '../src/auth/route-list.ts';
import { ROLES, type Role } from '../src/auth/roles.ts';
import { client, example, startServer, WINBACK_AS_OF, type Client, type SignedIn, type TestServer } from './helpers.ts';

/** A value for each kind of path parameter: real enough to pass the route's checks and reach "not found". */
const SAMPLE_PARAMS: Record<string, string> = { id: 'wf_none', runId: 'run_none', n: '1', m: '2', nodeId: 'node', file: 'segment.csv', name: 'none.csv' };
const concrete = (key: RouteKey) => {
  const [method, path] = key.split(' ');
  return { method, path: path.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? `unknown-param-${name}`) };
};
const apiRoutes = (server: TestServer) => listRoutes(server.segflow.app).filter((key) => / \/api\//.test(key)).sort();
const allowed = (access: Access, role: Role) => rolesFor(access).includes(role);

describe('the policy table', () => {
  let server: TestServer;
  const as = {} as Record<Role, SignedIn>;
  beforeAll(async () => {
    server = await startServer({ signInLimit: { limit: 1000, windowMs: 60_000 } });
    for (const role of ROLES) as[role] = await server.withRole(role);
  });
  afterAll(() => server.close());

  it('covers exactly the routes express has registered', () => {
    expect(apiRoutes(server)).toEqual(Object.keys(POLICY).sort());
  });

  // Each route once without a session and once per role, with sample ids: an allowed call may well be a 400 or 404, never a 401 or 403.
  it.each(Object.keys(POLICY) as RouteKey[])('%s: 401 without a session, 403 below its role, neither at or above', async (key) => {
    const access: Access = POLICY[key];
    const { method, path } = concrete(key);
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    const anonymous = await server.anonymous.request(method, path, body);
    if (access === 'public') expect.soft([401, 403], 'anonymous').not.toContain(anonymous.status);
    else expect.soft(anonymous.body?.error?.code, 'anonymous').toBe('unauthenticated');
    for (const role of ROLES) {
      // Signing out would end the shared session: give it one of its own.
      const caller: Client = key === 'POST /api/auth/logout'
        ? client(server.url, { cookie: `segflow_session=${server.segflow.context.auth.startSession(as[role].user.id)}` })
        : as[role];
      const res = await caller.request(method, path, body);
      if (allowed(access, role)) expect.soft([401, 403], `${role}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
      else {
        expect.soft(res.status, role).toBe(403);
        expect.soft(res.body?.error, role).toMatchObject({ code: 'forbidden', details: { needs: access, role } });
      }
    }
  });

  it('refuses a route the table does not list, even to an admin', async () => {
    const other = await startServer();
    try {
      other.segflow.app.post('/api/forgotten', (_req, res) => void res.json({ reached: true }));
      expect(apiRoutes(other)).toContain('POST /api/forgotten');
      expect(apiRoutes(other)).not.toEqual(Object.keys(POLICY).sort());
      const res = await other.request('POST', '/api/forgotten', {});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/not in the policy table/);
      expect((await other.anonymous.request('POST', '/api/forgotten', {})).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers unknown API paths 404 when signed in and 401 when not, whatever their spelling', async () => {
    expect((await server.request('GET', '/api/nothing/here')).status).toBe(404);
    expect((await server.anonymous.request('GET', '/api/nothing/here')).status).toBe(401);
    for (const path of ['/API/WORKFLOWS', '/api/workflows/', '/api//workflows', '/api/workflows/%2e%2e/users'])
      expect((await server.anonymous.request('GET', path)).status, path).toBe(401);
    // Express matches routes without case and with a trailing slash; the policy does too, so the role still applies.
    expect((await as.viewer.request('POST', '/API/Workflows/', {})).status).toBe(403);
    expect((await as.editor.request('POST', '/API/Workflows/', {})).status).toBe(201);
  });

  it('lets only publishers start, retry or cancel runs of a published version', async () => {
    const { body: workflow } = await server.request('POST', '/api/workflows', { document: example('winback.json') });
    expect((await server.request('POST', `/api/workflows/${workflow.id}/publish`, {})).status).toBe(201);
    const versionRun = { version: 1, asOf: WINBACK_AS_OF, mode: 'sequential' };
    const refused = await as.editor.request('POST', `/api/workflows/${workflow.id}/runs`, versionRun);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/may not run published versions: it needs publisher/);
    const started = await as.publisher.request('POST', `/api/workflows/${workflow.id}/runs`, versionRun);
    expect(started.status).toBe(202);
    expect((await as.editor.request('POST', `/api/runs/${started.body.runId}/cancel`)).status).toBe(403);
    expect((await as.editor.request('POST', `/api/runs/${started.body.runId}/retry`)).status).toBe(403);
    expect([202, 409]).toContain((await as.publisher.request('POST', `/api/runs/${started.body.runId}/cancel`)).status);
    // A draft is an editor's to run and stop.
    const draft = await as.editor.request('POST', `/api/workflows/${workflow.id}/runs`, { asOf: WINBACK_AS_OF, mode: 'sequential' });
    expect(draft.status).toBe(202);
    expect([202, 409]).toContain((await as.editor.request('POST', `/api/runs/${draft.body.runId}/cancel`)).status);
  });

  it('tells the web app what a role may do', async () => {
    const me = (await as.editor.request('GET', '/api/auth/me')).body;
    expect(me.user).toEqual({ id: as.editor.user.id, email: as.editor.user.email, role: 'editor' });
    expect(me.permissions).toContain('PUT /api/workflows/:id');
    expect(me.permissions).not.toContain('POST /api/workflows/:id/publish');
    expect(me.permissions).not.toContain('run published versions');
    expect((await as.publisher.request('GET', '/api/auth/me')).body.permissions).toContain('run published versions');
  });
});
