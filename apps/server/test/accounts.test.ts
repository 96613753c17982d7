import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, client, example, startServer, upload, type TestServer } from './helpers.ts';

describe('API tokens', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('are shown once, stored hashed, act with their owner’s role of the moment, and stop when revoked', async () => {
    const editor = await server.withRole('editor');
    const created = await editor.request('POST', '/api/tokens', { name: 'CI' });
    expect(created.status).toBe(201);
    const { secret, token } = created.body;
    expect(secret).toMatch(/^sft_[\w-]{40,}$/);
    expect(token).toMatchObject({ name: 'CI', hint: secret.slice(-4), userId: editor.user.id, expiresAt: null });
    const listed = await editor.request('GET', '/api/tokens');
    expect(listed.body.tokens).toEqual([expect.objectContaining({ id: token.id, name: 'CI' })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const ci = client(server.url, { authorization: `Bearer ${secret}` });
    expect((await ci.request('GET', '/api/auth/me')).body).toMatchObject({ user: { id: editor.user.id, role: 'editor' }, via: 'token' });
    const workflow = await ci.request('POST', '/api/workflows', { document: example('winback.json') });
    expect(workflow.status).toBe(201);
    expect((await ci.request('POST', `/api/workflows/${workflow.body.id}/publish`, {})).status).toBe(403);
    expect((await server.request('PATCH', `/api/users/${editor.user.id}`, { role: 'publisher' })).status).toBe(200);
    expect((await ci.request('POST', `/api/workflows/${workflow.body.id}/publish`, {})).status).toBe(201);
    const audit = (await server.request('GET', '/api/audit')).body.entries;
    expect(audit[0]).toMatchObject({ action: 'workflow.publish', actor: { email: editor.user.email }, details: { via: 'token', tokenId: token.id, version: 1 } });

    expect((await ci.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await ci.request('GET', '/api/auth/me')).status).toBe(200);
    const viewer = await server.withRole('viewer');
    expect((await viewer.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(404);
    expect((await editor.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(204);
    const revoked = await ci.request('GET', '/api/auth/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/token is not valid: it was revoked, has expired or is mistyped/);
  });

  it('stop with their owner, and a mistyped one is no fallback to the cookie', async () => {
    const viewer = await server.withRole('viewer');
    const { secret } = (await viewer.request('POST', '/api/tokens', { name: 'script', expiresInDays: 30 })).body;
    const script = client(server.url, { authorization: `Bearer ${secret}` });
    expect((await script.request('GET', '/api/workflows')).status).toBe(200);
    expect((await script.request('POST', '/api/workflows', {})).status).toBe(403);
    expect((await server.request('GET', '/api/workflows', undefined, { authorization: 'Bearer sft_wrong' })).status).toBe(401);
    expect((await server.request('DELETE', `/api/users/${viewer.user.id}`)).status).toBe(204);
    expect((await script.request('GET', '/api/workflows')).status).toBe(401);
    expect((await viewer.request('GET', '/api/workflows')).status).toBe(401);
  });
});

describe('accounts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('refuses a taken email, a short password and an unknown role with clear messages', async () => {
    const taken = await server.request('POST', '/api/users', { email: ADMIN.email.toUpperCase(), password: 'long-enough', role: 'viewer' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe(`There is an account for ${ADMIN.email} already.`);
    const short = await server.request('POST', '/api/users', { email: 'e@segflow.test', password: 'short', role: 'viewer' });
    expect(short.body.error.message).toBe('The request body is not valid (password): must be at least 8 characters.');
    expect((await server.request('POST', '/api/users', { email: 'e@segflow.test', password: 'long-enough', role: 'owner' })).status).toBe(400);
    expect((await server.request('PATCH', '/api/users/usr_none', { role: 'viewer' })).status).toBe(404);
    expect((await server.request('PATCH', `/api/users/${server.segflow.context.auth.users.byEmail(ADMIN.email)!.id}`, {})).status).toBe(400);
  });

  it('keeps at least one admin', async () => {
    const admin = server.segflow.context.auth.users.byEmail(ADMIN.email)!;
    const demote = await server.request('PATCH', `/api/users/${admin.id}`, { role: 'editor' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_admin');
    expect((await server.request('DELETE', `/api/users/${admin.id}`)).body.error.code).toBe('last_admin');
    const second = await server.request('POST', '/api/users', { email: 'second-admin@segflow.test', password: 'second-admin-pw', role: 'admin' });
    expect((await server.request('PATCH', `/api/users/${second.body.id}`, { role: 'viewer' })).body.role).toBe('viewer');
  });

  it('writes who published, restored, deleted and changed roles to the audit log, for admins only', async () => {
    const publisher = await server.withRole('publisher');
    const { body: workflow } = await publisher.request('POST', '/api/workflows', { document: example('winback.json') });
    expect((await publisher.request('POST', `/api/workflows/${workflow.id}/publish`, { note: 'v1' })).status).toBe(201);
    expect((await publisher.request('POST', `/api/workflows/${workflow.id}/versions/1/restore`, {})).status).toBe(200);
    expect((await publisher.request('POST', `/api/workflows/${workflow.id}/versions/7/restore`, {})).status).toBe(404);
    expect((await publisher.request('DELETE', `/api/workflows/${workflow.id}`)).status).toBe(204);
    expect((await upload({ ...server, url: server.url }, 'POST', '/api/datasets', 'doomed.csv', 'id,x\n1,2\n')).status).toBe(201);
    expect((await server.request('DELETE', '/api/datasets/doomed.csv')).status).toBe(204);
    expect((await server.request('PATCH', `/api/users/${publisher.user.id}`, { role: 'editor' })).status).toBe(200);

    expect((await publisher.request('GET', '/api/audit')).status).toBe(403);
    const { entries } = (await server.request('GET', '/api/audit?limit=6')).body;
    const me = { id: expect.any(String), email: ADMIN.email };
    const them = { id: publisher.user.id, email: publisher.user.email };
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['user.role', 'dataset.delete', 'workflow.delete', 'workflow.restore', 'workflow.publish', 'user.create']);
    expect(entries[0]).toMatchObject({ actor: me, target: publisher.user.id, details: { from: 'publisher', to: 'editor' } });
    expect(entries[1]).toMatchObject({ actor: me, target: 'doomed.csv' });
    expect(entries[2]).toMatchObject({ actor: them, target: workflow.id, details: { name: 'winback' } });
    expect(entries[3]).toMatchObject({ actor: them, target: workflow.id, details: { version: 1 } });
    expect(entries[4]).toMatchObject({ actor: them, target: workflow.id, details: { version: 1 } });
    expect(entries[5]).toMatchObject({ actor: me, action: 'user.create', details: { email: publisher.user.email, role: 'publisher' } });
    const older = (await server.request('GET', `/api/audit?limit=6&before=${entries[5].seq}`)).body.entries;
    expect(older.every((e: { seq: number }) => e.seq < entries[5].seq)).toBe(true);
  });
});
