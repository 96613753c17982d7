import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, client, sessionCookie, startServer, type TestServer } from './helpers.ts';

describe('signing in and out', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('sets an httpOnly, SameSite=Strict session cookie, not Secure over plain HTTP', async () => {
    const res = await server.anonymous.request('POST', '/api/auth/login', { email: ADMIN.email.toUpperCase(), password: ADMIN.password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { email: ADMIN.email, role: 'admin' }, via: 'session' });
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^segflow_session=sfs_[\w-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await server.anonymous.request('POST', '/api/auth/login', { email: ADMIN.email, password: 'not-the-password' });
    const unknown = await server.anonymous.request('POST', '/api/auth/login', { email: 'nobody@segflow.test', password: 'not-the-password' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({ code: 'invalid_credentials', message: 'The email or the password is wrong.' });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('ends the session on sign-out, on the server: the old cookie signs in no more', async () => {
    const me = await server.signIn(ADMIN.email, ADMIN.password);
    expect((await me.request('GET', '/api/auth/me')).status).toBe(200);
    const out = await me.request('POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^segflow_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await me.request('GET', '/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
  });

  it('marks the cookie Secure when a trusted proxy says the request came over TLS', async () => {
    const proxied = await startServer({ trustProxy: 'loopback' });
    try {
      const res = await proxied.anonymous.request('POST', '/api/auth/login', ADMIN, { 'x-forwarded-proto': 'https' });
      expect(res.headers.getSetCookie()[0]).toMatch(/; Secure/i);
    } finally {
      await proxied.close();
    }
  });

  it('never sends a password or its hash back', async () => {
    const created = await server.request('POST', '/api/users', { email: 'carol@segflow.test', password: 'carols-password', role: 'viewer' });
    const answers = [created, await server.request('GET', '/api/users'), await server.request('GET', '/api/auth/me'),
      await server.request('PATCH', `/api/users/${created.body.id}`, { password: 'carols-new-password' }), await server.request('GET', '/api/audit')];
    for (const res of answers) {
      expect(res.status).toBeLessThan(300);
      expect(JSON.stringify(res.body)).not.toMatch(/scrypt|carols-|passwordHash|password_hash|"password"/i);
    }
    expect(Object.keys(created.body).sort()).toEqual(['createdAt', 'email', 'id', 'role', 'updatedAt']);
  });

  it('stores passwords as scrypt hashes and sessions as hashes of their secret', () => {
    const db = new Database(join(server.dataDir, 'segflow.sqlite'), { readonly: true });
    try {
      const hashes = db.prepare('SELECT password_hash FROM users').pluck().all() as string[];
      expect(hashes.every((h) => /^scrypt\$65536\$8\$2\$[\w-]+\$[\w-]+$/.test(h))).toBe(true);
      const cookie = server.headers.cookie.split('=')[1];
      expect(db.prepare('SELECT count(*) FROM sessions WHERE secret_hash = ?').pluck().get(cookie)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('signs the user out elsewhere when they change their password', async () => {
    await server.request('POST', '/api/users', { email: 'dave@segflow.test', password: 'daves-password', role: 'editor' });
    const laptop = await server.signIn('dave@segflow.test', 'daves-password');
    const phone = await server.signIn('dave@segflow.test', 'daves-password');
    expect((await laptop.request('PUT', '/api/auth/password', { currentPassword: 'wrong-one', newPassword: 'daves-new-password' })).status).toBe(401);
    expect((await laptop.request('PUT', '/api/auth/password', { currentPassword: 'daves-password', newPassword: 'short' })).status).toBe(400);
    expect((await laptop.request('PUT', '/api/auth/password', { currentPassword: 'daves-password', newPassword: 'daves-new-password' })).status).toBe(204);
    expect((await laptop.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await phone.request('GET', '/api/auth/me')).status).toBe(401);
    await server.signIn('dave@segflow.test', 'daves-new-password');
  });

  it('revokes every session and API token of the user when an admin resets their password', async () => {
    const created = await server.request('POST', '/api/users', { email: 'erin@segflow.test', password: 'erins-password', role: 'editor' });
    const erin = await server.signIn('erin@segflow.test', 'erins-password');
    const { secret } = (await erin.request('POST', '/api/tokens', { name: 'nightly script' })).body;
    const script = client(server.url, { authorization: `Bearer ${secret}` });
    expect((await script.request('GET', '/api/auth/me')).status).toBe(200);

    expect((await server.request('PATCH', `/api/users/${created.body.id}`, { password: 'erins-new-password' })).status).toBe(200);
    const old = await script.request('GET', '/api/auth/me');
    expect(old.status).toBe(401);
    expect(old.body.error.message).toMatch(/revoked/);
    expect((await erin.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await server.request('GET', '/api/auth/me')).status).toBe(200);
    const audit = (await server.request('GET', '/api/audit')).body;
    expect(JSON.stringify(audit)).toMatch(/"tokensRevoked":1/);
  });

  it('keeps the resetting admin signed in when they reset their own password, and revokes their tokens', async () => {
    const own = await startServer();
    try {
      const adminId = own.segflow.context.auth.users.byEmail(ADMIN.email)!.id;
      const { secret } = (await own.request('POST', '/api/tokens', { name: 'mine' })).body;
      const other = await own.signIn(ADMIN.email, ADMIN.password);
      expect((await own.request('PATCH', `/api/users/${adminId}`, { password: 'admin-new-password' })).status).toBe(200);
      expect((await own.request('GET', '/api/auth/me')).status).toBe(200);
      expect((await other.request('GET', '/api/auth/me')).status).toBe(401);
      expect((await client(own.url, { authorization: `Bearer ${secret}` }).request('GET', '/api/auth/me')).status).toBe(401);
    } finally {
      await own.close();
    }
  });
});

describe('the sign-in rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ signInLimit: { limit: 3, windowMs: 60_000 } });
  });
  afterAll(() => server.close());

  it('does not count successful sign-ins', async () => {
    for (let i = 0; i < 4; i++) expect((await server.anonymous.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
  });

  it('refuses every attempt, the right password too, after too many failures', async () => {
    for (let i = 0; i < 3; i++) expect((await server.anonymous.request('POST', '/api/auth/login', { ...ADMIN, password: `guess-${i}` })).status).toBe(401);
    const limited = await server.anonymous.request('POST', '/api/auth/login', ADMIN);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.body.error.message).toMatch(/try again in 1 minute/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Sessions made before go on working.
    expect((await server.request('GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('first start', () => {
  it('makes a one-time setup link when no admin is configured', async () => {
    const server = await startServer({ admin: undefined });
    try {
      const access = server.segflow.firstAccess;
      expect(access.kind).toBe('setup');
      const token = access.kind === 'setup' ? access.token : '';
      expect((await server.anonymous.request('GET', '/api/workflows')).status).toBe(401);
      expect((await server.anonymous.request('GET', '/api/auth/setup')).body).toEqual({ needed: true });
      const account = { email: 'first@segflow.test', password: 'first-password' };
      const wrong = await server.anonymous.request('POST', '/api/auth/setup', { ...account, token: 'setup_guess' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.message).toMatch(/setup token is not valid/);
      const done = await server.anonymous.request('POST', '/api/auth/setup', { ...account, token });
      expect(done.status).toBe(201);
      expect(done.body.user).toMatchObject({ email: account.email, role: 'admin' });
      const admin = client(server.url, { cookie: sessionCookie(done.headers) });
      expect((await admin.request('GET', '/api/users')).body.users).toHaveLength(1);
      const again = await server.anonymous.request('POST', '/api/auth/setup', { email: 'second@segflow.test', password: 'second-password', token });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('setup_done');
      expect((await server.anonymous.request('GET', '/api/auth/setup')).body).toEqual({ needed: false });
    } finally {
      await server.close();
    }
  });

  it('creates the configured admin once, and keeps existing accounts on the next start', async () => {
    const first = await startServer();
    expect(first.segflow.firstAccess).toEqual({ kind: 'admin-created', email: ADMIN.email });
    await first.segflow.close();
    const again = await startServer({ admin: { email: 'other@segflow.test', password: 'other-password' } }, first.dataDir);
    try {
      expect(again.segflow.firstAccess).toEqual({ kind: 'accounts' });
      expect(again.segflow.context.auth.users.list().map((u) => u.email)).toEqual([ADMIN.email]);
    } finally {
      await again.close();
    }
  });
});
